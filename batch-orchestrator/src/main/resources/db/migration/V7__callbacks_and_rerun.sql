-- Completion callbacks. A batch's callbacks are stored with it (the secret too: the orchestrator
-- signs with it; no read API returns it). A delivery is one event for one callback, inserted in
-- the transaction of the status change it reports (an outbox of its own), so it exists exactly
-- when the change was committed and is sent at least once, across restarts. Its body is stored
-- as sent, so the signature covers exactly these bytes and a resend sends the same event.
CREATE TABLE batch_callbacks (
    batch_id uuid          NOT NULL REFERENCES batch_jobs (id),
    position int           NOT NULL,
    url      varchar(2000) NOT NULL,
    events   varchar(16)[] NOT NULL,
    secret   varchar(200),
    PRIMARY KEY (batch_id, position)
);

CREATE TABLE callback_deliveries (
    id              uuid        PRIMARY KEY,
    batch_id        uuid        NOT NULL,
    position        int         NOT NULL,
    event           varchar(16) NOT NULL,
    body            text        NOT NULL,
    -- pending (due at next_attempt_at), delivered, failed (given up at give_up_at)
    status          varchar(16) NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- the instance's claim on an attempt under way; next_attempt_at is then the claim's lease, after
    -- which another instance may take the delivery (its sender died)
    claim           uuid,
    created_at      timestamptz NOT NULL,
    give_up_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    FOREIGN KEY (batch_id, position) REFERENCES batch_callbacks (batch_id, position)
);

-- What the delivery thread claims: pending deliveries by due time.
CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX callback_deliveries_batch ON callback_deliveries (batch_id, position, created_at);

CREATE TABLE callback_attempts (
    delivery_id  uuid        NOT NULL REFERENCES callback_deliveries (id),
    attempt      int         NOT NULL,
    attempted_at timestamptz NOT NULL,
    http_status  int,
    error        varchar(500),
    duration_ms  bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Run again: a new batch created from another is filled by copying the other's items in slices
-- (the slicer, as for cancel and retry-failed), so a million-item batch runs again without a
-- statement that outlasts the command's reply. While set, the batch is being filled from that
-- batch; the copy goes on from the new batch's highest index, and seals the batch when done.
ALTER TABLE batch_jobs
    ADD COLUMN copy_from uuid;
