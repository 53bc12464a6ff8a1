// The one contract every answer pattern shares (QuestionPage renders exactly one of them).
// A field owns its markup — the question as the h1 (in a <label> or a <legend>), the hint, the
// inline error and the controls — and what the resident typed or chose. The page owns
// navigation, saving and the error summary: it asks the field for `values()` to save and for
// `errorTarget(error)` to link the summary entry to.
import { t } from '../../lib/i18n';
import type { Draft } from '../../bindings/Draft';
import type { Message } from '../../bindings/Message';
import type { Question } from '../../bindings/Question';

export type FieldProps = {
  question: Question;
  /** The answers as stored (Draft.answers): what the field shows first. */
  stored: string[];
  /** The id of the first control; every other id of the field is derived from it. */
  id: string;
  /** The validation error of this answer: shown inline and marking the controls invalid. */
  error: Message | null;
  /** The draft's id: fields that act at once (attachments) call the core themselves. */
  draftId?: string;
  /** Such a field's action changed the draft (a file added or removed, already stored). */
  onDraft?: (draft: Draft) => void;
  /** Such a field's action failed (`Message`: shown inline and in the summary), or succeeded (`null`: clears it). */
  onProblem?: (message: Message | null) => void;
};

export interface FieldExports {
  /** The answers as sent to save_answer: a list of texts (see lib/answers.ts). */
  values(): string[];
  /** The id of the control the error-summary link moves focus to; none when there is no control. */
  errorTarget(error: Message): string | undefined;
}

export const headingIdOf = (id: string): string => `${id}-heading`;
export const legendIdOf = (id: string): string => `${id}-legend`;
export const hintIdOf = (id: string): string => `${id}-hint`;
export const errorIdOf = (id: string): string => `${id}-error`;
export const countIdOf = (id: string): string => `${id}-count`;

/** aria-describedby from the ids that are present, or undefined. */
export function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** Most answers a repeating question takes (bianmin_forms::MAX_REPEATS). */
export const MAX_REPEATS = 50;

/**
 * The hint of a question whose answer came from the resident's government records (prefill):
 * the note comes first, so it is read with the question (it is in aria-describedby).
 */
export function withPrefill(question: Question, hint: string): string {
  return question.prefilled ? `${t('prefill-hint')} ${hint}`.trim() : hint;
}
