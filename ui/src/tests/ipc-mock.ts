import { vi } from 'vitest';

/** The shape of the vi.mock factory for src/lib/ipc.ts used by every screen test. */
export function ipcMock() {
  return {
    appInfo: vi.fn(),
    listServices: vi.fn(),
    searchServices: vi.fn(),
    startApplication: vi.fn(),
    getDraft: vi.fn(),
    saveAnswer: vi.fn(),
    discardAnswer: vi.fn(),
    attachFile: vi.fn(),
    removeAttachment: vi.fn(),
    attachmentPreview: vi.fn(),
    submitApplication: vi.fn(),
    myApplications: vi.fn(),
    getCase: vi.fn(),
    withdrawApplication: vi.fn(),
    rateCase: vi.fn(),
    startHotlineRequest: vi.fn(),
    getHotlineRequest: vi.fn(),
    rateHotlineRequest: vi.fn(),
    refreshCases: vi.fn(),
    setLanguage: vi.fn(() => Promise.resolve()),
    onCaseNews: vi.fn(() => Promise.resolve(() => {})),
    requestSignInCode: vi.fn(),
    signIn: vi.fn(),
    signOut: vi.fn(),
    signedIn: vi.fn(async () => ({ account: null, ended: null })),
    visitPending: vi.fn(),
    finishVisit: vi.fn(),
    reminders: vi.fn(async () => []),
    startReminder: vi.fn(),
    dismissReminder: vi.fn(),
    onReminderNews: vi.fn(() => Promise.resolve(() => {})),
  };
}
