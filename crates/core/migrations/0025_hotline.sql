-- 12345 requests (接诉即办). Append-only: add a new migration, never edit this one. Numbered 0025
-- as assigned, so that it cannot clash with migrations written in parallel on other branches.
--
-- A 12345 request is asked like an application (a draft of the service whose form is
-- `citizen-request`, answers sealed, photos as attachments), waits in the same outbox, and is sent
-- to POST /v1/hotline-requests instead of /v1/applications: `kind` says where a row goes. The
-- request's id from the backend is kept where a case number is (drafts.case_number,
-- outbox.case_number).
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'application'
    CHECK (kind IN ('application', 'hotline'));

-- One row per 12345 request the app follows: its status as the backend last said, when it was
-- last asked, the last event the resident has been shown, and the rating (sealed: the comment is
-- the resident's own words; place: "hotline-rating" + id).
CREATE TABLE hotline_cache (
    id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL,             -- HotlineStatus, kebab-case as on the wire
    refreshed_at TEXT NOT NULL,       -- RFC 3339
    seen_seq INTEGER NOT NULL DEFAULT 0,
    rating TEXT
) STRICT;

-- The feed, append-only like the backend's. Notes are the hotline's and the office's words
-- (what was done, the reply), never the resident's answers.
CREATE TABLE hotline_event_cache (
    id TEXT NOT NULL REFERENCES hotline_cache (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,               -- HotlineEvent JSON
    PRIMARY KEY (id, seq)
) STRICT;
