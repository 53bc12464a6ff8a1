-- One place for a case's owner: cases.resident_id (0004), which also records who filed it
-- (actor_kind, actor_id) and under which delegation. The case_owners table of 0005 said the
-- same for cases filed signed in; its rows move over and it goes. Append-only: add a new
-- migration, never edit this one.
UPDATE cases
SET resident_id = (SELECT o.resident_id FROM case_owners o WHERE o.case_number = cases.case_number),
    actor_kind = COALESCE(actor_kind, 'resident'),
    actor_id = COALESCE(actor_id, (SELECT o.resident_id FROM case_owners o WHERE o.case_number = cases.case_number))
WHERE resident_id IS NULL
  AND EXISTS (SELECT 1 FROM case_owners o WHERE o.case_number = cases.case_number);

DROP INDEX case_owners_resident;
DROP TABLE case_owners;
