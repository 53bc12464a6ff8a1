-- Supplements (补正): a draft may answer a case's request for more material instead of applying
-- for a service. Append-only: add a new migration, never edit this one.
--
-- A supplement draft is a draft like any other (answers sealed, attachments, its party, its
-- outbox row keyed by its own id = its own Idempotency-Key), whose questions are built from the
-- request (one attachment question per material asked for) and whose submission goes to
-- POST /v1/applications/{supplement_for}/supplements. Listed under its case, never among the
-- resident's applications.
ALTER TABLE drafts ADD COLUMN supplement_for TEXT;     -- the case whose request it answers; NULL: an application
ALTER TABLE drafts ADD COLUMN supplement_seq INTEGER;  -- the seq of the needs-material event it answers
CREATE INDEX drafts_by_supplement ON drafts (supplement_for, supplement_seq);
