-- HOT updates on batch_items: the partial indexes name stored generated flags instead of status.
--
-- PostgreSQL makes an UPDATE HOT (no new index entries, the new version chained on the same page)
-- only when no column an index uses changed, and a partial index's predicate counts as use. Until
-- now status was in three predicates (pending, in-flight lease, failure group) and lease_expires_at
-- was an index key, so no item update was HOT: the start, and every item.progress lease renewal,
-- wrote a new entry into every index of the table. A stored generated column is compared like any
-- other column: it changes only when its value does. With the indexes on the flags below, only the
-- moves that change a flag are non-HOT (the claim: queued goes false; the result: in_flight goes
-- false, failed may go true), while dispatched -> in_progress and every lease renewal keep every
-- flag and key and can be HOT (checked on PostgreSQL 17; numbers in BENCHMARKS.md, "HOT updates
-- with generated flags (V12)").
--
-- The planner cannot see that "status = 'pending'" implies "queued": every statement that wants a
-- partial index names its flag as well as the status (see ItemFlags in the item package).
--
-- Upgrade cost: adding a STORED generated column rewrites the whole table (a new heap file, every
-- index rebuilt) under an ACCESS EXCLUSIVE lock, and the CREATE INDEXes below block writes while
-- they run. The three columns are added in one ALTER so the table is rewritten once; still, on a
-- large batch_items (tens of millions of rows) plan this as downtime of the order of a full
-- table copy plus index builds (minutes), with twice the table's size free on disk during the
-- rewrite. Flyway runs this when the first upgraded orchestrator starts; any other orchestrator's
-- statements on batch_items wait for the lock meanwhile, so upgrade with all of them stopped.
ALTER TABLE batch_items
    ADD COLUMN queued    boolean GENERATED ALWAYS AS (status = 'pending') STORED,
    ADD COLUMN in_flight boolean GENERATED ALWAYS AS (status IN ('dispatched', 'in_progress')) STORED,
    ADD COLUMN failed    boolean GENERATED ALWAYS AS (status = 'failed') STORED;

-- What the dispatcher claims next and what a cancel slice takes: the lowest pending indexes.
DROP INDEX batch_items_pending;
CREATE INDEX batch_items_pending ON batch_items (batch_id, idx) WHERE queued;

-- What the lease sweep looks at: items out with a worker, per batch. lease_expires_at is no longer
-- an index key (a renewal must not touch an index); the sweep filters the batch's in-flight rows,
-- at most the batches' maxInFlight of them, by lease.
DROP INDEX batch_items_in_flight_lease;
CREATE INDEX batch_items_in_flight ON batch_items (batch_id) WHERE in_flight;

-- The failures report and a retry of failed items (one group or all).
DROP INDEX batch_items_failure_group;
CREATE INDEX batch_items_failure_group ON batch_items (batch_id, failure_group, idx) WHERE failed;

-- A HOT update needs room for the new version on the row's own page. Claims and results move
-- whole runs of neighbouring items at once, so a page's rows are often rewritten by one statement;
-- at fillfactor 85 (V4) a third of the starts and renewals found their page full (10,000 items
-- with heartbeats: 12,500 HOT updates at 85, 18,416 at 70 of about 19,000 that could be, and a heap
-- 30 % smaller at 70 because fewer versions spill to new pages; 50 gained nothing over 70). Set
-- after the rewrite above: it applies to pages filled from now on, so the finished items of an
-- upgraded table are not spread out for nothing.
ALTER TABLE batch_items SET (fillfactor = 70);
