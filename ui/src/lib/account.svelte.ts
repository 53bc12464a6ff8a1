// Who is signed in (A12: sign-in with a one-time code, no password to remember), as the header
// shows it, and the one-line notices of signing in and out. The session itself lives in Rust (the
// OS keyring); the UI only ever holds the name to show.
import type { Account } from '../bindings/Account';
import type { Message } from '../bindings/Message';
import { signedIn } from './ipc';
import { go, nav, returnScreen } from './nav.svelte';
import { announce } from './announce.svelte';
import { t } from './i18n';

type Notice = { message: Message | null; text: () => string; seq: number };

class AccountState {
  current = $state.raw<Account | null>(null);
  /** A notice for the screen it was raised on (nav.seq): signed in, signed out, session ended. */
  notice = $state.raw<Notice | null>(null);
}

export const account = new AccountState();

/** Shows a notice on the current screen (until the next navigation) and announces it once. */
export function notify(text: () => string, message: Message | null = null): void {
  account.notice = { text, message, seq: nav.seq };
  announce(text());
}

/** The notice of the current screen, if any. */
export function currentNotice(): Notice | null {
  const notice = account.notice;
  return notice && notice.seq === nav.seq ? notice : null;
}

/** Asks Rust who is signed in; a session that ended by itself is said once, where the resident is. */
export async function refreshAccount(): Promise<void> {
  try {
    const state = await signedIn();
    account.current = state.account;
    const ended = state.ended;
    if (ended) notify(() => t(ended.id, ended.args), ended);
  } catch {
    // No store (see app_info): nobody can be signed in.
    account.current = null;
  }
}

/** "You are signed in as 张三", or without a name when the records do not have it yet. */
export function signedInText(who: Account): string {
  return who.name ? t('sign-in-notice', { name: who.name }) : t('sign-in-notice-unnamed');
}

/** The one way into sign-in (the header's button, Home's reminders): back where the resident was. */
export function startSignIn(): void {
  go({ name: 'signInMobile', back: returnScreen(nav.screen), mobile: '' });
}
