-- Shared limits (orchestrator.limits.<name>, named by a batch's options.limit). Their bounds live in
-- the configuration; what several orchestrator instances must agree on lives here, in one row per
-- limit that the dispatcher locks for the tick that dispatches for it:
--   tokens, refilled_at  the perSecond token bucket (refilled from refilled_at on every read)
--   blocked_until        an upstream's Retry-After: nothing is dispatched for the limit before then
-- The in-flight count is not stored: it is the sum of the in_flight counters of the limit's batches.
CREATE TABLE dispatch_limits (
    name          text             PRIMARY KEY,
    tokens        double precision NOT NULL DEFAULT 1,
    refilled_at   timestamptz      NOT NULL DEFAULT now(),
    blocked_until timestamptz
);

-- The batches of a limit, for its in-flight sum on every tick that dispatches for it. options never
-- changes after create, so this index costs the counters' updates nothing (they stay HOT).
CREATE INDEX batch_jobs_limit ON batch_jobs ((options ->> 'limit')) WHERE options ->> 'limit' IS NOT NULL;
