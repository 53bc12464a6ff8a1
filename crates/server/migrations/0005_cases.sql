-- Following cases: event feeds, supplements, withdrawals, ratings, notifications and reminders,
-- 12345 requests. Append-only: add a new migration, never edit this one.

-- Who owns a case: the resident signed in when it was submitted. Cases submitted anonymously
-- have no row (they are followed by case number alone). Read only through cases::owner_of.
CREATE TABLE case_owners (
    case_number TEXT PRIMARY KEY NOT NULL,
    resident_id TEXT NOT NULL
) STRICT;
CREATE INDEX case_owners_resident ON case_owners (resident_id);

-- The append-only event feed of each case; cases.status is the status of its last event.
CREATE TABLE case_events (
    case_number TEXT NOT NULL,
    seq INTEGER NOT NULL,         -- 1, 2, 3, ... per case
    at TEXT NOT NULL,             -- RFC 3339
    body TEXT NOT NULL,           -- CaseEvent JSON (no personal answers)
    PRIMARY KEY (case_number, seq)
) STRICT;

-- What the resident sent for a needs-material request (补正): personal, never in the feed.
CREATE TABLE supplements (
    case_number TEXT NOT NULL,
    seq INTEGER NOT NULL,         -- the seq of its supplemented event
    response TEXT,                -- QuestionnaireResponse JSON, when a form was asked for
    uploads TEXT NOT NULL,        -- SupplementUpload JSON array
    PRIMARY KEY (case_number, seq)
) STRICT;

CREATE TABLE withdrawals (
    case_number TEXT PRIMARY KEY NOT NULL,
    reason TEXT,                  -- the resident's words, for the department only
    at TEXT NOT NULL
) STRICT;

-- 好差评: one per case or 12345 request (the primary key makes a second one impossible).
CREATE TABLE ratings (
    subject_kind TEXT NOT NULL,   -- case | hotline
    subject_id TEXT NOT NULL,     -- case number or 12345 request id
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (subject_kind, subject_id)
) STRICT;

-- A resident's notifications; the id is the cursor.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL            -- Notification JSON without id and cursor
) STRICT;
CREATE INDEX notifications_resident ON notifications (resident_id, id);

CREATE TABLE notification_acks (
    resident_id TEXT PRIMARY KEY NOT NULL,
    up_to INTEGER NOT NULL        -- notifications.id; only ever grows
) STRICT;

-- 12345 requests (接诉即办).
CREATE TABLE hotline_requests (
    id TEXT PRIMARY KEY NOT NULL,
    resident_id TEXT,             -- the signed-in resident who raised it, if any
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    photos TEXT NOT NULL,         -- JSON array of upload ids
    anonymous INTEGER NOT NULL,
    contact_mobile TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX hotline_requests_resident ON hotline_requests (resident_id, created_at);

CREATE TABLE hotline_events (
    request_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,           -- HotlineEvent JSON
    PRIMARY KEY (request_id, seq)
) STRICT;

-- Cases filed before this migration were never moved on: each gets its submitted event.
INSERT INTO case_events (case_number, seq, at, body)
SELECT case_number, 1, submitted_at,
       json_object('seq', 1, 'at', submitted_at, 'status', 'submitted', 'kind', 'submitted')
FROM cases;
