-- Where a batch's key puts it on batch-commands (murmur2, as the producer partitions it) and of how
-- many partitions, written when the batch is created: an orchestrator selects the running batches
-- of its own partitions in SQL instead of reading every running batch each tick and dropping the
-- others. Rows from before, and rows keyed under another partition count, have it NULL or stale;
-- the orchestrator still reads those and decides in Java, so they are never lost to a filter.
ALTER TABLE batch_jobs ADD COLUMN command_partition int, ADD COLUMN command_partitions int;

CREATE INDEX batch_jobs_running_partition ON batch_jobs (command_partition) WHERE status = 'running';
