-- Cancel and retry-failed in slices, and the storage settings of batch_items.
--
-- requeue_from: a retry-failed still re-queuing the batch's failed items, lowest index first;
-- the failed items from this index on are still to be made pending (null: nothing outstanding).
-- A cancel needs no such column: a cancelled batch with pending items left is the work itself.
ALTER TABLE batch_jobs
    ADD COLUMN requeue_from bigint;

-- The read API's (batch_id, status, idx) index is dropped: it took a new entry on every item
-- update (each one changes status, so none is a HOT update), and the listing it served is a walk
-- of the batch by (batch_id, idx) — the unique index — filtered by status, or the pending index
-- for status=pending. The two partial indexes stay: the dispatcher's claim and the lease sweep
-- cannot do without them.
DROP INDEX batch_items_batch_status_idx;

-- Room on each page for the new versions of its rows: an item is updated three times or more
-- (claim, start, result), and with free space on its page the new version stays next to the
-- old one instead of extending the table; an update that changes no indexed column is HOT there.
ALTER TABLE batch_items SET (fillfactor = 85);

-- batch_items churns: every item row is rewritten 3+ times within seconds of its insert. The
-- defaults (vacuum at 20 % dead rows, analyze at 10 %) let a 10-million-row table collect two
-- million dead versions before a vacuum; vacuum and analyze early, and let the vacuum work faster.
ALTER TABLE batch_items SET (
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_insert_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_limit = 2000,
    autovacuum_vacuum_cost_delay = 2
);
