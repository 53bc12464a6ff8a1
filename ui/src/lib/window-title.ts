// Keeps the native window's title equal to the page's document.title, with the latest status
// message in front of it ("已保存 – 申请人的公民身份号码 – 便民").
//
// Why: Orca 43 (Debian 12) reads WebKitGTK content with its old WebKitGtk script, which ignores
// focus on headings and groups and has no live-region support, but it always speaks the window's
// name when it changes (tests/screen-reader/FINDINGS.md, F1 F2 F3). So the window title says where
// the resident is, in the UI language, on start and after each page change — and the status that
// the polite live region says to other screen readers (announce()) rides along once: a status is
// put in front of the next title the window gets (the new page's, or the same page's), then
// dropped. Other screen readers do not read title changes of a single-page app, so nothing is
// said twice there.
//
// Orca interrupts what it is saying with each new announcement. Focus moves wait for the title
// (titleSettled(), used by lib/focus.ts), so the place is said first and what gets focus last —
// the last thing said is the one a resident hears in full.
import { getCurrentWindow } from '@tauri-apps/api/window';
import { t } from './i18n';

/** How long after the title was set a focus move waits, so the title's event reaches Orca first. */
export const TITLE_SETTLE_MS = 150;

let status: string | null = null;
let sync: (() => void) | null = null;
let settled: Promise<void> = Promise.resolve();

/** The window title for a document title and a pending status. */
export function windowTitle(documentTitle: string, pendingStatus: string | null): string {
  return pendingStatus ? t('window-title-status', { status: pendingStatus, title: documentTitle }) : documentTitle;
}

/**
 * A status for the window title (called by announce()): said with the next title, also when the
 * page does not change. Deferred one task, so a page change that follows in the same event
 * (announce, then go()) gets it with its own title.
 */
export function statusToWindowTitle(text: string): void {
  status = text;
  const run = sync;
  if (run) setTimeout(run, 0);
}

/** Resolves when the last title change has reached the window (at once outside the app). */
export async function titleSettled(): Promise<void> {
  // Let the MutationObserver see a title set in the same tick.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await settled;
}

export function followDocumentTitle(): void {
  // Outside the app (unit tests, a plain browser) there is no window to name.
  if (!('__TAURI_INTERNALS__' in window)) return;
  let last = '';
  let lastPage = '';
  sync = () => {
    const page = document.title;
    // The <title> is rewritten with the same text at times: only a new page title or a new
    // status changes the window's.
    if (!page || (status === null && page === lastPage)) return;
    const title = windowTitle(page, status);
    status = null;
    lastPage = page;
    if (title === last) return;
    last = title;
    // One after another: commands run in parallel in the app and could overtake each other.
    settled = settled
      .then(() => getCurrentWindow().setTitle(title))
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, TITLE_SETTLE_MS)))
      .catch((e: unknown) => console.warn('window title not set', e));
  };
  const head = document.querySelector('head');
  if (head) new MutationObserver(() => sync?.()).observe(head, { subtree: true, childList: true, characterData: true });
  sync();
}
