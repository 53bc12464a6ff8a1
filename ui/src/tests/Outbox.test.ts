// The exactly-once outbox as the resident sees it: the confirmation page and "My applications"
// in every outbox state, polling my_applications, and one announcement per change (not per poll).
import { describe, expect, it, vi, beforeEach, afterEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());
vi.mock('../lib/announce.svelte', async (importOriginal) => {
  const real = await importOriginal<typeof import('../lib/announce.svelte')>();
  return { ...real, announce: vi.fn(real.announce) };
});

import * as ipc from '../lib/ipc';
import { announce } from '../lib/announce.svelte';
import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { POLL_MS, attemptTimeWords, retryWords } from '../lib/outbox';
import Confirmation from '../screens/Confirmation.svelte';
import Home from '../screens/Home.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import { makeDraft, receipt, services, waitingReceipt } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';
import type { OutboxState } from '../bindings/OutboxState';

const myApplications = vi.mocked(ipc.myApplications);
const listServices = vi.mocked(ipc.listServices);
const getDraft = vi.mocked(ipc.getDraft);
const announced = vi.mocked(announce);

const SERVICE = { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' };
const LATER = '2026-11-29T09:30:00Z';
const INVALID = { id: 'error-invalid-answers', args: {} };
const REFUSED = { id: 'error-submission-refused', args: { hotline: '12345' } };

function summary(draftId: string, outbox: OutboxState | null, more: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    draftId,
    serviceName: SERVICE,
    status: outbox === 'accepted' ? 'submitted' : 'draft',
    caseNumber: outbox === 'accepted' ? 'BM20261129000001' : null,
    updatedAt: '2026-11-29T08:00:00Z',
    outbox,
    nextAttemptAt: outbox === 'retryLater' ? LATER : null,
    attention: null,
    caseStatus: null,
    caseStatusMessage: null,
    unseenEvents: 0,
    hotline: false,
    ...more,
  };
}

/** The receipt's application as my_applications reports it. */
function mine(outbox: OutboxState, more: Partial<ApplicationSummary> = {}): ApplicationSummary[] {
  return [summary(receipt.draftId, outbox, more)];
}

/** Let the page's poll run: one interval, then the promise callbacks and the live region's 100 ms. */
async function poll(): Promise<void> {
  await vi.advanceTimersByTimeAsync(POLL_MS);
  await vi.advanceTimersByTimeAsync(200);
}

describe.each(LANGS)('Confirmation in each outbox state (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    myApplications.mockReset().mockResolvedValue(mine('sending'));
    getDraft.mockReset();
    announced.mockClear();
  });

  it('queued/sending: saved and being sent, what happens next, no case number, no edit or print', async () => {
    for (const outbox of ['queued', 'sending'] as const) {
      document.body.innerHTML = '';
      render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt({ outbox }) } });
      const h1 = screen.getByRole('heading', { level: 1, name: t('confirm-heading-saved') });
      await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: t('confirm-heading-saved') })));
      expect(h1.textContent).toBe(lang === 'zh-CN' ? '申请已保存，正在提交' : 'Your application is saved and being sent');
      expect(document.title).toBe(`${t('confirm-heading-saved')} – ${t('app-name')}`);
      expect(screen.getByText(t('outbox-sending-detail'))).toBeTruthy();
      expect(screen.getByText(t('confirm-saved-next'))).toBeTruthy();
      expect(document.querySelector('.case-number')).toBeNull();
      expect(screen.queryByText(t('confirm-case-number-label'))).toBeNull();
      expect(screen.queryByRole('button', { name: t('confirm-print') })).toBeNull();
      expect(screen.queryByRole('button', { name: t('confirm-change-answers') })).toBeNull();
      expect(screen.getByRole('button', { name: t('confirm-home') })).toBeTruthy();
      expect(announced).toHaveBeenLastCalledWith(t('status-queued'));
      await expectNoAxeViolations();
    }
  });

  it('retryLater: not sent yet, the next attempt in words, nothing is lost', async () => {
    render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt({ outbox: 'retryLater', nextAttemptAt: LATER }) } });
    expect(screen.getByRole('heading', { level: 1, name: t('confirm-heading-saved') })).toBeTruthy();
    const words = retryWords(LATER);
    expect(words).toContain(attemptTimeWords(LATER)!);
    expect(screen.getByText(words)).toBeTruthy();
    expect(announced).toHaveBeenCalledWith(t('status-retry-later'));
    await expectNoAxeViolations();
  });

  it('needsAttention (answers refused): the message, the way forward, and "Change your answers" to the check page', async () => {
    const draft = { ...makeDraft({ name: ['张三'] }), outbox: 'needsAttention' as const };
    getDraft.mockResolvedValue(draft);
    render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt({ outbox: 'needsAttention', attention: INVALID }) } });
    expect(screen.getByRole('heading', { level: 1, name: t('confirm-heading-attention') })).toBeTruthy();
    expect(screen.getByText(t('error-invalid-answers'))).toBeTruthy();
    expect(screen.getByText(t('confirm-attention-next'))).toBeTruthy();
    expect(screen.queryByRole('heading', { name: t('confirm-next-heading') })).toBeNull();
    expect(announced).toHaveBeenCalledWith(t('status-needs-attention'));
    await expectNoAxeViolations();
    screen.getByRole('button', { name: t('confirm-change-answers') }).click();
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'check', draft }));
    expect(getDraft).toHaveBeenCalledWith(receipt.draftId);
  });

  it('needsAttention (refused by the backend): the message with the hotline, no way to edit', async () => {
    render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt({ outbox: 'needsAttention', attention: REFUSED }) } });
    expect(screen.getByText(t('error-submission-refused', { hotline: '12345' }))).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('confirm-change-answers') })).toBeNull();
    expect(screen.queryByText(t('confirm-attention-next'))).toBeNull();
    await expectNoAxeViolations();
  });
});

describe('Confirmation polls the outbox', () => {
  beforeEach(() => {
    useLang('zh-CN');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-29T09:00:00Z'));
    myApplications.mockReset();
    announced.mockClear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the case number when accepted and announces each change once, never per poll, without moving focus', async () => {
    myApplications
      .mockResolvedValueOnce(mine('sending'))
      .mockResolvedValueOnce(mine('retryLater'))
      .mockResolvedValueOnce(mine('retryLater'))
      .mockResolvedValueOnce(mine('sending'))
      .mockResolvedValueOnce(mine('retryLater'))
      .mockResolvedValueOnce(mine('accepted'));
    render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt({ outbox: 'queued' }) } });
    await vi.advanceTimersByTimeAsync(200);
    const h1 = screen.getByRole('heading', { level: 1 });
    const panel = screen.getByRole('region', { name: h1.textContent ?? '' });
    expect(document.activeElement).toBe(panel);
    expect(announced.mock.calls).toEqual([[t('status-queued')]]);

    await poll(); // sending: nothing new
    expect(announced).toHaveBeenCalledTimes(1);
    await poll(); // retryLater: said once
    expect(announced).toHaveBeenCalledTimes(2);
    expect(announced).toHaveBeenLastCalledWith(t('status-retry-later'));
    expect(screen.getByText(retryWords(LATER))).toBeTruthy();
    await poll(); // retryLater again
    await poll(); // sending
    await poll(); // retryLater once more: not said again
    expect(announced).toHaveBeenCalledTimes(2);

    await poll(); // accepted
    expect(announced).toHaveBeenCalledTimes(3);
    expect(announced).toHaveBeenLastCalledWith('已提交');
    expect(h1.textContent).toBe(t('confirm-heading'));
    expect(document.querySelector('.case-number')?.textContent).toBe('BM20261129000001');
    expect(screen.getByRole('button', { name: t('confirm-print') })).toBeTruthy();
    expect(document.activeElement).toBe(panel);
    expect(document.title).toBe(`${t('confirm-heading')} – ${t('app-name')}`);

    // Nothing is pending any more: polling stops.
    const calls = myApplications.mock.calls.length;
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(myApplications.mock.calls.length).toBe(calls);
    expect(announced).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
    await expectNoAxeViolations();
  });

  it('does not poll an accepted receipt, and stops polling when the page is left', async () => {
    myApplications.mockResolvedValue(mine('sending'));
    const first = render(Confirmation, { target: mainTarget(), props: { receipt } });
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(myApplications).not.toHaveBeenCalled();
    first.unmount();

    const second = render(Confirmation, { target: mainTarget(), props: { receipt: waitingReceipt() } });
    await poll();
    expect(myApplications).toHaveBeenCalledTimes(1);
    second.unmount();
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(myApplications).toHaveBeenCalledTimes(1);
  });
});

describe.each(LANGS)('My applications in each outbox state (%s)', (lang) => {
  const all = [
    summary('draft', null),
    summary('queued', 'queued', { serviceName: { zhCN: '残疾人两项补贴', enUS: 'Disability subsidies' } }),
    summary('waiting', 'retryLater', { serviceName: { zhCN: '居住证办理', enUS: 'Residence permit' } }),
    summary('accepted', 'accepted', { serviceName: { zhCN: '老年人优待证', enUS: 'Senior citizen card' } }),
    summary('invalid', 'needsAttention', { serviceName: { zhCN: '困难补助', enUS: 'Hardship grant' }, attention: INVALID }),
    summary('refused', 'needsAttention', { serviceName: { zhCN: '护理补贴', enUS: 'Care subsidy' }, attention: REFUSED }),
  ];
  const item = (name: string) => screen.getByRole('heading', { level: 3, name }).closest('li') as HTMLElement;

  beforeEach(() => {
    useLang(lang);
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset().mockResolvedValue(all);
    getDraft.mockReset();
    announced.mockClear();
  });

  it('says each state in plain words, with the case number, the next attempt and the message; edit controls only where editable', async () => {
    render(Home, { target: mainTarget() });
    const en = lang === 'en-US';
    await screen.findByRole('heading', { level: 3, name: en ? 'Residence permit' : '居住证办理' });

    const draft = item(en ? 'Old-age allowance application' : '高龄津贴申请');
    expect(draft.textContent).toContain(t('status-draft'));
    expect(within(draft).getByRole('button', { name: t('applications-continue', { service: en ? SERVICE.enUS : SERVICE.zhCN }) })).toBeTruthy();

    const queued = item(en ? 'Disability subsidies' : '残疾人两项补贴');
    expect(queued.textContent).toContain(t('outbox-state-sending'));
    expect(within(queued).getByText(t('outbox-sending-detail'))).toBeTruthy();
    expect(within(queued).queryByRole('button')).toBeNull();

    const waiting = item(en ? 'Residence permit' : '居住证办理');
    expect(waiting.textContent).toContain(t('outbox-state-retry-later'));
    expect(within(waiting).getByText(retryWords(LATER))).toBeTruthy();
    expect(within(waiting).queryByRole('button')).toBeNull();

    const accepted = item(en ? 'Senior citizen card' : '老年人优待证');
    expect(accepted.textContent).toContain(t('status-submitted'));
    expect(within(accepted).getByText(t('applications-case-number', { number: 'BM20261129000001' }))).toBeTruthy();
    // Accepted: the only action is following the case.
    expect(within(accepted).getAllByRole('button').map((b) => b.textContent?.trim())).toEqual([
      t('applications-view', { service: en ? 'Senior citizen card' : '老年人优待证' }),
    ]);

    const invalid = item(en ? 'Hardship grant' : '困难补助');
    expect(invalid.textContent).toContain(t('outbox-state-needs-attention'));
    expect(within(invalid).getByText(t('error-invalid-answers'))).toBeTruthy();
    const change = within(invalid).getByRole('button', { name: t('applications-change-answers', { service: en ? 'Hardship grant' : '困难补助' }) });
    expect(change.textContent?.trim()).toBe(en ? 'Change your answers: Hardship grant' : '修改答案：困难补助');

    const refused = item(en ? 'Care subsidy' : '护理补贴');
    expect(within(refused).getByText(t('error-submission-refused', { hotline: '12345' }))).toBeTruthy();
    expect(within(refused).queryByRole('button')).toBeNull();

    // Only one Continue and one Change button in the whole list.
    expect(screen.getAllByRole('button', { name: new RegExp(t('applications-continue', { service: '' })) })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: new RegExp(t('applications-change-answers', { service: '' })) })).toHaveLength(1);
    await expectNoAxeViolations();

    const editable = { ...makeDraft({ name: ['张三'] }), outbox: 'needsAttention' as const };
    getDraft.mockResolvedValue(editable);
    change.click();
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'check', draft: editable }));
    expect(getDraft).toHaveBeenCalledWith('invalid');
  });

  it('shows error-keyring (no OS keyring) like any other error', async () => {
    myApplications.mockRejectedValue({ kind: 'storage', message: { id: 'error-keyring', args: { hotline: '12345' } }, fields: [] });
    render(Home, { target: mainTarget() });
    expect(await screen.findByText(t('error-keyring', { hotline: '12345' }))).toBeTruthy();
    expect(screen.getByRole('button', { name: t('button-retry') })).toBeTruthy();
    await expectNoAxeViolations();
  });
});

describe('My applications polls the outbox', () => {
  beforeEach(() => {
    useLang('zh-CN');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-29T09:00:00Z'));
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset();
    announced.mockClear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('announces a change once, naming the service, and stops when nothing is pending', async () => {
    const other = { serviceName: { zhCN: '居住证办理', enUS: 'Residence permit' } };
    myApplications
      .mockResolvedValueOnce([summary('a', 'queued'), summary('b', 'sending', other)])
      .mockResolvedValueOnce([summary('a', 'sending'), summary('b', 'sending', other)])
      .mockResolvedValueOnce([summary('a', 'accepted'), summary('b', 'sending', other)])
      .mockResolvedValueOnce([summary('a', 'accepted'), summary('b', 'sending', other)])
      .mockResolvedValueOnce([summary('a', 'accepted'), summary('b', 'needsAttention', { ...other, attention: INVALID })]);
    render(Home, { target: mainTarget() });
    await vi.advanceTimersByTimeAsync(200);
    expect(screen.getAllByText(t('outbox-state-sending'))).toHaveLength(2);
    expect(announced).not.toHaveBeenCalled();

    await poll();
    expect(announced).not.toHaveBeenCalled();
    await poll();
    expect(announced.mock.calls).toEqual([['高龄津贴申请：已提交']]);
    expect(screen.getByText(t('applications-case-number', { number: 'BM20261129000001' }))).toBeTruthy();
    await poll();
    expect(announced).toHaveBeenCalledTimes(1);
    await poll();
    expect(announced).toHaveBeenCalledTimes(2);
    expect(announced).toHaveBeenLastCalledWith(`居住证办理：${t('status-needs-attention')}`);
    expect(screen.getByRole('button', { name: '修改答案：居住证办理' })).toBeTruthy();

    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(myApplications).toHaveBeenCalledTimes(5);
    expect(announced).toHaveBeenCalledTimes(2);
  });

  it('does not poll when nothing is pending, and stops when the screen is left', async () => {
    myApplications.mockResolvedValue([summary('a', 'accepted')]);
    const first = render(Home, { target: mainTarget() });
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(myApplications).toHaveBeenCalledTimes(1);
    first.unmount();

    myApplications.mockReset().mockResolvedValue([summary('a', 'retryLater')]);
    const second = render(Home, { target: mainTarget() });
    await poll();
    expect(myApplications).toHaveBeenCalledTimes(2);
    second.unmount();
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(myApplications).toHaveBeenCalledTimes(2);
    expect(announced).not.toHaveBeenCalled();
  });
});

describe('Check answers of a draft in the outbox', () => {
  it('has no Change links while it is queued, sending, waiting or accepted', () => {
    useLang('zh-CN');
    for (const outbox of ['queued', 'sending', 'retryLater', 'accepted'] as const) {
      document.body.innerHTML = '';
      render(CheckAnswers, { target: mainTarget(), props: { draft: { ...makeDraft({ name: ['张三'] }), outbox } } });
      expect(screen.queryAllByRole('link', { name: new RegExp(t('check-change')) })).toHaveLength(0);
    }
    document.body.innerHTML = '';
    render(CheckAnswers, { target: mainTarget(), props: { draft: { ...makeDraft(), outbox: 'needsAttention' } } });
    expect(screen.getAllByRole('link', { name: new RegExp(t('check-change')) })).toHaveLength(3);
  });
});

describe('attemptTimeWords', () => {
  it('says today with the time, or the date and the time', () => {
    useLang('zh-CN');
    const now = new Date(2026, 10, 29, 9, 0);
    expect(attemptTimeWords(new Date(2026, 10, 29, 14, 5).toISOString(), now)).toBe('今天 14:05');
    expect(attemptTimeWords(new Date(2026, 10, 30, 8, 0).toISOString(), now)).toBe('11月30日 08:00');
    expect(attemptTimeWords(null, now)).toBeNull();
    expect(attemptTimeWords('not a time', now)).toBeNull();
    useLang('en-US');
    expect(attemptTimeWords(new Date(2026, 10, 29, 14, 5).toISOString(), now, 'en-US')).toBe('today at 14:05');
    expect(attemptTimeWords(new Date(2026, 10, 30, 8, 0).toISOString(), now, 'en-US')).toBe('on 30 November at 08:00');
    useLang('zh-CN');
  });
});
