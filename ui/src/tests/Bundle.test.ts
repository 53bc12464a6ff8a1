// 一件事一次办: a life-event bundle of two services in the UI — offered on Home while browsing its
// life event, its start page, a shared question asked once (saved with save_bundle_answer), the
// one check page grouped by service with Change links naming the answer and the service, a Send
// refused with problems named by service, the confirmation with each case number, and My
// applications grouping the two. axe-core at every step, in both languages.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, localized } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { liveRegion } from '../lib/announce.svelte';
import { searchMemory } from '../lib/search-memory.svelte';
import { steps, resumeBundle } from '../lib/bundle';
import { spokenCaseNumber } from '../lib/case-number';
import Home from '../screens/Home.svelte';
import BundleStart from '../screens/BundleStart.svelte';
import BundleCheck from '../screens/BundleCheck.svelte';
import BundleConfirmation from '../screens/BundleConfirmation.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import { applications, makeDraft, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { BundleJourney } from '../bindings/BundleJourney';
import type { BundleOffer } from '../bindings/BundleOffer';
import type { Draft } from '../bindings/Draft';
import type { Question } from '../bindings/Question';

const PENSION = { zhCN: '城乡居民养老保险待遇领取', enUS: 'Claiming the residents’ pension' };
const MEDICAL = { zhCN: '城乡居民基本医疗保险参保登记', enUS: 'Residents’ medical insurance' };
const NAME = { zhCN: '退休一件事', enUS: 'Retiring: everything at once' };

function question(linkId: string, text: Question['text'], kind: Question['kind'] = 'string'): Question {
  return { ...makeDraft().questions[0]!, linkId, text, kind, hint: null, autocomplete: null };
}

const applicantName = question('applicant-name', { zhCN: '申请人的姓名', enUS: 'The applicant’s full name' });

function draft(id: string, serviceName: Draft['serviceName'], own: Question, answers: Record<string, string[]> = {}): Draft {
  return { ...makeDraft(answers), id, serviceCode: id, serviceName, questions: [applicantName, own] };
}

function journey(answers: Record<string, string[]> = {}, more: Partial<BundleJourney> = {}): BundleJourney {
  const pick = (keys: string[]): Record<string, string[]> =>
    Object.fromEntries(Object.entries(answers).filter(([k]) => keys.includes(k)));
  return {
    id: 'journey-1',
    code: 'retiring',
    name: NAME,
    summary: { zhCN: '领取养老金和参加居民医保', enUS: 'Claim the pension and register for medical insurance' },
    shared: ['applicant-name'],
    items: [
      { draft: draft('p1', PENSION, question('bank-account', { zhCN: '收款的银行账号', enUS: 'Bank account number' }), pick(['applicant-name', 'bank-account'])), receipt: null },
      { draft: draft('m1', MEDICAL, question('address', { zhCN: '现在的居住地址', enUS: 'Your address now' }), pick(['applicant-name', 'address'])), receipt: null },
    ],
    submitted: false,
    ...more,
  };
}

const filled = { 'applicant-name': ['张三'], 'bank-account': ['6222020200112233'], address: ['和平里 1 号'] };

const offer: BundleOffer = {
  code: 'retiring',
  lifeEvent: 'turning-80',
  name: NAME,
  summary: { zhCN: '一次申请', enUS: 'In one go' },
  services: [
    { code: 'p1', name: PENSION },
    { code: 'm1', name: MEDICAL },
  ],
};

describe.each(LANGS)('Bundles (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    for (const m of [ipc.startBundle, ipc.getBundle, ipc.saveBundleAnswer, ipc.submitBundle]) vi.mocked(m).mockReset();
    vi.mocked(ipc.listServices).mockReset().mockResolvedValue(services);
    vi.mocked(ipc.myApplications).mockReset().mockResolvedValue(applications);
    vi.mocked(ipc.bundles).mockReset().mockResolvedValue([offer]);
    vi.mocked(ipc.myBundles).mockReset().mockResolvedValue([]);
  });

  it('offers the bundle while browsing its life event and opens its start page, without axe violations', async () => {
    const user = userEvent.setup();
    vi.mocked(ipc.startBundle).mockResolvedValue(journey());
    render(Home, { target: mainTarget() });
    const group = await screen.findByRole('button', { name: t('browse-group-button', { group: localized(services.lifeEvents[0]!.name), count: 1 }) });
    await user.click(group);
    const region = await screen.findByRole('region', { name: `${t('bundle-offer-heading')} ${localized(NAME)}` });
    await expectNoAxeViolations();
    await user.click(within(region).getByRole('button', { name: t('bundle-start-button', { bundle: localized(NAME) }) }));
    expect(ipc.startBundle).toHaveBeenCalledWith('retiring');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'bundleStart' }));
  });

  it('offers the bundles a search finds above its services, says so once, and starts one', async () => {
    const user = userEvent.setup();
    const other: BundleOffer = { ...offer, code: 'after-death', name: { zhCN: '身后一件事', enUS: 'After a death: everything at once' } };
    vi.mocked(ipc.searchServices).mockReset().mockResolvedValue([services.services[0]!]);
    vi.mocked(ipc.searchBundles).mockReset().mockImplementation(async (q) => (q === '一件事' ? [offer, other] : []));
    vi.mocked(ipc.startBundle).mockResolvedValue(journey());
    searchMemory.query = '';
    render(Home, { target: mainTarget() });
    const field = await screen.findByRole('searchbox', { name: t('search-label') });
    await user.type(field, '一件事');
    // Each offer is a region of its own, told apart by the bundle's name.
    const first = await screen.findByRole('region', { name: `${t('bundle-offer-heading')} ${localized(NAME)}` });
    screen.getByRole('region', { name: `${t('bundle-offer-heading')} ${localized(other.name)}` });
    // The services follow under "or one at a time".
    expect(screen.getByRole('heading', { level: 4, name: t('bundle-offer-one-by-one') })).toBeTruthy();
    const count = `${t('search-count', { count: 1, query: '一件事' })} ${t('search-bundles-found', { count: 2 })}`;
    await vi.waitFor(() => expect(liveRegion.text).toBe(count), { timeout: 3000 });
    await expectNoAxeViolations();
    await user.click(within(first).getByRole('button', { name: t('bundle-start-button', { bundle: localized(NAME) }) }));
    expect(ipc.startBundle).toHaveBeenCalledWith('retiring');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'bundleStart' }));
  });

  it('the start page names the services and begins at the shared question', async () => {
    const user = userEvent.setup();
    render(BundleStart, { target: mainTarget(), props: { journey: journey() } });
    const h1 = screen.getByRole('heading', { level: 1, name: localized(NAME) });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    const list = screen.getByRole('list', { name: t('bundle-services-heading', { count: 2 }) });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([localized(PENSION), localized(MEDICAL)]);
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('bundle-begin', { bundle: localized(NAME) }) }));
    expect(nav.screen).toMatchObject({ name: 'question', index: 0, bundle: { id: 'journey-1' } });
  });

  it('asks a shared question once, saying so, saves it into the journey and goes on to the first service', async () => {
    const user = userEvent.setup();
    const j = journey();
    const after = journey({ 'applicant-name': ['张三'] });
    vi.mocked(ipc.saveBundleAnswer).mockResolvedValue({ journey: after, error: null });
    // Three pages: the shared name, then each service's own question.
    expect(steps(j).map((s) => `${s.draftIndex}:${s.linkId}:${s.shared}`)).toEqual([
      '0:applicant-name:true',
      '0:bank-account:false',
      '1:address:false',
    ]);
    render(QuestionPage, { target: mainTarget(), props: { draft: j.items[0]!.draft, index: 0, bundle: j } });
    expect(screen.getByText(t('bundle-question-shared', { count: 2 }))).toBeTruthy();
    expect(screen.getByText(t('question-progress', { current: '1', total: '3' }))).toBeTruthy();
    await expectNoAxeViolations();
    await user.type(screen.getByRole('textbox', { name: localized(applicantName.text) }), '张三');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    expect(ipc.saveBundleAnswer).toHaveBeenCalledWith('journey-1', 'p1', 'applicant-name', ['张三']);
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1, draft: { id: 'p1' } }));
  });

  it('a service’s own question says whom it is for; the last page leads to the one check page', async () => {
    const user = userEvent.setup();
    const j = journey({ 'applicant-name': ['张三'], 'bank-account': ['1'] });
    vi.mocked(ipc.saveBundleAnswer).mockResolvedValue({ journey: journey(filled), error: null });
    render(QuestionPage, { target: mainTarget(), props: { draft: j.items[1]!.draft, index: 1, bundle: j } });
    expect(screen.getByText(t('bundle-question-for', { service: localized(MEDICAL) }))).toBeTruthy();
    await user.type(screen.getByRole('textbox'), '和平里 1 号');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'bundleCheck' }));
    expect(resumeBundle(journey(filled))).toMatchObject({ name: 'bundleCheck' });
  });

  it('one check page grouped by service, each Change naming its answer and service; problems named by service', async () => {
    const user = userEvent.setup();
    const missing = journey({ 'applicant-name': ['张三'], 'bank-account': ['1'] });
    vi.mocked(ipc.submitBundle).mockResolvedValue({
      journey: missing,
      problems: [{ draftId: 'm1', linkId: 'address', message: { id: 'error-required', args: {} } }],
    });
    render(BundleCheck, { target: mainTarget(), props: { journey: missing } });
    const h1 = screen.getByRole('heading', { level: 1, name: t('bundle-check-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    const h2s = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(h2s).toEqual([t('bundle-check-shared-heading', { count: 2 }), localized(PENSION), localized(MEDICAL)]);
    const sharedName = t('bundle-change-shared', { question: localized(applicantName.text) });
    expect(screen.getByRole('link', { name: `${t('check-change')} ${sharedName}` })).toBeTruthy();
    const address = t('bundle-change-for', { question: lang === 'en-US' ? 'Your address now' : '现在的居住地址', service: localized(MEDICAL) });
    const change = screen.getByRole('link', { name: `${t('check-change')} ${address}` });
    expect(change.id).toBe('change-1-address');
    // Every Change link names an answer and whom it is for.
    expect(screen.getAllByRole('link', { name: new RegExp(`^${t('check-change')} `) })).toHaveLength(3);
    await expectNoAxeViolations();

    await user.click(screen.getByRole('button', { name: t('bundle-submit', { count: 2 }) }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    const problem = t('bundle-problem', { service: localized(MEDICAL), problem: t('error-required') });
    const link = within(summary).getByRole('link', { name: problem });
    expect(link.getAttribute('href')).toBe('#change-1-address');
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
    await expectNoAxeViolations();
    expect(nav.screen.name).not.toBe('bundleConfirm');
  });

  it('sends all and shows each service with its case number', async () => {
    const user = userEvent.setup();
    const sent = journey(filled, { submitted: true });
    sent.items = sent.items.map((item, i) => ({
      draft: { ...item.draft, status: 'submitted', outbox: 'accepted', caseNumber: `BM2026112900000${i + 1}` },
      receipt: {
        draftId: item.draft.id,
        caseNumber: `BM2026112900000${i + 1}`,
        serviceName: item.draft.serviceName,
        submittedAt: '2026-11-29T08:10:00Z',
        promisedDays: 20,
        hotline: false,
        outbox: 'accepted',
        nextAttemptAt: null,
        attention: null,
      },
    }));
    vi.mocked(ipc.submitBundle).mockResolvedValue({ journey: sent, problems: [] });
    render(BundleCheck, { target: mainTarget(), props: { journey: journey(filled) } });
    await user.click(screen.getByRole('button', { name: t('bundle-submit', { count: 2 }) }));
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'bundleConfirm' }));
    document.body.innerHTML = '';
    render(BundleConfirmation, { target: mainTarget(), props: { journey: sent } });
    const panel = screen.getByRole('region', { name: t('bundle-confirm-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(panel));
    for (const [i, service] of [PENSION, MEDICAL].entries()) {
      expect(screen.getByRole('heading', { level: 3, name: localized(service) })).toBeTruthy();
      expect(
        screen.getByRole('img', {
          name: t('bundle-case-number-spoken', { service: localized(service), characters: spokenCaseNumber(`BM2026112900000${i + 1}`) }),
        }),
      ).toBeTruthy();
    }
    await expectNoAxeViolations();
  });

  it('while sending, says each service’s state in words', async () => {
    const waiting = journey(filled, { submitted: true });
    waiting.items = waiting.items.map((item) => ({ ...item, draft: { ...item.draft, outbox: 'sending' } }));
    vi.mocked(ipc.getBundle).mockResolvedValue(waiting);
    render(BundleConfirmation, { target: mainTarget(), props: { journey: waiting } });
    expect(screen.getByRole('region', { name: t('bundle-confirm-heading-saved') })).toBeTruthy();
    expect(screen.getAllByText(t('outbox-state-sending'))).toHaveLength(2);
    await expectNoAxeViolations();
  });

  it('Change on the check page returns there after saving; the shared answer is saved for the journey', async () => {
    const user = userEvent.setup();
    const j = journey(filled);
    vi.mocked(ipc.saveBundleAnswer).mockResolvedValue({ journey: journey({ ...filled, 'applicant-name': ['李四'] }), error: null });
    render(BundleCheck, { target: mainTarget(), props: { journey: j } });
    const sharedName = t('bundle-change-shared', { question: localized(applicantName.text) });
    await user.click(screen.getByRole('link', { name: `${t('check-change')} ${sharedName}` }));
    expect(nav.screen).toMatchObject({ name: 'question', index: 0, fromCheck: true, draft: { id: 'p1' } });
    document.body.innerHTML = '';
    const screenNow = nav.screen as Extract<typeof nav.screen, { name: 'question' }>;
    render(QuestionPage, { target: mainTarget(), props: { draft: screenNow.draft, index: 0, fromCheck: true, bundle: screenNow.bundle } });
    const field = screen.getByRole('textbox', { name: localized(applicantName.text) });
    await user.clear(field);
    await user.type(field, '李四');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    expect(ipc.saveBundleAnswer).toHaveBeenCalledWith('journey-1', 'p1', 'applicant-name', ['李四']);
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'bundleCheck' }));
  });

  it('answers the backend refused for one service can be changed from the confirmation', async () => {
    const user = userEvent.setup();
    const refused = journey(filled, { submitted: true });
    refused.items = refused.items.map((item, i) => ({
      draft: { ...item.draft, outbox: i === 0 ? 'needsAttention' : 'accepted' },
      receipt: {
        draftId: item.draft.id,
        caseNumber: i === 0 ? null : 'BM20261129000002',
        serviceName: item.draft.serviceName,
        submittedAt: null,
        promisedDays: 20,
        hotline: false,
        outbox: i === 0 ? 'needsAttention' : 'accepted',
        nextAttemptAt: null,
        attention: i === 0 ? { id: 'error-invalid-answers', args: { hotline: '12345' } } : null,
      },
    }));
    render(BundleConfirmation, { target: mainTarget(), props: { journey: refused } });
    expect(screen.getByRole('region', { name: t('confirm-heading-attention') })).toBeTruthy();
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('confirm-change-answers') }));
    expect(nav.screen).toMatchObject({ name: 'bundleCheck' });
  });

  it('My applications shows a journey’s applications together under the bundle name', async () => {
    const user = userEvent.setup();
    vi.mocked(ipc.myBundles).mockResolvedValue([{ id: 'journey-1', name: NAME, draftIds: ['d1', 'd2'], submitted: false }]);
    vi.mocked(ipc.getBundle).mockResolvedValue(journey());
    render(Home, { target: mainTarget() });
    const group = await screen.findByRole('heading', { level: 3, name: localized(NAME) });
    const item = group.closest('li')!;
    expect(within(item).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual(
      applications.map((a) => localized(a.serviceName)),
    );
    await expectNoAxeViolations();
    await user.click(within(item).getByRole('button', { name: t('bundle-continue', { bundle: localized(NAME) }) }));
    expect(ipc.getBundle).toHaveBeenCalledWith('journey-1');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', bundle: { id: 'journey-1' } }));
  });
});
