-- Life events, departments and bundles (一件事) of the catalogue; form version lifecycle.
-- Append-only: add a new migration, never edit this one.
CREATE TABLE life_events (
    code TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL            -- LifeEvent JSON
) STRICT;

CREATE TABLE departments (
    code TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL            -- Department JSON
) STRICT;

CREATE TABLE bundles (
    code TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL            -- Bundle JSON
) STRICT;

-- A retiring form version is accepted until this RFC 3339 date-time; NULL otherwise.
ALTER TABLE forms ADD COLUMN accepted_until TEXT;
ALTER TABLE forms ADD COLUMN published_at TEXT;
