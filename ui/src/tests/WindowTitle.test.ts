// The native window title (lib/window-title.ts): the page's title, with the latest status said once
// in front of it — what Orca 43 speaks on WebKitGTK (tests/screen-reader/FINDINGS.md, F1–F3).
import { describe, expect, it, vi, beforeAll } from 'vitest';

const setTitle = vi.fn<(title: string) => Promise<void>>();
vi.mock('@tauri-apps/api/window', () => ({ getCurrentWindow: () => ({ setTitle }) }));

import { announce } from '../lib/announce.svelte';
import { followDocumentTitle, titleSettled, windowTitle } from '../lib/window-title';
import { spokenCaseNumber, caseNumberGroups } from '../lib/case-number';
import { useLang } from './helpers';

const titles = (): string[] => setTitle.mock.calls.map(([title]) => title);

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await titleSettled();
}

describe('window title', () => {
  beforeAll(() => {
    useLang('zh-CN');
    setTitle.mockImplementation(async () => {});
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    document.title = '您要办什么事？ – 便民';
    followDocumentTitle();
  });

  it('follows the document title, with a status said once in front of the next one', async () => {
    await settle();
    expect(titles()).toEqual(['您要办什么事？ – 便民']);

    // A status, then a new page in the same event: one title with both.
    announce('已保存');
    document.title = '申请人的公民身份号码 – 便民';
    await settle();
    expect(titles().slice(1)).toEqual(['已保存 – 申请人的公民身份号码 – 便民']);

    // The same <title> written again changes nothing (it must not drop the status again).
    document.title = '申请人的公民身份号码 – 便民';
    await settle();
    expect(titles()).toHaveLength(2);

    // A new page without a status: its title alone.
    document.title = '错误：申请人的公民身份号码 – 便民';
    await settle();
    expect(titles().at(-1)).toBe('错误：申请人的公民身份号码 – 便民');

    // A status on the same page: said with that page's title.
    announce('已提交');
    await settle();
    expect(titles().at(-1)).toBe('已提交 – 错误：申请人的公民身份号码 – 便民');
  });

  it('sets titles one after another, never two at once', async () => {
    document.title = '请核对您填写的内容 – 便民'; // the test setup empties it between tests
    await settle();
    const calls = setTitle.mock.calls.length;
    let inFlight = 0;
    let most = 0;
    setTitle.mockImplementation(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
    });
    announce('正在提交，请稍候……');
    await new Promise((resolve) => setTimeout(resolve, 0));
    document.title = '申请已提交 – 便民';
    announce('已提交');
    await settle();
    expect(titles().slice(calls)).toEqual(['正在提交，请稍候…… – 请核对您填写的内容 – 便民', '已提交 – 申请已提交 – 便民']);
    expect(most).toBe(1);
  });

  it('formats a title with a status in each language', () => {
    expect(windowTitle('请核对您填写的内容 – 便民', '已保存')).toBe('已保存 – 请核对您填写的内容 – 便民');
    expect(windowTitle('请核对您填写的内容 – 便民', null)).toBe('请核对您填写的内容 – 便民');
    useLang('en-US');
    expect(windowTitle('Check your answers – Bianmin', 'Saved')).toBe('Saved – Check your answers – Bianmin');
    useLang('zh-CN');
  });
});

describe('case number', () => {
  it('is shown in groups of four and said character by character, a pause between groups', () => {
    expect(caseNumberGroups('BM20261129000001')).toEqual(['BM20', '2611', '2900', '0001']);
    useLang('zh-CN');
    expect(spokenCaseNumber('BM20261129000001')).toBe('B M 2 0，2 6 1 1，2 9 0 0，0 0 0 1');
    useLang('en-US');
    expect(spokenCaseNumber('BM20261129000001')).toBe('B M 2 0, 2 6 1 1, 2 9 0 0, 0 0 0 1');
    expect(spokenCaseNumber('AB12345')).toBe('A B 1 2, 3 4 5');
    useLang('zh-CN');
  });
});
