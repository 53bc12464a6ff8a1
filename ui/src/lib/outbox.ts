// The outbox as the UI shows it (docs/ARCHITECTURE.md "The outbox"). A submitted application is
// saved on this computer and sent by itself: queued / sending → accepted | retryLater |
// needsAttention. There is no push event yet, so screens poll my_applications while something is
// on its way, and announce each change once.
import type { ApplicationSummary } from '../bindings/ApplicationSummary';
import type { Message } from '../bindings/Message';
import type { OutboxState } from '../bindings/OutboxState';
import { t, locale, type Lang } from './i18n';

/** How often a screen asks my_applications again while something is on its way. */
export const POLL_MS = 5_000;

/** Still on its way: the outbox sends it by itself. */
export function isPending(state: OutboxState | null | undefined): boolean {
  return state === 'queued' || state === 'sending' || state === 'retryLater';
}

/**
 * Whether the answers can be changed: never submitted, or the backend refused the answers
 * (then a new submit queues it again). Everything else is in the outbox and save_answer would
 * answer error-already-submitted. A Draft carries no `attention`: pass `undefined` and the
 * needsAttention draft is taken as editable (the check page is the way forward).
 */
export function isEditable(state: OutboxState | null | undefined, attention?: Message | null): boolean {
  if (state === null || state === undefined) return true;
  if (state !== 'needsAttention') return false;
  return attention === undefined || attention === null || attention.id === 'error-invalid-answers';
}

/** The backend refused the answers: "Change your answers" leads to the check page. */
export function canChangeAnswers(state: OutboxState | null | undefined, attention: Message | null | undefined): boolean {
  return state === 'needsAttention' && attention?.id === 'error-invalid-answers';
}

/** The phases a person is told about; queued and sending are one ("being sent"). */
export type Phase = 'draft' | 'sending' | 'retryLater' | 'accepted' | 'needsAttention';

export function phaseOf(state: OutboxState | null | undefined): Phase {
  if (state === 'queued' || state === 'sending') return 'sending';
  return state ?? 'draft';
}

/**
 * Remembers what a screen has already said, so a state change is announced once and never on
 * every poll. While an application waits, the outbox goes retryLater → sending → retryLater with
 * each attempt: "not sent yet" is said once per screen, "sent" and "needs attention" once each.
 */
export class ChangeTracker {
  private seen = new Map<string, Set<Phase>>();

  /** The phase each application is in when the screen shows it first: known, not announced. */
  remember(draftId: string, state: OutboxState | null | undefined): void {
    const phases = this.seen.get(draftId) ?? new Set<Phase>();
    phases.add(phaseOf(state));
    this.seen.set(draftId, phases);
  }

  /** Whether this state is news to announce (and remember it). "Being sent" is never news on a poll. */
  isNews(draftId: string, state: OutboxState | null | undefined): boolean {
    const phase = phaseOf(state);
    const phases = this.seen.get(draftId) ?? new Set<Phase>();
    const news = !phases.has(phase) && phase !== 'sending' && phase !== 'draft';
    phases.add(phase);
    this.seen.set(draftId, phases);
    return news;
  }
}

/** The status of an application in a few words (home page, "Status: …"). */
export function stateWords(app: Pick<ApplicationSummary, 'status' | 'outbox'>): string {
  switch (phaseOf(app.outbox)) {
    case 'sending':
      return t('outbox-state-sending');
    case 'retryLater':
      return t('outbox-state-retry-later');
    case 'accepted':
      return t('status-submitted');
    case 'needsAttention':
      return t('outbox-state-needs-attention');
    default:
      return app.status === 'submitted' ? t('status-submitted') : t('status-draft');
  }
}

/** What the live region says when an application reaches this state while the screen is open. */
export function stateAnnouncement(state: OutboxState | null | undefined): string {
  switch (phaseOf(state)) {
    case 'accepted':
      return t('status-sent');
    case 'retryLater':
      return t('status-retry-later');
    case 'needsAttention':
      return t('status-needs-attention');
    default:
      return t('status-queued');
  }
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * When it is tried again, in words and local time: "今天 14:05" / "today at 14:05", or with the
 * date when it is another day. `null` when there is no (valid) time.
 */
export function attemptTimeWords(iso: string | null | undefined, now: Date = new Date(), lang: Lang = locale.lang): string | null {
  if (!iso) return null;
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return null;
  const formatLocale = lang === 'en-US' ? 'en-GB' : lang;
  const time = new Intl.DateTimeFormat(formatLocale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(when);
  if (sameDay(when, now)) return t('outbox-time-today', { time });
  const date = new Intl.DateTimeFormat(formatLocale, { month: 'long', day: 'numeric' }).format(when);
  return t('outbox-time-day', { date, time });
}

/** "Not sent yet; it will be sent by itself at …; nothing is lost." */
export function retryWords(nextAttemptAt: string | null | undefined): string {
  const time = attemptTimeWords(nextAttemptAt);
  return time ? t('outbox-retry-detail', { time }) : t('outbox-retry-detail-soon');
}

/**
 * Calls `step` every `intervalMs` (the first call after one interval) for as long as it resolves
 * to true. A failing step is tried again at the next interval. Returns `stop`, which screens call
 * when they are left; a step still running then schedules nothing more.
 */
export function pollWhile(step: () => Promise<boolean>, intervalMs: number = POLL_MS): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  async function run(): Promise<void> {
    if (stopped) return;
    let again = true;
    try {
      again = await step();
    } catch {
      again = true;
    }
    if (again) schedule();
  }
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
