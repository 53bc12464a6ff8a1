-- Attachments (材料): files the resident added to a draft's attachment questions.
-- Append-only: add a new migration, never edit this one.
--
-- The answer to an attachment question is a list of local attachment ids (this table's `id`).
-- The file's bytes and its name are personal data: both are sealed (XChaCha20-Poly1305, place =
-- "attachment" + id) like answers. The row belongs to its draft, and so to the draft's party:
-- deleting a draft (a kiosk session's wipe) deletes its attachments. A submission still on its
-- way keeps its attachments until the backend accepted it.
--
-- Before the outbox sends an application, each attachment is uploaded through /v1/uploads
-- (resumable): `upload_id` is recorded as soon as the backend created the upload, so a retry
-- after a crash asks the backend how far it got and continues from there; `uploaded` once the
-- backend verified its sha256. Once the application is accepted the bytes are deleted
-- (`bytes` NULL); the name, size and type stay for the resident's record.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    file_name TEXT NOT NULL,          -- sealed
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,             -- sealed (a fingerprint of a personal document)
    material_code TEXT NOT NULL,      -- the form's material code of the question
    bytes BLOB,                       -- sealed; NULL once the application was accepted
    upload_id TEXT,                   -- the backend's upload, once created
    uploaded INTEGER NOT NULL DEFAULT 0 CHECK (uploaded IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_draft ON attachments (draft_id, link_id);
