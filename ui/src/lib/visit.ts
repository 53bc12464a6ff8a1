// A kiosk's visits: each resident's visit ends with "Finish", which removes their data from the
// machine (Rust: the database; the shell: the webview's storage) and then reloads the page, so
// nothing of theirs stays in the page's memory: not their answers, not the search they typed,
// not the text size or language they chose. The next person starts from the defaults.
import { finishVisit } from './ipc';

/** Set on the reloaded page so that it can say the visit was finished. */
export const FINISHED_MARK = '#visit-finished';

/** Finishes the visit and reloads; throws the `UiError` when the visit could not be finished. */
export async function finishAndReload(reload: () => void = () => globalThis.location.reload()): Promise<void> {
  await finishVisit();
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    try {
      storage?.clear();
    } catch {
      // Unavailable storage holds nothing.
    }
  }
  globalThis.location.hash = FINISHED_MARK;
  reload();
}

/** After the reload: whether this page follows a finished visit (the mark is removed). */
export function takeFinishedMark(): boolean {
  if (globalThis.location?.hash !== FINISHED_MARK) return false;
  globalThis.history?.replaceState(null, '', globalThis.location.pathname + globalThis.location.search);
  return true;
}
