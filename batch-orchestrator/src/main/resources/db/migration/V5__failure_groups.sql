-- Failure groups: a failed item's error code and message signature, hashed to 16 hex digits by
-- FailureGroup in common-events (the gateway's progress topology computes the same key). Set
-- whenever an item fails for good; left as it was when the item is retried, as it no longer
-- counts once the item is not failed. Items that failed before this column existed have none and
-- are reported as the group "ungrouped".
ALTER TABLE batch_items
    ADD COLUMN failure_group varchar(16);

-- The failures report (one GROUP BY per batch) and a retry of one group (its items by index)
-- read failed items only: a partial index stays as small as the failures. Item updates already
-- change status, which the pending index's predicate reads, so this costs no HOT updates.
CREATE INDEX batch_items_failure_group ON batch_items (batch_id, failure_group, idx) WHERE status = 'failed';

-- A retry-failed of one group still re-queuing (with requeue_from): the group it is limited to.
ALTER TABLE batch_jobs
    ADD COLUMN requeue_group varchar(16);
