-- The app's local store. Append-only: add a new migration, never edit this one.

-- The catalogue as last fetched, for offline use; revalidated with its ETag.
CREATE TABLE catalogue_cache (
    code TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL                -- ServiceItem JSON
) STRICT;

CREATE TABLE cache_meta (
    name TEXT PRIMARY KEY NOT NULL,   -- e.g. 'catalogue-etag'
    value TEXT NOT NULL
) STRICT;

-- Form definitions are immutable per (url, version), so a cached one never goes stale.
CREATE TABLE form_cache (
    url TEXT NOT NULL,
    version TEXT NOT NULL,
    body TEXT NOT NULL,               -- Questionnaire JSON
    PRIMARY KEY (url, version)
) STRICT;

-- A draft application, pinned to the form version it was started on. Its id is created with it and
-- is the Idempotency-Key of its submission.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY NOT NULL,
    service_code TEXT NOT NULL,
    service TEXT NOT NULL,            -- ServiceItem JSON as it was when the draft began
    form_url TEXT NOT NULL,
    form_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    case_number TEXT,
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX drafts_by_update ON drafts (updated_at DESC);

-- Each answer as typed, committed before the UI is told it is saved.
CREATE TABLE answers (
    draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, link_id)
) STRICT;
