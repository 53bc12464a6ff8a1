-- Following cases (办件): each submitted case's event feed, cached so its timeline shows offline.
-- Append-only: add a new migration, never edit this one. Numbered 0010 (not the next free number)
-- so that it cannot clash with migrations written in parallel on other branches; sqlx applies
-- each missing migration whatever its number.
--
-- Events carry no personal answers (the backend guarantees it), so they are stored as sent. The
-- rating's comment is the resident's own words and is sealed like answers (place: the case).

-- One row per case the app follows: its status as the backend last said, when it was last asked,
-- and the last event the resident has been shown (seen_seq), so news is told until it is seen.
CREATE TABLE case_cache (
    case_number TEXT PRIMARY KEY NOT NULL,
    service_code TEXT NOT NULL,
    status TEXT NOT NULL,             -- CaseStatus, kebab-case as on the wire
    refreshed_at TEXT NOT NULL,       -- RFC 3339
    seen_seq INTEGER NOT NULL DEFAULT 0,
    rating TEXT                       -- sealed Rating JSON once the case was rated
) STRICT;

-- The feed, append-only like the backend's: (case, seq) never changes once written.
CREATE TABLE case_event_cache (
    case_number TEXT NOT NULL REFERENCES case_cache (case_number) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,               -- CaseEvent JSON
    PRIMARY KEY (case_number, seq)
) STRICT;
