-- The outbox, and personal data sealed at rest. Append-only: add a new migration, never edit this one.
--
-- From this migration on, answers.value holds a sealed value ("xc1:" + hex of the XChaCha20-Poly1305
-- nonce, ciphertext and tag; associated data = draft id + link id) instead of plain JSON. Rows
-- written before are sealed by Store::open right after migrating (SQL cannot encrypt); the key
-- check value in cache_meta ('data-key-check') proves the keyring's key opens this store.

-- A submission waiting to be sent, being sent, or done. Its draft id is the Idempotency-Key.
-- queued → sending → accepted | retry_later | needs_attention. 'sending' is committed before the
-- request leaves; a row left in 'sending' by a crash is retried at the next start with the same
-- key (the backend replays its answer). Nothing is ever deleted because sending failed.
CREATE TABLE outbox (
    draft_id TEXT PRIMARY KEY NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    request TEXT NOT NULL,            -- sealed ApplicationRequest JSON: the exact bytes sent each time
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'retry_later', 'needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,          -- unix milliseconds; due when <= now (queued, retry_later)
    last_error TEXT,                  -- kind of the last failure: network, timeout, busy, server, bad-response
    reason TEXT,                      -- needs_attention: the Fluent message id to show
    case_number TEXT,                 -- accepted
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
