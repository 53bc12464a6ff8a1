// Answers as the UI shows them. Every answer is a list of texts (Draft.answers): option codes for
// a choice, "true"/"false" for a boolean, "YYYY-MM-DD" for a valid date, the text as typed
// otherwise (also while it is not valid yet).
import type { Question } from '../bindings/Question';
import { t, localized, locale, type Lang } from './i18n';

/** The three parts of a date field, in the order they are shown for a language (GOV.UK: day month year). */
export type DatePart = 'year' | 'month' | 'day';

export function datePartOrder(lang: Lang): DatePart[] {
  return lang === 'zh-CN' ? ['year', 'month', 'day'] : ['day', 'month', 'year'];
}

/** A stored date ("1946-03-27", or as typed: "1946--27") split into its parts, for prefilling. */
export function splitDate(value: string | undefined): Record<DatePart, string> {
  const [year = '', month = '', day = ''] = (value ?? '').split('-');
  return { year, month, day };
}

/** What the UI sends for a date: the three parts exactly as typed, any of them possibly empty. */
export function joinDate(parts: Record<DatePart, string>): string {
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whether a list of answers holds anything (a date "--" holds nothing). */
export function hasAnswer(values: string[] | undefined): boolean {
  return (values ?? []).some((v) => v.replace(/-/g, '').trim() !== '');
}

const CANONICAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** zh: "1946年3月27日"; en: "27 March 1946" (GOV.UK order). Anything not canonical is shown as typed. */
export function formatDate(value: string, lang: Lang = locale.lang): string {
  const m = CANONICAL_DATE.exec(value);
  if (!m) return value;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return value;
  // en-GB gives the GOV.UK day-month-year order with the month in words.
  const formatLocale = lang === 'en-US' ? 'en-GB' : lang;
  return new Intl.DateTimeFormat(formatLocale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

function optionText(question: Question, code: string): string | null {
  const option = question.options.find((o) => o.code === code);
  return option ? localized(option.text) : null;
}

/**
 * An answer for the check-answers page, as lines: option texts joined into one line for a choice,
 * one line per answer for other repeating questions. An empty list means "not answered".
 */
export function answerLines(question: Question, raw: string[] | undefined): string[] {
  const values = (raw ?? []).filter((v) => v.replace(/-/g, '').trim() !== '');
  if (values.length === 0) return [];
  switch (question.kind) {
    case 'display':
      return [];
    case 'boolean':
      return [values.map((v) => (v === 'true' ? t('boolean-yes') : v === 'false' ? t('boolean-no') : v)).join(t('answer-separator'))];
    case 'choice':
    case 'openChoice':
      return [values.map((v) => optionText(question, v) ?? v).join(t('answer-separator'))];
    case 'date':
      return values.map((v) => formatDate(v));
    case 'attachment':
      // The files' names, one per line (the answer holds their ids).
      return values.map((v) => question.attachments.find((a) => a.id === v)?.fileName ?? v);
    default:
      return values;
  }
}
