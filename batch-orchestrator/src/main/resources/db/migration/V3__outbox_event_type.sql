-- The event's type, sent as the batchpulse-type header so consumers can skip what they do not
-- need without parsing it (e.g. a gateway waiting for command outcomes skips every item event).
-- Null for rows written before it existed: they go out without the header, as before.

ALTER TABLE outbox
    ADD COLUMN event_type varchar(64);
