// A tiny state router (no URLs, no router library). Each navigation bumps `seq`, which App.svelte
// uses as a {#key} so the new screen mounts fresh and moves focus to its h1.
import type { Draft } from '../bindings/Draft';
import type { Receipt } from '../bindings/Receipt';
import type { CaseView } from '../bindings/CaseView';
import type { HotlineView } from '../bindings/HotlineView';
import type { SignInChallenge } from '../bindings/SignInChallenge';
import type { SessionEnded } from '../bindings/SessionEnded';
import type { BundleJourney } from '../bindings/BundleJourney';

export type Screen =
  | { name: 'home' }
  /** `bundle`: the question is one page of a life-event bundle's journey. */
  | { name: 'question'; draft: Draft; index: number; fromCheck: boolean; bundle?: BundleJourney }
  | { name: 'check'; draft: Draft }
  | { name: 'confirm'; receipt: Receipt }
  /** A case's progress; `view` when it was just loaded, `done` after withdrawing it or sending material. */
  | { name: 'case'; caseNumber: string; view?: CaseView; done?: 'withdrawn' | 'supplemented' }
  | { name: 'withdraw'; view: CaseView }
  /** A 12345 request's progress, up to its follow-up visit and rating. */
  | { name: 'hotline'; id: string; view?: HotlineView }
  // Signing in: the mobile number, then the code; `back` is where the resident was (and returns to).
  | { name: 'signInMobile'; back: ReturnScreen; mobile: string }
  | { name: 'signInCode'; back: ReturnScreen; mobile: string; challenge: SignInChallenge }
  // A kiosk: finishing the resident's visit, with what it would do; `back` if they go on instead.
  | { name: 'finishVisit'; back: ReturnScreen; pending: SessionEnded }
  // A life-event bundle (一件事一次办): what it is, the one check page, the confirmation of all.
  | { name: 'bundleStart'; journey: BundleJourney }
  | { name: 'bundleCheck'; journey: BundleJourney }
  | { name: 'bundleConfirm'; journey: BundleJourney };

/** A screen sign-in and "Finish" can return to (not one of their own steps). */
export type ReturnScreen = Exclude<Screen, { name: 'signInMobile' } | { name: 'signInCode' } | { name: 'finishVisit' }>;

/** Where signing in (or going on instead of finishing) returns to, from the screen the resident is on. */
export function returnScreen(screen: Screen): ReturnScreen {
  return screen.name === 'signInMobile' || screen.name === 'signInCode' || screen.name === 'finishVisit' ? screen.back : screen;
}

class Nav {
  // raw: screens hold plain data from Rust; no deep proxies are needed.
  screen = $state.raw<Screen>({ name: 'home' });
  seq = $state(0);
}

export const nav = new Nav();

export function go(screen: Screen): void {
  nav.screen = screen;
  nav.seq += 1;
}

/**
 * Whether a question still needs an answer: never saved (no entry at all, also for display pages),
 * or required and saved without anything in it (e.g. after an error).
 */
function unanswered(draft: Draft, q: Draft['questions'][number]): boolean {
  const values = draft.answers[q.linkId];
  if (values === undefined) return true;
  return q.required && q.kind !== 'display' && !values.some((v) => v.replace(/-/g, '').trim() !== '');
}

/** Where to resume a draft: the first unanswered question, or the check page when all are answered. */
export function resume(draft: Draft): Screen {
  const index = draft.questions.findIndex((q) => unanswered(draft, q));
  if (index === -1 && draft.questions.length > 0) return { name: 'check', draft };
  return { name: 'question', draft, index: Math.max(index, 0), fromCheck: false };
}
