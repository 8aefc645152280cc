-- Several orchestrators, one owner per batch: a batch belongs to the orchestrator that the Kafka
-- consumer group assigns its batch-commands partition to. One row per partition fences dispatch:
--   owner, epoch   who holds the partition now; a new owner raises the epoch, and an ex-owner's
--                  claim transaction, which reads its row FOR SHARE, sees the epoch move and stops
--   released       the last owner handed it over cleanly (its sends all acknowledged); when not,
--                  the new owner re-sends the partition's items still dispatched and not started
CREATE TABLE dispatch_owners (
    partition   int         PRIMARY KEY,
    owner       text        NOT NULL,
    epoch       bigint      NOT NULL,
    released    boolean     NOT NULL,
    acquired_at timestamptz NOT NULL DEFAULT now()
);
