-- Life-event bundles (一件事一次办): several drafts run as one journey. Append-only: add a new
-- migration, never edit this one.
--
-- A journey belongs to a party (the computer's own user, or a kiosk / assisted-service session:
-- wiped with it). `bundle` is the Bundle JSON as the backend published it when the journey began
-- (its names, its services, the linkIds asked once): public catalogue data, not sealed. The
-- answers themselves live in each draft's sealed `answers`, one copy per draft, so each
-- submission stays the draft's own (its Idempotency-Key is the draft id).
CREATE TABLE bundle_journeys (
    id TEXT PRIMARY KEY NOT NULL,
    party TEXT NOT NULL,
    code TEXT NOT NULL,
    bundle TEXT NOT NULL,
    created_at TEXT NOT NULL,
    submitted_at TEXT                 -- set when the one "Send" queued every draft of it
) STRICT;
CREATE INDEX bundle_journeys_by_party ON bundle_journeys (party, code);

-- The drafts of a journey, in the bundle's order. A draft deleted (a kiosk visit wiped, an
-- accepted kiosk submission) leaves its journey.
CREATE TABLE bundle_drafts (
    bundle_id TEXT NOT NULL REFERENCES bundle_journeys (id) ON DELETE CASCADE,
    draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (bundle_id, draft_id)
) STRICT;
CREATE INDEX bundle_drafts_by_draft ON bundle_drafts (draft_id);
