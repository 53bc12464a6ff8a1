-- The reference backend's own store. Append-only: add a new migration, never edit this one.
CREATE TABLE services (
    code TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL            -- ServiceItem JSON
) STRICT;

CREATE TABLE forms (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,         -- active | retiring | retired
    body TEXT NOT NULL,           -- Questionnaire JSON, immutable once published
    PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE cases (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_number TEXT NOT NULL UNIQUE,
    service_code TEXT NOT NULL,
    form_url TEXT NOT NULL,
    form_version TEXT NOT NULL,
    response TEXT NOT NULL,       -- QuestionnaireResponse JSON
    status TEXT NOT NULL,
    submitted_at TEXT NOT NULL
) STRICT;

-- Idempotency-Key records: a retry with the same key and body gets the stored response again.
CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY NOT NULL,
    request_sha256 TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
