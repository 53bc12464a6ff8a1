-- Proactive reminders (未诉先办) from the signed-in resident's notification feed, cached so they
-- show offline. Append-only: add a new migration, never edit this one.
--
-- One row per reminder per party (the computer's own user, or a kiosk / assisted-service
-- session: wiped with it) and per resident (the opaque resident id of the session, never a name
-- or ID number): two residents signing in on one computer never see each other's. The
-- notification itself (title, text, due date, the service to start) is sealed: an ID card's
-- expiry is personal. `state` is what the resident did: 'due' (shown on Home), 'dismissed' or
-- 'started'; `acked` is 1 once the backend was told (POST /v1/notifications/ack).
CREATE TABLE reminder_cache (
    party TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    id TEXT NOT NULL,                 -- the notification's id
    cursor TEXT NOT NULL,             -- its place in the feed
    position INTEGER NOT NULL,        -- feed order (the backend's cursors are opaque)
    body TEXT NOT NULL,               -- sealed Notification JSON (place: party, resident, id)
    state TEXT NOT NULL DEFAULT 'due' CHECK (state IN ('due', 'dismissed', 'started')),
    acked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (party, subject_id, id)
) STRICT;
