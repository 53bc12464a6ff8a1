-- Answers the resident must look at again. Append-only: add a new migration, never edit this one.
--
-- When the backend publishes a new version of a form under an open draft, the draft moves to it
-- and its answers carry over by linkId. An answer that does not fit the new version (its question
-- is gone, or it no longer validates) is never dropped: it is kept and marked here until the
-- resident changes it (save_answer clears the mark) or removes it (discard_answer).
ALTER TABLE answers ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
