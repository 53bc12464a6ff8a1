// A kiosk visit that nobody finishes: after `idleSecs` without use the resident is asked "Do you
// need more time?" (IdleWarning.svelte), with WARNING_SECS to answer by one action (WCAG 2.2.1
// asks for at least 20 s; PRODUCT.md's kiosk rule for a warning at least 60 s before the end).
// Unanswered, the visit is finished for them exactly as "Finish" does (lib/visit.ts), so the
// next person never meets what they entered.
//
// The clock starts at a visit's first touch or key press: a kiosk nobody is using stays as it
// is. While the warning shows, only its buttons (or Escape, "more time") answer it: the rest of
// the page is inert.

export const WARNING_SECS = 60;

const ACTIVITY = ['keydown', 'pointerdown', 'input', 'wheel', 'touchstart'] as const;

export const idle = $state<{ warning: boolean; secondsLeft: number }>({ warning: false, secondsLeft: WARNING_SECS });

let idleTimer: ReturnType<typeof setTimeout> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;
let idleMs = 0;

function arm(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(showWarning, idleMs);
}

function onActivity(): void {
  if (!idle.warning) arm();
}

function showWarning(): void {
  idle.secondsLeft = WARNING_SECS;
  idle.warning = true;
  clearInterval(countdown);
  countdown = setInterval(() => {
    idle.secondsLeft -= 1;
    // At 0 the warning finishes the visit (IdleWarning.svelte).
    if (idle.secondsLeft <= 0) clearInterval(countdown);
  }, 1000);
}

/** The resident is still there: the warning goes and the clock starts again. */
export function moreTime(): void {
  clearInterval(countdown);
  idle.warning = false;
  arm();
}

/**
 * Watches a kiosk visit for `idleSecs` without use, from its first touch or key press. Returns
 * the function that stops watching.
 */
export function watchIdle(idleSecs: number): () => void {
  idleMs = Math.max(1, idleSecs) * 1000;
  const first = (): void => {
    for (const type of ACTIVITY) globalThis.removeEventListener(type, first, true);
    for (const type of ACTIVITY) globalThis.addEventListener(type, onActivity, true);
    arm();
  };
  for (const type of ACTIVITY) globalThis.addEventListener(type, first, true);
  return () => {
    for (const type of ACTIVITY) {
      globalThis.removeEventListener(type, first, true);
      globalThis.removeEventListener(type, onActivity, true);
    }
    clearTimeout(idleTimer);
    clearInterval(countdown);
    idle.warning = false;
  };
}
