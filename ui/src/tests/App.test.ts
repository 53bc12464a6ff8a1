import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, setLang } from '../lib/i18n';
import App from '../App.svelte';
import { applications, makeDraft, receipt, services } from './fixtures';
import { LANGS, expectNoAxeViolations, useLang } from './helpers';
import { go } from '../lib/nav.svelte';
import { tick } from 'svelte';
import type { Draft } from '../bindings/Draft';

const m = vi.mocked(ipc);

function setup(practiceMode = true): void {
  m.appInfo.mockReset().mockResolvedValue({ practiceMode, backendUrl: 'http://127.0.0.1:8787', version: '0.1.0', hotline: '12345', kiosk: false, kioskIdleSecs: 0 });
  m.listServices.mockReset().mockResolvedValue(services);
  m.myApplications.mockReset().mockResolvedValue(applications);
  // A tiny in-memory backend: save_answer stores the raw values; empty is invalid.
  let draft: Draft = makeDraft();
  m.startApplication.mockReset().mockImplementation(async () => draft);
  m.saveAnswer.mockReset().mockImplementation(async (_id, linkId, values) => {
    draft = { ...draft, answers: { ...draft.answers, [linkId]: values } };
    const blank = values.every((v) => v.trim() === '');
    const error = blank ? { linkId, message: { id: 'error-required', args: { hotline: '12345' } } } : null;
    return { draft, error };
  });
  m.submitApplication.mockReset().mockResolvedValue(receipt);
}

describe.each(LANGS)('App shell (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    setup();
  });

  it('has one banner, main and contentinfo, a skip link first, and no axe violations', async () => {
    render(App);
    await screen.findByRole('button', { name: lang === 'en-US' ? 'Old-age allowance application' : '高龄津贴申请' });
    expect(screen.getAllByRole('banner')).toHaveLength(1);
    expect(screen.getAllByRole('main')).toHaveLength(1);
    expect(screen.getAllByRole('contentinfo')).toHaveLength(1);
    expect(within(screen.getByRole('contentinfo')).getByText(t('footer-hotline', { number: '12345' }))).toBeTruthy();
    const focusables = document.querySelectorAll('a[href], button, input, select, textarea');
    const skip = screen.getByRole('link', { name: t('skip-link') });
    expect(focusables[0]).toBe(skip);
    expect(skip.getAttribute('href')).toBe('#main');
    await userEvent.setup().click(skip);
    expect(document.activeElement).toBe(screen.getByRole('main'));
    expect(screen.getByRole('status')).toBeTruthy();
    expect(await screen.findByText(t('practice-mode-badge'))).toBeTruthy();
    expect(screen.getByText(t('practice-mode-explained'))).toBeTruthy();
    await expectNoAxeViolations(document);
  });

  it('reveals the hotline with the Help button', async () => {
    const user = userEvent.setup();
    render(App);
    const help = screen.getByRole('button', { name: t('help-button') });
    expect(help.getAttribute('aria-expanded')).toBe('false');
    const panel = document.getElementById(help.getAttribute('aria-controls') ?? '');
    expect(panel?.hidden).toBe(true);
    await user.click(help);
    expect(help.getAttribute('aria-expanded')).toBe('true');
    expect(panel?.hidden).toBe(false);
    expect(within(panel!).getByText(t('help-hotline', { number: '12345' }))).toBeTruthy();
    await expectNoAxeViolations(document);
  });

  const user = userEvent.setup();
  it('has Help in the same place on every screen: the last control of the banner (WCAG 3.2.6)', async () => {
    render(App);
    const screens: Parameters<typeof go>[0][] = [
      { name: 'home' },
      { name: 'question', draft: makeDraft(), index: 0, fromCheck: false },
      { name: 'check', draft: makeDraft({ name: ['张三'] }) },
      { name: 'confirm', receipt },
      { name: 'signInMobile', back: { name: 'home' }, mobile: '' },
    ];
    for (const next of screens) {
      go(next);
      await tick();
      const banner = screen.getByRole('banner');
      const controls = within(banner).getAllByRole('button');
      expect(controls.at(-1)?.textContent, next.name).toBe(t('help-button'));
      await user.click(controls.at(-1)!);
      expect(within(banner).getByText(t('help-hotline', { number: '12345' }))).toBeTruthy();
      await user.click(controls.at(-1)!);
    }
  });
});

describe('App', () => {
  beforeEach(() => {
    useLang('zh-CN');
    setup(false);
  });

  it('hides the practice badge outside practice mode', async () => {
    render(App);
    await screen.findByRole('button', { name: '高龄津贴申请' });
    expect(screen.queryByText(t('practice-mode-badge'))).toBeNull();
  });

  it('switches language from the labelled select, sets <html lang>, title and text', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('button', { name: '高龄津贴申请' });
    const select = screen.getByRole('combobox', { name: '语言' });
    expect(within(select).getByRole('option', { name: '中文（简体）' })).toBeTruthy();
    const contrast = screen.getByRole('button', { name: '高对比度显示' });
    const service = screen.getByRole('button', { name: '高龄津贴申请' });
    await user.selectOptions(select, 'en-US');
    expect(document.documentElement.lang).toBe('en-US');
    // The header's other controls and the home screen are new elements (Orca 43 keeps the names
    // it has read of elements changed in place: FINDINGS.md F7); the select keeps the focus.
    expect(screen.getByRole('button', { name: 'High contrast' })).not.toBe(contrast);
    expect(contrast.isConnected).toBe(false);
    expect(service.isConnected).toBe(false);
    expect(screen.getByRole('combobox', { name: 'Language' })).toBe(select);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(select);
    expect(screen.getByRole('combobox', { name: 'Language' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'What do you want to do?' })).toBeTruthy();
    expect(document.title).toBe('What do you want to do? – Bianmin');
    expect(screen.getByRole('button', { name: 'Old-age allowance application' })).toBeTruthy();
    expect(localStorage.getItem('bianmin.lang')).toBe('en-US');
    setLang('zh-CN');
  });

  it('runs a whole application; Change returns to the check page; focus lands on each h1, then the confirmation panel', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: '高龄津贴申请' }));

    // Question 1: an empty answer shows the error; then a valid one goes on.
    let input = await screen.findByRole('textbox', { name: '您的姓名' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
    await user.click(screen.getByRole('button', { name: '继续' }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: '有问题需要处理' })));
    await user.type(input, '张三');
    await user.click(screen.getByRole('button', { name: '继续' }));
    input = await screen.findByRole('textbox', { name: '您的公民身份号码' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: '您的公民身份号码' })));
    expect(await screen.findByText('已保存')).toBeTruthy();
    await user.type(input, '11010519491231002X');
    await user.click(screen.getByRole('button', { name: '继续' }));
    await user.type(await screen.findByRole('textbox', { name: '您的手机号码' }), '13800138000');
    await user.click(screen.getByRole('button', { name: '继续' }));

    // Check answers.
    await screen.findByRole('heading', { level: 1, name: '请核对您填写的内容' });
    expect(screen.getByText('张三')).toBeTruthy();
    await user.click(screen.getByRole('link', { name: '修改 您的公民身份号码' }));

    // The question opens prefilled; Continue returns to the check page, not to the next question.
    const again = (await screen.findByRole('textbox', { name: '您的公民身份号码' })) as HTMLInputElement;
    expect(again.value).toBe('11010519491231002X');
    await user.clear(again);
    await user.type(again, '110105194912310021');
    await user.click(screen.getByRole('button', { name: '继续' }));
    const checkHeading = await screen.findByRole('heading', { level: 1, name: '请核对您填写的内容' });
    await vi.waitFor(() => expect(document.activeElement).toBe(checkHeading));
    expect(screen.getByText('110105194912310021')).toBeTruthy();

    // Submit → confirmation with the case number.
    await user.click(screen.getByRole('button', { name: '提交申请' }));
    await screen.findByRole('heading', { level: 1, name: '申请已提交' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: '申请已提交' })));
    expect(document.querySelector('.case-number')?.textContent).toBe('BM20261129000001');
    await expectNoAxeViolations(document);
    await user.click(screen.getByRole('button', { name: '返回首页' }));
    await screen.findByRole('heading', { level: 1, name: '您要办什么事？' });
  }, 20_000);
});
