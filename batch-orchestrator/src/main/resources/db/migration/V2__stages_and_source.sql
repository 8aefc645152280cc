-- Stages (uploading, parsing, queued, processing, finalizing, completed, failed, cancelled) and the
-- uploaded file a batch was created from. The stage moves with the batch.stage events the
-- orchestrator writes to its outbox; null for a JSON batch before its seal and for batches sealed
-- before stages existed (those get no stage events). source is the create command's FileSource
-- (null for a JSON batch), kept so the upload stage and the report of skipped lines outlive the upload.

ALTER TABLE batch_jobs
    ADD COLUMN stage  varchar(32),
    ADD COLUMN source jsonb;
