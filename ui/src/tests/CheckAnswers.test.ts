import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, localized } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { liveRegion } from '../lib/announce.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import { makeDraft, receipt } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';

const submit = vi.mocked(ipc.submitApplication);
const answers = { name: ['张三'], 'id-number': ['11010519491231002X'], mobile: [] };

describe.each(LANGS)('CheckAnswers (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    submit.mockReset();
  });

  it('lists questions and answers in a <dl> with named Change links, without axe violations', async () => {
    render(CheckAnswers, { target: mainTarget(), props: { draft: makeDraft(answers) } });
    const h1 = screen.getByRole('heading', { level: 1, name: t('check-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe(`${t('check-heading')} – ${t('app-name')}`);
    const dts = [...document.querySelectorAll('dl dt')].map((d) => d.textContent);
    expect(dts).toEqual(makeDraft().questions.map((q) => localized(q.text)));
    expect(screen.getByText('11010519491231002X').closest('dd')).toBeTruthy();
    expect(screen.getByText(t('check-no-answer'))).toBeTruthy();
    const question = localized(makeDraft().questions[0]!.text);
    expect(screen.getByRole('link', { name: `${t('check-change')} ${question}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: t('check-submit') })).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('Change opens that question in "return to check" mode', async () => {
    const user = userEvent.setup();
    render(CheckAnswers, { target: mainTarget(), props: { draft: makeDraft(answers) } });
    const q2 = localized(makeDraft().questions[1]!.text);
    await user.click(screen.getByRole('link', { name: `${t('check-change')} ${q2}` }));
    expect(nav.screen).toMatchObject({ name: 'question', index: 1, fromCheck: true });
  });

  it('submits, announces sending, and goes to the confirmation', async () => {
    const user = userEvent.setup();
    submit.mockResolvedValue(receipt);
    render(CheckAnswers, { target: mainTarget(), props: { draft: makeDraft(answers) } });
    await user.click(screen.getByRole('button', { name: t('check-submit') }));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('status-sending')));
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'confirm', receipt }));
    expect(submit).toHaveBeenCalledWith(makeDraft().id);
  });

  it('shows field errors from "invalid" in a focused summary linking to Change', async () => {
    const user = userEvent.setup();
    submit.mockRejectedValue({
      kind: 'invalid',
      message: { id: 'error-required', args: {} },
      fields: [{ linkId: 'mobile', message: { id: 'error-required', args: {} } }],
    });
    render(CheckAnswers, { target: mainTarget(), props: { draft: makeDraft(answers) } });
    await user.click(screen.getByRole('button', { name: t('check-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    const link = within(summary).getByRole('link', { name: t('error-required') });
    expect(link.getAttribute('href')).toBe('#change-mobile');
    await user.click(link);
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('change-mobile'));
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
    expect(screen.getByText('张三')).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('shows a network failure in a focused summary and keeps the answers on screen', async () => {
    const user = userEvent.setup();
    submit.mockRejectedValue({ kind: 'network', message: { id: 'error-network', args: { hotline: '12345' } }, fields: [] });
    render(CheckAnswers, { target: mainTarget(), props: { draft: makeDraft(answers) } });
    await user.click(screen.getByRole('button', { name: t('check-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.textContent).toContain(t('error-network'));
    expect(screen.getByText('张三')).toBeTruthy();
    expect(nav.screen.name).not.toBe('confirm');
    // A second failed attempt focuses the summary again.
    screen.getByRole('button', { name: t('check-submit') }).focus();
    await user.click(screen.getByRole('button', { name: t('check-submit') }));
    await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: t('error-summary-title') })));
    await expectNoAxeViolations();
  });
});

describe.each(LANGS)('CheckAnswers after the form changed (%s)', (lang) => {
  const discard = vi.mocked(ipc.discardAnswer);
  beforeEach(() => {
    useLang(lang);
    discard.mockReset();
  });

  it('lists answers to look at again: a changed question links to it, a removed one can be deleted', async () => {
    const user = userEvent.setup();
    const draft = { ...makeDraft({ ...answers, 'old-question': ['每月 300 元'] }), review: ['name', 'old-question'] };
    render(CheckAnswers, { target: mainTarget(), props: { draft } });
    const panel = screen.getByRole('region', { name: t('review-heading') });
    const name = localized(makeDraft().questions[0]!.text);
    expect(within(panel).getByRole('link', { name: `${t('check-change')} ${name}` })).toBeTruthy();
    expect(within(panel).getByText(t('review-old-answer', { answer: '每月 300 元' }))).toBeTruthy();
    await expectNoAxeViolations();
    const after = { ...makeDraft(answers), review: ['name'] };
    discard.mockResolvedValue(after);
    await user.click(within(panel).getByRole('button', { name: t('review-remove', { answer: '每月 300 元' }) }));
    expect(discard).toHaveBeenCalledWith(draft.id, 'old-question');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'check', draft: after }));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('review-removed')));
  });

  it('shows no review panel once the application is on its way', async () => {
    const draft = { ...makeDraft(answers), review: ['name'], outbox: 'queued' as const };
    render(CheckAnswers, { target: mainTarget(), props: { draft } });
    expect(screen.queryByRole('region', { name: t('review-heading') })).toBeNull();
  });
});
