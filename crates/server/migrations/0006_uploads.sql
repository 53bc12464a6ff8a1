-- Resumable, content-addressed uploads (attachments). Append-only: add a new migration, never
-- edit this one. The bytes live here too, as parts, so the server's data stays one file.
CREATE TABLE uploads (
    id TEXT PRIMARY KEY NOT NULL,     -- random, unguessable; what an attachment answer names
    sha256 TEXT NOT NULL,             -- declared, lowercase hex; verified at completion
    size INTEGER NOT NULL,            -- declared, bytes
    mime_type TEXT NOT NULL,
    material_code TEXT NOT NULL,
    file_name TEXT NOT NULL,
    owner_kind TEXT,                  -- resident | staff | kiosk; NULL when sent anonymously
    owner_subject TEXT,
    received INTEGER NOT NULL DEFAULT 0,  -- bytes stored so far: the next part's Upload-Offset
    complete INTEGER NOT NULL DEFAULT 0,  -- 1 once every byte arrived and the sha256 matched
    created_at TEXT NOT NULL,         -- RFC 3339
    completed_at TEXT
) STRICT;
CREATE INDEX uploads_content ON uploads (sha256, size, complete);

-- One row per part, at its byte offset in the file; the parts of an upload tile [0, received).
CREATE TABLE upload_parts (
    upload_id TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (upload_id, start)
) STRICT;
