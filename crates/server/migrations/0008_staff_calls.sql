-- A kiosk calling a member of staff to the resident in front of it (呼叫工作人员).
-- Append-only: add a new migration, never edit this one.
CREATE TABLE staff_calls (
    id TEXT PRIMARY KEY NOT NULL,
    place TEXT NOT NULL,
    status TEXT NOT NULL,         -- waiting | coming | cancelled
    created_at TEXT NOT NULL,
    note TEXT                     -- LocalizedText JSON, what the staff said when answering
) STRICT;
CREATE INDEX staff_calls_waiting ON staff_calls (status, created_at);
