-- Sign-in and prefill. Append-only: add a new migration, never edit this one.

-- Answers filled from the signed-in resident's government records (GET /v1/profile), shown as
-- "from your government records" until the resident changes them. The values themselves are
-- ordinary sealed rows of `answers`; this table only marks them.
CREATE TABLE prefilled_answers (
    draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    PRIMARY KEY (draft_id, link_id)
) STRICT;

-- Who submitted an application that waits in the outbox: the opaque resident id of the session
-- (never a name, ID number or token). The outbox signs a send with that resident's session only,
-- so one resident's application is never filed under the next resident's session on a shared
-- machine; without it (signed out, or another resident signed in) it is sent without a token.
CREATE TABLE outbox_senders (
    draft_id TEXT PRIMARY KEY NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL
) STRICT;
