-- A saved answer moves its draft's updated_at in the statement that saves it, so saving an
-- answer is one statement and one commit (see store/drafts.rs `save_answer`). Never backwards:
-- re-sealing an old answer (its own older updated_at) leaves the draft's time alone.
CREATE TRIGGER answers_touch_draft_on_insert AFTER INSERT ON answers
BEGIN
  UPDATE drafts SET updated_at = NEW.updated_at
   WHERE id = NEW.draft_id AND updated_at < NEW.updated_at;
END;

CREATE TRIGGER answers_touch_draft_on_update AFTER UPDATE OF value ON answers
BEGIN
  UPDATE drafts SET updated_at = NEW.updated_at
   WHERE id = NEW.draft_id AND updated_at < NEW.updated_at;
END;
