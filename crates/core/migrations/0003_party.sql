-- Whose data it is. Append-only: add a new migration, never edit this one.
--
-- Staff serve many residents on one machine, caregivers act for others, kiosks serve strangers one
-- after another: every draft (and with it its answers and outbox row, which cascade) belongs to a
-- party. 'device' is the person who owns this computer; a kiosk or assisted-service session is an
-- opaque random id (never a resident's ID number: this column is not sealed).
--
-- wipe_when_sent: the session of this draft's party has ended while its submission was still on its
-- way. Its answers are already gone; the sealed outbox row stays until the backend accepts it, and
-- then the draft is deleted in the same transaction.
ALTER TABLE drafts ADD COLUMN party TEXT NOT NULL DEFAULT 'device';
ALTER TABLE drafts ADD COLUMN wipe_when_sent INTEGER NOT NULL DEFAULT 0 CHECK (wipe_when_sent IN (0, 1));
CREATE INDEX drafts_by_party ON drafts (party, service_code, status);
