-- The W3C traceparent of the command that created the batch, so the work done for it later on other
-- threads (the slicer's batch.started, the dispatcher's item-dispatch records, the recorder's
-- batch.completed) continues the batch's one trace; and of each outbox row, written in the span
-- that appended it (or the batch's when none was in scope), which the relay continues on send.
-- Null for batches and rows written before it existed: they go out in traces of their own, as before.
ALTER TABLE batch_jobs
    ADD COLUMN traceparent text;

ALTER TABLE outbox
    ADD COLUMN traceparent text;
