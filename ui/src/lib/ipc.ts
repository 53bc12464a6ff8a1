// The only module that talks to the Rust side. One typed wrapper per command of docs/ipc-contract.md.
// Every rejection is a UiError: the Rust side throws UiError objects; anything else (a missing
// command, no Tauri at all, a string) is normalised to an "internal" UiError.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Account } from '../bindings/Account';
import type { SessionEnded } from '../bindings/SessionEnded';
import type { AppInfo } from '../bindings/AppInfo';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';
import type { BundleGroup } from '../bindings/BundleGroup';
import type { BundleJourney } from '../bindings/BundleJourney';
import type { BundleOffer } from '../bindings/BundleOffer';
import type { BundleSaveOutcome } from '../bindings/BundleSaveOutcome';
import type { BundleSubmitted } from '../bindings/BundleSubmitted';
import type { CaseNews } from '../bindings/CaseNews';
import type { CaseView } from '../bindings/CaseView';
import type { Draft } from '../bindings/Draft';
import type { HotlineView } from '../bindings/HotlineView';
import type { ErrorKind } from '../bindings/ErrorKind';
import type { FieldError } from '../bindings/FieldError';
import type { Message } from '../bindings/Message';
import type { Receipt } from '../bindings/Receipt';
import type { ReminderView } from '../bindings/ReminderView';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { ServiceList } from '../bindings/ServiceList';
import type { ServiceSummary } from '../bindings/ServiceSummary';
import type { SignInChallenge } from '../bindings/SignInChallenge';
import type { SignInState } from '../bindings/SignInState';
import type { StaffCallView } from '../bindings/StaffCallView';
import type { UiError } from '../bindings/UiError';

const KINDS: readonly ErrorKind[] = ['network', 'backend', 'invalid', 'notFound', 'storage', 'internal', 'conflict', 'signedOut'];

export const INTERNAL_ERROR: UiError = Object.freeze({
  kind: 'internal',
  message: { id: 'error-internal', args: {} },
  fields: [],
}) as UiError;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asMessage(value: unknown): Message | null {
  if (!isRecord(value) || typeof value.id !== 'string' || value.id === '') return null;
  const args: Message['args'] = {};
  if (isRecord(value.args)) {
    for (const [k, v] of Object.entries(value.args)) {
      if (typeof v === 'string' || typeof v === 'number') args[k] = String(v);
    }
  }
  return { id: value.id, args };
}

function asFieldError(value: unknown): FieldError | null {
  if (!isRecord(value) || typeof value.linkId !== 'string') return null;
  const message = asMessage(value.message);
  return message ? { linkId: value.linkId, message } : null;
}

/** Turn anything thrown by invoke into a well-formed UiError. */
export function toUiError(error: unknown): UiError {
  if (!isRecord(error) || typeof error.kind !== 'string' || !KINDS.includes(error.kind as ErrorKind)) {
    return { ...INTERNAL_ERROR, message: { id: 'error-internal', args: {} }, fields: [] };
  }
  const message = asMessage(error.message) ?? { id: 'error-internal', args: {} };
  const fields = Array.isArray(error.fields)
    ? error.fields.map(asFieldError).filter((f): f is FieldError => f !== null)
    : [];
  return { kind: error.kind as ErrorKind, message, fields };
}

export function isUiError(value: unknown): value is UiError {
  return isRecord(value) && typeof value.kind === 'string' && KINDS.includes(value.kind as ErrorKind) && asMessage(value.message) !== null;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toUiError(error);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

export function listServices(): Promise<ServiceList> {
  return call<ServiceList>('list_services');
}

export function startApplication(serviceCode: string): Promise<Draft> {
  return call<Draft>('start_application', { serviceCode });
}

export function getDraft(draftId: string): Promise<Draft> {
  return call<Draft>('get_draft', { draftId });
}

/** Stores the answers to one question as typed: every answer is a list of texts (see QuestionPage). */
export function saveAnswer(draftId: string, linkId: string, values: string[]): Promise<SaveOutcome> {
  return call<SaveOutcome>('save_answer', { draftId, linkId, values });
}

/** Removes an answer the resident was asked to review after the form changed (Draft.review). */
export function discardAnswer(draftId: string, linkId: string): Promise<Draft> {
  return call<Draft>('discard_answer', { draftId, linkId });
}

/**
 * Adds a file to an attachment question (or replaces the file `replace` of it). The bytes go as
 * the raw body of the call (no JSON for a 20 MB file); the rest as percent-encoded headers.
 * A file that is not a JPEG, PNG or PDF, is empty or too big is refused as `invalid` with the
 * question in `fields`.
 */
export async function attachFile(
  draftId: string,
  linkId: string,
  fileName: string,
  bytes: Uint8Array,
  replace: string | null = null,
): Promise<Draft> {
  const headers: Record<string, string> = {
    'draft-id': encodeURIComponent(draftId),
    'link-id': encodeURIComponent(linkId),
    'file-name': encodeURIComponent(fileName),
  };
  if (replace) headers.replace = encodeURIComponent(replace);
  try {
    return await invoke<Draft>('attach_file', bytes, { headers });
  } catch (error) {
    throw toUiError(error);
  }
}

/** Removes one file from its attachment question. */
export function removeAttachment(draftId: string, attachmentId: string): Promise<Draft> {
  return call<Draft>('remove_attachment', { draftId, attachmentId });
}

/** The bytes of an attached photo (JPEG or PNG), for its preview; PDFs have none. */
export async function attachmentPreview(attachmentId: string): Promise<ArrayBuffer> {
  const bytes = await call<ArrayBuffer | number[]>('attachment_preview', { attachmentId });
  return bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes).buffer;
}

export function submitApplication(draftId: string): Promise<Receipt> {
  return call<Receipt>('submit_application', { draftId });
}

export function myApplications(): Promise<ApplicationSummary[]> {
  return call<ApplicationSummary[]>('my_applications');
}

/** Search the cached catalogue (works offline): best first, at most 20. */
export function searchServices(query: string): Promise<ServiceSummary[]> {
  return call<ServiceSummary[]>('search_services', { query });
}

/** The life-event bundles a search finds, best first, from the cache (works offline). */
export function searchBundles(query: string): Promise<BundleOffer[]> {
  return call<BundleOffer[]>('search_bundles', { query });
}

/** A case's page: fetched from the backend (cached; the cache when offline). Marks its events seen. */
export function getCase(caseNumber: string): Promise<CaseView> {
  return call<CaseView>('get_case', { caseNumber });
}

/** Withdraws an application; the reason (optional, at most 500 characters) goes to the department only. */
export function withdrawApplication(caseNumber: string, reason: string | null): Promise<CaseView> {
  return call<CaseView>('withdraw_application', { caseNumber, reason });
}

/** Rates a case that is done, once: level 5 very satisfied … 1 very dissatisfied. */
/** Resumes or starts the 12345 request: a draft of the request form, asked like any form. */
export function startHotlineRequest(): Promise<Draft> {
  return call<Draft>('start_hotline_request');
}

/** A 12345 request's page: its timeline up to the follow-up visit, and its rating. */
export function getHotlineRequest(id: string): Promise<HotlineView> {
  return call<HotlineView>('get_hotline_request', { id });
}

/** Rates a 12345 request after its follow-up visit, once; a second rating is a `conflict`. */
export function rateHotlineRequest(id: string, level: number, comment: string | null): Promise<HotlineView> {
  return call<HotlineView>('rate_hotline_request', { id, level, comment });
}

export function rateCase(caseNumber: string, level: number, comment: string | null): Promise<CaseView> {
  return call<CaseView>('rate_case', { caseNumber, level, comment });
}

/** Opens the supplement (补正) to a case's current request for material: a Draft with one attachment question per material. */
export function startSupplement(caseNumber: string): Promise<Draft> {
  return call<Draft>('start_supplement', { caseNumber });
}

/** Sends a supplement through the outbox, exactly once; the case as it is afterwards (`supplement` says where it is). */
export function submitSupplement(draftId: string): Promise<CaseView> {
  return call<CaseView>('submit_supplement', { draftId });
}

/** One round of the case watcher now; returns the news (also pushed as `case-news`). */
export function refreshCases(): Promise<CaseNews[]> {
  return call<CaseNews[]>('refresh_cases');
}

/** Tells the shell the UI's language, for desktop notifications. */
export function setLanguage(lang: string): Promise<void> {
  return call<void>('set_language', { lang });
}

/**
 * Calls `handler` with each batch of case news the watcher finds (the Tauri event `case-news`).
 * Returns a function that stops listening. Without Tauri (tests, a plain browser) it does nothing.
 */
export async function onCaseNews(handler: (news: CaseNews[]) => void): Promise<() => void> {
  try {
    return await listen<CaseNews[]>('case-news', (event) => handler(Array.isArray(event.payload) ? event.payload : []));
  } catch {
    return () => {};
  }
}

/** Sends a one-time sign-in code to the mobile number (in practice mode it comes back to be shown). */
export function requestSignInCode(mobile: string): Promise<SignInChallenge> {
  return call<SignInChallenge>('request_sign_in_code', { mobile });
}

/** Signs in with the code of a challenge, as typed or pasted. */
export function signIn(challengeId: string, code: string): Promise<Account> {
  return call<Account>('sign_in', { challengeId, code });
}

export function signOut(): Promise<void> {
  return call<void>('sign_out');
}

/** Who is signed in, and (once) why a session ended by itself. */
export function signedIn(): Promise<SignInState> {
  return call<SignInState>('signed_in');
}

/** A kiosk: what finishing the resident's visit would do (for the confirmation page). */
export function visitPending(): Promise<SessionEnded> {
  return call<SessionEnded>('visit_pending');
}

/**
 * A kiosk: ends the resident's visit — signed out, their data removed from the database and the
 * webview's storage. The caller reloads the page afterwards so nothing stays in memory either.
 */
export function finishVisit(): Promise<SessionEnded> {
  return call<SessionEnded>('finish_visit');
}

/** A kiosk: calls a member of staff to this machine (a call of this visit still open is answered instead). */
export function callStaff(): Promise<StaffCallView> {
  return call<StaffCallView>('call_staff');
}

/** A kiosk: where this visit's call for staff stands. */
export function staffCall(id: string): Promise<StaffCallView> {
  return call<StaffCallView>('staff_call', { id });
}

/** A kiosk: the resident no longer needs a member of staff. */
export function cancelStaffCall(id: string): Promise<StaffCallView> {
  return call<StaffCallView>('cancel_staff_call', { id });
}

/** The reminders (未诉先办) due for the signed-in resident, oldest first; none when signed out. */
export function reminders(): Promise<ReminderView[]> {
  return call<ReminderView[]>('reminders');
}

/** Starts the service a reminder names (the reminder is then done); answers the draft. */
export function startReminder(reminderId: string): Promise<Draft> {
  return call<Draft>('start_reminder', { reminderId });
}

/** Dismisses a reminder for good; answers the reminders still due. */
export function dismissReminder(reminderId: string): Promise<ReminderView[]> {
  return call<ReminderView[]>('dismiss_reminder', { reminderId });
}

/**
 * Calls `handler` with the reminders new to this computer that the watcher finds (the Tauri
 * event `reminder-news`). Returns a function that stops listening; without Tauri it does nothing.
 */
export async function onReminderNews(handler: (found: ReminderView[]) => void): Promise<() => void> {
  try {
    return await listen<ReminderView[]>('reminder-news', (event) => handler(Array.isArray(event.payload) ? event.payload : []));
  } catch {
    return () => {};
  }
}

/** The life-event bundles (一件事一次办) on offer; the cache offline. */
export function bundles(): Promise<BundleOffer[]> {
  return call<BundleOffer[]>('bundles');
}

/** Starts a bundle journey (a draft per service), or resumes the one not sent yet. */
export function startBundle(code: string): Promise<BundleJourney> {
  return call<BundleJourney>('start_bundle', { code });
}

export function getBundle(bundleId: string): Promise<BundleJourney> {
  return call<BundleJourney>('get_bundle', { bundleId });
}

/** Saves an answer in a journey: a shared question's goes into every draft of it. */
export function saveBundleAnswer(bundleId: string, draftId: string, linkId: string, values: string[]): Promise<BundleSaveOutcome> {
  return call<BundleSaveOutcome>('save_bundle_answer', { bundleId, draftId, linkId, values });
}

/** The one "Send": one application per service, or the problems and nothing sent. */
export function submitBundle(bundleId: string): Promise<BundleSubmitted> {
  return call<BundleSubmitted>('submit_bundle', { bundleId });
}

/** Which applications ran together, for "My applications". */
export function myBundles(): Promise<BundleGroup[]> {
  return call<BundleGroup[]>('my_bundles');
}
