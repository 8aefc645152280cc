-- Items filtered by label text (GET .../items?label=, case-insensitive substring). A substring
-- match cannot use a btree; a trigram GIN index serves ILIKE '%text%' for text of three or more
-- characters, and the planner ANDs it with the batch's rows. Labels are written once, at append
-- (GIN's pending list batches those inserts). pg_trgm ships with PostgreSQL's contrib modules and
-- is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX batch_items_label_trgm ON batch_items USING gin (label gin_trgm_ops);
