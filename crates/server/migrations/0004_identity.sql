-- Residents, staff, kiosk devices, one-time sign-in codes, delegations, the activity log, case
-- owners and idempotency key age. Append-only: add a new migration, never edit this one.

-- A resident: registered by mobile number at first sign-in, or seeded as demo data.
CREATE TABLE residents (
    id TEXT PRIMARY KEY NOT NULL,     -- opaque resident id (e.g. r-0001), never the ID number
    mobile TEXT NOT NULL UNIQUE,      -- 11 digits
    profile TEXT NOT NULL,            -- Profile JSON without residentId, mobile and prefill
    created_at TEXT NOT NULL          -- RFC 3339
) STRICT;

CREATE TABLE e_licences (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    type_code TEXT NOT NULL,
    body TEXT NOT NULL,               -- ELicence JSON
    PRIMARY KEY (resident_id, type_code)
) STRICT;

-- A one-time code sent to a mobile number. The code is short-lived and compared in constant
-- time; a challenge dies after 5 wrong tries, on use (or when a newer code is sent: used = 1),
-- or at expires_at. Rows stay a day, to limit how many codes a number is sent.
CREATE TABLE otp_challenges (
    id TEXT PRIMARY KEY NOT NULL,
    mobile TEXT NOT NULL,
    code TEXT NOT NULL,
    created_at TEXT NOT NULL,         -- RFC 3339 UTC, to the second
    expires_at TEXT NOT NULL,         -- RFC 3339 UTC, to the second
    wrong_tries INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX otp_challenges_mobile ON otp_challenges (mobile, created_at);

-- Staff of a community service centre; passwords are argon2id PHC strings, never plain.
CREATE TABLE staff (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    centre TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

-- Codes a service centre gives to register kiosk devices (sha256 of the code).
CREATE TABLE device_registration_codes (
    code_sha256 TEXT PRIMARY KEY NOT NULL,
    centre TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    id TEXT PRIMARY KEY NOT NULL,
    centre TEXT NOT NULL,
    registered_at TEXT NOT NULL
) STRICT;

-- 亲友代办: principal authorises agent. Revocation is a mark, never a delete.
CREATE TABLE delegations (
    id TEXT PRIMARY KEY NOT NULL,
    principal_id TEXT NOT NULL REFERENCES residents (id),
    agent_id TEXT NOT NULL REFERENCES residents (id),
    scope TEXT NOT NULL,              -- DelegationScope JSON
    valid_from TEXT NOT NULL,         -- RFC 3339 UTC
    valid_to TEXT NOT NULL,           -- RFC 3339 UTC
    evidence TEXT,                    -- Evidence JSON
    consent TEXT NOT NULL,            -- in-person | signed-paper | online
    witness_staff_id TEXT,
    created_by_kind TEXT NOT NULL,
    created_by_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by_kind TEXT,
    revoked_by_id TEXT
) STRICT;
CREATE INDEX delegations_principal ON delegations (principal_id);
CREATE INDEX delegations_agent ON delegations (agent_id);

-- Everything done for a resident by someone else (or to their delegations), for GET /v1/activity.
CREATE TABLE activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    delegation_id TEXT,
    case_number TEXT,
    service_code TEXT
) STRICT;
CREATE INDEX activity_resident ON activity (resident_id, seq);

-- Who a case belongs to and who filed it; all NULL for an anonymous submission.
ALTER TABLE cases ADD COLUMN resident_id TEXT;
ALTER TABLE cases ADD COLUMN actor_kind TEXT;     -- resident | staff | kiosk
ALTER TABLE cases ADD COLUMN actor_id TEXT;
ALTER TABLE cases ADD COLUMN delegation_id TEXT;
CREATE INDEX cases_resident ON cases (resident_id);

-- Keys are purged by age only (kept at least 30 days).
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
