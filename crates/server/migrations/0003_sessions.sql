-- Sign-in sessions. Append-only: add a new migration, never edit this one.
-- The bearer token itself is never stored: only its sha256, so a copied database grants nothing.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,           -- resident | staff | kiosk
    subject TEXT NOT NULL,        -- resident id, staff id or kiosk device id
    created_at TEXT NOT NULL,     -- RFC 3339
    expires_at TEXT NOT NULL      -- RFC 3339; a session past it is refused with session-expired
) STRICT;
CREATE INDEX sessions_subject ON sessions (kind, subject);
