// A kiosk calling a member of staff from the help panel (HelpPanel.svelte): one call per visit,
// followed every POLL_MS until the backend says someone is on the way, which is announced
// politely (the resident may have closed the panel or be on another page). The call lives in
// this module, not in the panel, so moving between pages does not lose it; finishing the visit
// reloads the page, and the core cancels a call still open (crates/core/src/staff_call.rs).
import { callStaff, cancelStaffCall, staffCall } from './ipc';
import { announce } from './announce.svelte';
import { localized, t } from './i18n';
import type { Message } from '../bindings/Message';
import type { StaffCallView } from '../bindings/StaffCallView';
import type { UiError } from '../bindings/UiError';

export const POLL_MS = 5000;

export const staff = $state<{ call: StaffCallView | null; busy: boolean; error: Message | null }>({
  call: null,
  busy: false,
  error: null,
});

let timer: ReturnType<typeof setInterval> | undefined;

function stopPolling(): void {
  clearInterval(timer);
  timer = undefined;
}

/** What the resident is told about the call: who is coming, in the page's language. */
export function comingText(call: StaffCallView): string {
  const note = localized(call.note);
  return note ? t('staff-call-coming-with-note', { note }) : t('staff-call-coming');
}

async function poll(): Promise<void> {
  const current = staff.call;
  if (!current || current.state !== 'waiting') return stopPolling();
  try {
    const seen = await staffCall(current.id);
    if (staff.call?.id !== seen.id) return;
    staff.call = seen;
    if (seen.state !== 'waiting') stopPolling();
    if (seen.state === 'coming') announce(comingText(seen));
  } catch {
    // A dropped connection while waiting: the call stands at the backend; ask again next time.
  }
}

/** Calls a member of staff; true when the call went through. */
export async function startStaffCall(): Promise<boolean> {
  if (staff.busy) return false;
  staff.busy = true;
  staff.error = null;
  try {
    staff.call = await callStaff();
    stopPolling();
    if (staff.call.state === 'waiting') timer = setInterval(() => void poll(), POLL_MS);
    return true;
  } catch (e) {
    staff.error = (e as UiError).message ?? { id: 'error-internal', args: {} };
    return false;
  } finally {
    staff.busy = false;
  }
}

/** The resident no longer needs help; true when the backend has it cancelled. */
export async function cancelCall(): Promise<boolean> {
  const current = staff.call;
  if (!current || staff.busy) return false;
  staff.busy = true;
  staff.error = null;
  try {
    await cancelStaffCall(current.id);
    stopPolling();
    staff.call = null;
    return true;
  } catch (e) {
    staff.error = (e as UiError).message ?? { id: 'error-internal', args: {} };
    return false;
  } finally {
    staff.busy = false;
  }
}

/** Tests: a fresh visit. */
export function resetStaffCall(): void {
  stopPolling();
  staff.call = null;
  staff.busy = false;
  staff.error = null;
}
