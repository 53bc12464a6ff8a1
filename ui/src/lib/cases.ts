// Following a case (办件) as the UI shows it: dates in words, the rating levels, and the news the
// watcher pushes (docs/ipc-contract.md, event `case-news`).
import type { CaseNews } from '../bindings/CaseNews';
import type { Message } from '../bindings/Message';
import type { UiError } from '../bindings/UiError';
import { t, localized, locale, type Lang } from './i18n';

/** The longest comment or withdrawal reason the backend accepts, in characters. */
export const MAX_COMMENT_CHARS = 500;

/** The five levels of 好差评, best first as they are listed: 5 very satisfied … 1 very dissatisfied. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;

export function ratingWords(level: number): string {
  return t(`rate-level-${level}`);
}

/** A moment in words and local time, e.g. "2026年11月29日 14:05" / "29 November 2026, 14:05". */
export function dateTimeWords(iso: string | null | undefined, lang: Lang = locale.lang): string {
  if (!iso) return '';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const formatLocale = lang === 'en-US' ? 'en-GB' : lang;
  return new Intl.DateTimeFormat(formatLocale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(when);
}

/** A day (`YYYY-MM-DD`) in words, e.g. "2026年12月31日" / "31 December 2026"; as given if not a day. */
export function dayWords(ymd: string, lang: Lang = locale.lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const when = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(when.getTime())) return ymd;
  const formatLocale = lang === 'en-US' ? 'en-GB' : lang;
  return new Intl.DateTimeFormat(formatLocale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(when);
}

/** Characters as the backend counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text.trim()).length;
}

/** One line per case with news: "<service>: <status>". */
export function newsLines(news: CaseNews[]): string[] {
  return news.map((n) => t('home-news-item', { service: localized(n.serviceName), status: t(n.statusMessage) }));
}

/** What is wrong with a rating (好差评) by field: `level` and `comment`, `null` when fine. */
export interface RatingProblems {
  levelError: Message | null;
  commentError: Message | null;
}

/** The rating form's own checks, before anything is sent: a level chosen, the comment not too long. */
export function ratingChecks(level: number | null, comment: string): RatingProblems {
  const length = charCount(comment);
  return {
    levelError: level === null ? { id: 'error-rating-level', args: {} } : null,
    commentError: length > MAX_COMMENT_CHARS ? { id: 'error-too-long', args: { max: String(MAX_COMMENT_CHARS), actual: String(length) } } : null,
  };
}

/** The backend's refusal of a rating, by field (a case's or a 12345 request's). */
export function ratingRefusal(error: UiError): RatingProblems {
  return {
    levelError: error.fields.find((f) => f.linkId === 'level')?.message ?? null,
    commentError: error.fields.find((f) => f.linkId === 'comment')?.message ?? null,
  };
}
