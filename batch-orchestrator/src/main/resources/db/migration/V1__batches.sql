-- Batches, their items, the commands already applied and the transactional outbox.
-- Counters on batch_jobs are maintained from the item rows that really changed state
-- (UPDATE ... RETURNING), so they never drift from the rows and are cheap to read.

CREATE TABLE batch_jobs (
    id            uuid         PRIMARY KEY,
    name          varchar(200) NOT NULL,
    owner         varchar(200) NOT NULL,
    processor     varchar(100) NOT NULL,
    config        jsonb,
    options       jsonb        NOT NULL,
    status        varchar(32)  NOT NULL,
    status_reason varchar(64),
    total         bigint       NOT NULL DEFAULT 0,
    sealed        boolean      NOT NULL DEFAULT false,
    pending       bigint       NOT NULL DEFAULT 0,
    in_flight     bigint       NOT NULL DEFAULT 0,
    completed     bigint       NOT NULL DEFAULT 0,
    failed        bigint       NOT NULL DEFAULT 0,
    cancelled     bigint       NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    version       bigint       NOT NULL DEFAULT 0
);

CREATE INDEX batch_jobs_owner_created ON batch_jobs (owner, created_at DESC);
CREATE INDEX batch_jobs_created ON batch_jobs (created_at DESC);
-- The dispatcher and the deadline check look at running batches only, many times a second.
CREATE INDEX batch_jobs_running ON batch_jobs (id) WHERE status = 'running';

CREATE TABLE batch_items (
    id               uuid         PRIMARY KEY,
    batch_id         uuid         NOT NULL REFERENCES batch_jobs (id),
    idx              bigint       NOT NULL,
    label            varchar(500),
    payload          jsonb        NOT NULL,
    status           varchar(32)  NOT NULL,
    attempt          int          NOT NULL DEFAULT 0,
    -- attempts spent before the current budget: retry-failed sets it to attempt, so attempt
    -- numbers keep rising (readers of batch-events order an item's events by attempt) while the
    -- item still gets maxAttempts fresh tries
    attempt_base     int          NOT NULL DEFAULT 0,
    not_before       timestamptz,
    lease_expires_at timestamptz,
    worker_id        varchar(200),
    result           jsonb,
    score            double precision,
    error            jsonb,
    dispatched_at    timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    CONSTRAINT batch_items_batch_idx UNIQUE (batch_id, idx)
);

-- What the dispatcher picks next: the lowest pending indexes of a batch.
CREATE INDEX batch_items_pending ON batch_items (batch_id, idx) WHERE status = 'pending';
-- What the lease sweeper looks at: items out with a worker, by lease expiry.
CREATE INDEX batch_items_in_flight_lease ON batch_items (lease_expires_at)
    WHERE status IN ('dispatched', 'in_progress');
-- The read API filters a batch's items by status, ordered by index.
CREATE INDEX batch_items_batch_status_idx ON batch_items (batch_id, status, idx);

CREATE TABLE processed_commands (
    command_id   uuid        PRIMARY KEY,
    batch_id     uuid,
    processed_at timestamptz NOT NULL
);

CREATE TABLE outbox (
    id         bigserial    PRIMARY KEY,
    topic      varchar(255) NOT NULL,
    msg_key    varchar(255),
    payload    bytea        NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);
