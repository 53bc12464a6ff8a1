// A life-event bundle (一件事一次办) as one journey: the shared questions first, each asked once
// on the first form of the bundle that still takes it, then each service's own questions in the
// bundle's order. A step is one question page; the journey's drafts come from Rust each time an
// answer is saved, so the steps follow the rules engine (questions asked or dropped).
import type { BundleJourney } from '../bindings/BundleJourney';
import type { Draft } from '../bindings/Draft';
import { isEditable } from './outbox';
import type { Screen } from './nav.svelte';

export interface Step {
  /** The item (service) whose draft the page saves into. */
  draftIndex: number;
  linkId: string;
  /** Asked once for every service that has it. */
  shared: boolean;
}

/** Whether a draft of the journey may still be changed (not queued, or its answers refused). */
export function draftEditable(journey: BundleJourney, draftIndex: number): boolean {
  const item = journey.items[draftIndex];
  if (!item) return false;
  return item.draft.status === 'draft' && isEditable(item.draft.outbox, item.receipt?.attention ?? null);
}

/** The question pages of the journey, in order (only drafts that may still be changed). */
export function steps(journey: BundleJourney): Step[] {
  const out: Step[] = [];
  for (const linkId of journey.shared) {
    const draftIndex = journey.items.findIndex(
      (item, i) => draftEditable(journey, i) && item.draft.questions.some((q) => q.linkId === linkId),
    );
    if (draftIndex >= 0) out.push({ draftIndex, linkId, shared: true });
  }
  journey.items.forEach((item, draftIndex) => {
    if (!draftEditable(journey, draftIndex)) return;
    for (const q of item.draft.questions) {
      if (!journey.shared.includes(q.linkId)) out.push({ draftIndex, linkId: q.linkId, shared: false });
    }
  });
  return out;
}

function unanswered(draft: Draft, linkId: string): boolean {
  const q = draft.questions.find((x) => x.linkId === linkId);
  const values = draft.answers[linkId];
  if (!q || values === undefined) return true;
  return q.required && q.kind !== 'display' && !values.some((v) => v.replace(/-/g, '').trim() !== '');
}

/** The question page of a step. */
export function stepScreen(journey: BundleJourney, step: Step, fromCheck = false): Screen {
  const draft = journey.items[step.draftIndex]!.draft;
  const index = draft.questions.findIndex((q) => q.linkId === step.linkId);
  return { name: 'question', draft, index: Math.max(index, 0), fromCheck, bundle: journey };
}

/** Where to take up a journey: sent → its confirmation; else the first unanswered step, or the check page. */
export function resumeBundle(journey: BundleJourney): Screen {
  if (journey.submitted) return { name: 'bundleConfirm', journey };
  const all = steps(journey);
  const first = all.find((s) => unanswered(journey.items[s.draftIndex]!.draft, s.linkId));
  if (first) return stepScreen(journey, first);
  return { name: 'bundleCheck', journey };
}

function indexOf(all: Step[], draftId: string, linkId: string, journey: BundleJourney): number {
  return all.findIndex((s) => s.linkId === linkId && (s.shared || journey.items[s.draftIndex]!.draft.id === draftId));
}

/** After a question of the journey was saved: the next page. */
export function nextScreen(journey: BundleJourney, draftId: string, linkId: string): Screen {
  const all = steps(journey);
  const here = indexOf(all, draftId, linkId, journey);
  const next = all[here + 1];
  return next ? stepScreen(journey, next) : { name: 'bundleCheck', journey };
}

/** "Back" from a question of the journey: the page before, or the bundle's start page. */
export function previousScreen(journey: BundleJourney, draftId: string, linkId: string): Screen {
  const all = steps(journey);
  const here = indexOf(all, draftId, linkId, journey);
  const previous = here > 0 ? all[here - 1] : undefined;
  return previous ? stepScreen(journey, previous) : { name: 'bundleStart', journey };
}

/** "Question 3 of 12" over the whole journey (display pages not counted); null when not found. */
export function bundleProgress(journey: BundleJourney, draftId: string, linkId: string): { current: number; total: number } | null {
  const all = steps(journey).filter(
    (s) => journey.items[s.draftIndex]!.draft.questions.find((q) => q.linkId === s.linkId)?.kind !== 'display',
  );
  const here = indexOf(all, draftId, linkId, journey);
  return here < 0 ? null : { current: here + 1, total: all.length };
}

/** The draft with this id in the journey. */
export function draftOf(journey: BundleJourney, draftId: string): Draft | undefined {
  return journey.items.find((i) => i.draft.id === draftId)?.draft;
}
