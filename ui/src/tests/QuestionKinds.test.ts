import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, localized } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { liveRegion } from '../lib/announce.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import { formDraft, kinds } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { Question } from '../bindings/Question';
import type { Draft } from '../bindings/Draft';

const saveAnswer = vi.mocked(ipc.saveAnswer);
const DRAFT_ID = formDraft([]).id;

/** Renders the question as the first page of a draft, followed by one more question. */
function open(question: Question, answers: Record<string, string[]> = {}) {
  const draft = formDraft([question, kinds.householdSize], answers);
  render(QuestionPage, { target: mainTarget(), props: { draft, index: 0 } });
  return draft;
}

/** save_answer that stores the values and accepts them. */
function accepts(questions: Question[]) {
  saveAnswer.mockImplementation(async (_d, linkId, values) => ({
    draft: formDraft(questions, { [linkId]: values }),
    error: null,
  }));
}

/** save_answer that stores the values as typed and refuses them with the message id. */
function refuses(question: Question, id: string) {
  saveAnswer.mockImplementation(async (_d, linkId, values) => ({
    draft: formDraft([question, kinds.householdSize], { [linkId]: values }),
    error: { linkId, message: { id, args: { hotline: '12345' } } },
  }));
}

async function continueAndExpectSummary(user: ReturnType<typeof userEvent.setup>, id: string): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: t('button-continue') }));
  const summary = await screen.findByRole('region', { name: t('error-summary-title') });
  await vi.waitFor(() => expect(document.activeElement).toBe(summary));
  expect(summary.textContent).toContain(t(id));
  expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
  return summary;
}

/** The text of an element's aria-describedby, as a screen reader reads it. */
function description(el: Element): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
}

function question(q: Question): string {
  return localized(q.text);
}

describe.each(LANGS)('Question kinds: roles, names and axe (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    saveAnswer.mockReset();
  });

  it('display: the text is the h1, no input, no progress', async () => {
    open(kinds.intro);
    const h1 = screen.getByRole('heading', { level: 1, name: question(kinds.intro) });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByText(t('question-progress', { current: '1', total: '1' }))).toBeNull();
    expect(screen.getByRole('button', { name: t('button-continue') })).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('text: a labelled textarea with a static limit hint, never a live region', async () => {
    open(kinds.address);
    const area = screen.getByRole('textbox', { name: question(kinds.address) });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.getAttribute('rows')).toBe('5');
    expect(area.hasAttribute('maxlength')).toBe(false);
    const describedBy = (area.getAttribute('aria-describedby') ?? '').split(' ');
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain(t('text-max-length', { max: 200 }));
    expect(document.querySelectorAll('main [aria-live], main [role="status"]')).toHaveLength(0);
    await expectNoAxeViolations();
  });

  it('integer and decimal: text inputs with inputmode numeric / decimal, never type=number', async () => {
    open(kinds.householdSize);
    const n = screen.getByRole('textbox', { name: question(kinds.householdSize) });
    expect(n.getAttribute('type')).toBe('text');
    expect(n.getAttribute('inputmode')).toBe('numeric');
    expect(n.getAttribute('spellcheck')).toBe('false');
    expect(screen.getByText(t('question-progress', { current: '1', total: '2' }))).toBeTruthy();
    await expectNoAxeViolations();
    document.body.innerHTML = '';
    open(kinds.income);
    const d = screen.getByRole('textbox', { name: question(kinds.income) });
    expect(d.getAttribute('type')).toBe('text');
    expect(d.getAttribute('inputmode')).toBe('decimal');
    expect(document.querySelector('input[type="number"]')).toBeNull();
  });

  it('date: a group named by the legend h1, three labelled fields in the language order, prefilled', async () => {
    open(kinds.birthDate, { 'birth-date': ['1946-03-27'] });
    const group = screen.getByRole('group', { name: question(kinds.birthDate) });
    expect(group.tagName).toBe('FIELDSET');
    expect(group.querySelector('legend h1')?.textContent).toBe(question(kinds.birthDate));
    const fields = within(group).getAllByRole('textbox') as HTMLInputElement[];
    const names = lang === 'zh-CN' ? ['年', '月', '日'] : ['Day', 'Month', 'Year'];
    expect(fields.map((f) => within(group).getByRole('textbox', { name: names[fields.indexOf(f)] }))).toEqual(fields);
    expect(fields.map((f) => f.value)).toEqual(lang === 'zh-CN' ? ['1946', '03', '27'] : ['27', '03', '1946']);
    for (const f of fields) {
      expect(f.getAttribute('inputmode')).toBe('numeric');
      expect(f.getAttribute('type')).toBe('text');
    }
    expect(fields[0]!.getAttribute('autocomplete')).toBe(lang === 'zh-CN' ? 'bday-year' : 'bday-day');
    const hint = document.getElementById((group.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '');
    expect(hint?.textContent).toBe(t('date-example-hint'));
    // Each part is described by the question and the hint: Orca 43 does not name the group when
    // focus comes from the h1 inside it (tests/screen-reader/FINDINGS.md, F11).
    for (const f of fields) expect(description(f)).toBe(`${question(kinds.birthDate)} ${t('date-example-hint')}`);
    await expectNoAxeViolations();
  });

  it('boolean: two radios 是/否 in a group named by the legend h1', async () => {
    open(kinds.forSelf);
    const group = screen.getByRole('group', { name: question(kinds.forSelf) });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['true', 'false']);
    expect(within(group).getByRole('radio', { name: t('boolean-yes') })).toBe(radios[0]);
    expect(within(group).getByRole('radio', { name: t('boolean-no') })).toBe(radios[1]);
    // Each radio is described by its position (F10).
    expect(radios.map(description)).toEqual(
      ['1', '2'].map((position) => t('choice-position', { position, total: '2' })),
    );
    // The section is shown as a caption above the question.
    expect(screen.getByText(localized(kinds.forSelf.section)).classList.contains('caption')).toBe(true);
    await expectNoAxeViolations();
  });

  it('choice: radios; repeating choice: checkboxes with the "select all" hint', async () => {
    open(kinds.grade);
    const group = screen.getByRole('group', { name: question(kinds.grade) });
    const radios = within(group).getAllByRole('radio');
    expect(radios).toHaveLength(2);
    kinds.grade.options.forEach((o, i) => expect(within(group).getByRole('radio', { name: localized(o.text) })).toBe(radios[i]));
    // The whole label is the target: it is a <label for> of the radio.
    expect((radios[0] as HTMLInputElement).labels?.[0]?.classList.contains('choice-label')).toBe(true);
    await expectNoAxeViolations();
    document.body.innerHTML = '';
    open(kinds.subsidies);
    const multi = screen.getByRole('group', { name: question(kinds.subsidies) });
    expect(within(multi).getAllByRole('checkbox')).toHaveLength(2);
    expect(within(multi).getByRole('checkbox', { name: localized(kinds.subsidies.options[1]!.text) })).toBeTruthy();
    const hint = document.getElementById(multi.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(t('choice-select-all'));
    await expectNoAxeViolations();
  });

  it('openChoice: the options, then "Other" controlling a text field revealed right after it', async () => {
    const user = userEvent.setup();
    open(kinds.relationship);
    const group = screen.getByRole('group', { name: question(kinds.relationship) });
    const radios = within(group).getAllByRole('radio');
    const other = within(group).getByRole('radio', { name: t('open-choice-other') });
    expect(radios.at(-1)).toBe(other);
    const reveal = document.getElementById(other.getAttribute('aria-controls') ?? '')!;
    expect(reveal.hidden).toBe(true);
    expect(other.closest('.choice-item')?.nextElementSibling).toBe(reveal);
    await user.click(other);
    expect(reveal.hidden).toBe(false);
    expect(within(reveal).getByRole('textbox', { name: t('open-choice-other-label') })).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('attachment: the question as the h1 and a file input named by it', async () => {
    open(kinds.certificate);
    expect(screen.getByRole('heading', { level: 1, name: question(kinds.certificate) })).toBeTruthy();
    const input = screen.getByLabelText(`${t('attachment-choose')} ${question(kinds.certificate)}`) as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(screen.queryByRole('textbox')).toBeNull();
    await expectNoAxeViolations();
  });

  it('repeating text: an "add another" group with numbered labels and remove buttons', async () => {
    open(kinds.phones, { phones: ['13800138000', '010 12345678'] });
    const group = screen.getByRole('group', { name: question(kinds.phones) });
    const first = within(group).getByRole('textbox', { name: t('repeat-item-label', { n: 1 }) }) as HTMLInputElement;
    expect(first.value).toBe('13800138000');
    expect(first.getAttribute('inputmode')).toBe('tel');
    expect(within(group).getByRole('button', { name: t('repeat-remove', { n: 2 }) })).toBeTruthy();
    expect(within(group).getByRole('button', { name: t('repeat-add') })).toBeTruthy();
    await expectNoAxeViolations();
  });
});

describe('Question kinds: what is sent, errors and values kept (zh-CN)', () => {
  beforeEach(() => {
    useLang('zh-CN');
    saveAnswer.mockReset();
  });

  it('display sends [] and goes on', async () => {
    const user = userEvent.setup();
    accepts([kinds.intro, kinds.householdSize]);
    open(kinds.intro);
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenCalledWith(DRAFT_ID, 'before-you-start', []);
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1 }));
  });

  it('text sends what was typed; integer keeps it after an error', async () => {
    const user = userEvent.setup();
    accepts([kinds.address, kinds.householdSize]);
    open(kinds.address);
    await user.type(screen.getByRole('textbox'), '北京市东城区');
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenCalledWith(DRAFT_ID, 'address', ['北京市东城区']);

    document.body.innerHTML = '';
    refuses(kinds.householdSize, 'error-integer-format');
    open(kinds.householdSize);
    const input = screen.getByRole('textbox') as HTMLInputElement;
    await user.type(input, '三');
    const summary = await continueAndExpectSummary(user, 'error-integer-format');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'household-size', ['三']);
    expect(input.value).toBe('三');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(within(summary).getByRole('link').getAttribute('href')).toBe(`#${input.id}`);
  });

  it('date sends "year-month-day" as typed; a missing part keeps every field, and its link and mark go to that part', async () => {
    const user = userEvent.setup();
    refuses(kinds.birthDate, 'error-date-missing-month');
    open(kinds.birthDate);
    await user.type(screen.getByRole('textbox', { name: '年' }), '1946');
    await user.type(screen.getByRole('textbox', { name: '日' }), '27');
    const summary = await continueAndExpectSummary(user, 'error-date-missing-month');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'birth-date', ['1946--27']);
    const fields = screen.getAllByRole('textbox') as HTMLInputElement[];
    expect(fields.map((f) => f.value)).toEqual(['1946', '', '27']);
    // GOV.UK: only the part that is wrong is marked invalid.
    expect(fields.map((f) => f.getAttribute('aria-invalid'))).toEqual([null, 'true', null]);
    const group = screen.getByRole('group', { name: question(kinds.birthDate) });
    const error = (group.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(error).toContain(`${t('error-prefix')}${t('error-date-missing-month')}`);
    const link = within(summary).getByRole('link', { name: t('error-date-missing-month') });
    await user.click(link);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: '月' })));
    expect(description(document.activeElement!)).toContain(t('error-date-missing-month'));
    await expectNoAxeViolations();

    await user.type(screen.getByRole('textbox', { name: '月' }), '3');
    accepts([kinds.birthDate, kinds.householdSize]);
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'birth-date', ['1946-3-27']);
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1 }));
  });

  it('date in English: Day, Month, Year, sent as year-month-day', async () => {
    useLang('en-US');
    const user = userEvent.setup();
    accepts([kinds.birthDate, kinds.householdSize]);
    open(kinds.birthDate);
    await user.type(screen.getByRole('textbox', { name: 'Day' }), '27');
    await user.type(screen.getByRole('textbox', { name: 'Month' }), '3');
    await user.type(screen.getByRole('textbox', { name: 'Year' }), '1946');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(saveAnswer).toHaveBeenCalledWith(DRAFT_ID, 'birth-date', ['1946-3-27']);
  });

  it('boolean: nothing chosen shows the error linked to the first radio; 是 sends ["true"]', async () => {
    const user = userEvent.setup();
    refuses(kinds.forSelf, 'error-select-required');
    open(kinds.forSelf);
    const summary = await continueAndExpectSummary(user, 'error-select-required');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'applying-for-self', []);
    await user.click(within(summary).getByRole('link'));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: '是' })));
    await expectNoAxeViolations();

    await user.click(screen.getByRole('radio', { name: '是' }));
    await continueAndExpectSummary(user, 'error-select-required');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'applying-for-self', ['true']);
    // The choice is kept after an error.
    expect((screen.getByRole('radio', { name: '是' }) as HTMLInputElement).checked).toBe(true);
  });

  it('choice sends the code; a repeating choice sends the codes in option order', async () => {
    const user = userEvent.setup();
    accepts([kinds.grade, kinds.householdSize]);
    open(kinds.grade);
    await user.click(screen.getByRole('radio', { name: '二级' }));
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'disability-grade', ['2']);

    document.body.innerHTML = '';
    refuses(kinds.subsidies, 'error-choice-invalid');
    open(kinds.subsidies);
    await user.click(screen.getByRole('checkbox', { name: '重度残疾人护理补贴' }));
    await user.click(screen.getByRole('checkbox', { name: '困难残疾人生活补贴' }));
    await continueAndExpectSummary(user, 'error-choice-invalid');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'subsidies', ['living', 'care']);
    expect(screen.getAllByRole('checkbox').every((c) => (c as HTMLInputElement).checked)).toBe(true);
    expect(screen.getAllByRole('checkbox').every((c) => c.getAttribute('aria-invalid') === 'true')).toBe(true);
    await expectNoAxeViolations();
  });

  it('openChoice sends an option code, or the free text of "Other"; free text is prefilled as Other', async () => {
    const user = userEvent.setup();
    accepts([kinds.relationship, kinds.householdSize]);
    open(kinds.relationship);
    await user.click(screen.getByRole('radio', { name: '子女' }));
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'agent-relationship', ['child']);

    document.body.innerHTML = '';
    open(kinds.relationship);
    await user.click(screen.getByRole('radio', { name: '其他' }));
    await user.type(screen.getByRole('textbox', { name: t('open-choice-other-label') }), '侄子');
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'agent-relationship', ['侄子']);

    document.body.innerHTML = '';
    open(kinds.relationship, { 'agent-relationship': ['侄子'] });
    expect((screen.getByRole('radio', { name: '其他' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox', { name: t('open-choice-other-label') }) as HTMLInputElement).value).toBe('侄子');
  });

  it('attachment sends the files\' ids ([] with none) and links error-attachment-required to the chooser', async () => {
    const user = userEvent.setup();
    refuses(kinds.certificate, 'error-attachment-required');
    open(kinds.certificate);
    const summary = await continueAndExpectSummary(user, 'error-attachment-required');
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'certificate', []);
    expect(within(summary).getByRole('link')).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('add another: focus goes to the new input, back to the previous one on remove, which is announced', async () => {
    const user = userEvent.setup();
    accepts([kinds.phones, kinds.householdSize]);
    open(kinds.phones);
    expect(screen.queryByRole('button', { name: t('repeat-remove', { n: 1 }) })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: '第 1 项' }), '13800138000');
    await user.click(screen.getByRole('button', { name: '添加一项' }));
    const second = screen.getByRole('textbox', { name: '第 2 项' });
    await vi.waitFor(() => expect(document.activeElement).toBe(second));
    await user.type(second, '010');
    await user.click(screen.getByRole('button', { name: '添加一项' }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: '第 3 项' })));
    await user.click(screen.getByRole('button', { name: '删除第 3 项' }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: '第 2 项' })));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('repeat-removed', { n: 3 })));
    expect(screen.queryByRole('textbox', { name: '第 3 项' })).toBeNull();
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenLastCalledWith(DRAFT_ID, 'phones', ['13800138000', '010']);
  });
});

describe.each(LANGS)('Date errors link to the part that is wrong (%s)', (lang) => {
  const names = (zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
  const cases: [string, string, boolean[]][] = [
    // error id, the field the link focuses, which fields are marked invalid (year, month, day)
    ['error-date-missing-day', names('日', 'Day'), [false, false, true]],
    ['error-date-missing-month', names('月', 'Month'), [false, true, false]],
    ['error-date-missing-year', names('年', 'Year'), [true, false, false]],
    ['error-date-year-digits', names('年', 'Year'), [true, false, false]],
    // About the whole date: the first field in the language's order, all three marked.
    ['error-date-not-real', names('年', 'Day'), [true, true, true]],
    ['error-date-required', names('年', 'Day'), [true, true, true]],
    ['error-date-after', names('年', 'Day'), [true, true, true]],
  ];

  beforeEach(() => {
    useLang(lang);
    saveAnswer.mockReset();
  });

  it.each(cases)('%s → %s', async (id, target, marked) => {
    const user = userEvent.setup();
    refuses(kinds.birthDate, id);
    open(kinds.birthDate, { 'birth-date': ['1946-13-'] });
    const summary = await continueAndExpectSummary(user, id);
    await user.click(within(summary).getByRole('link'));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: target })));
    const byPart = [names('年', 'Year'), names('月', 'Month'), names('日', 'Day')].map(
      (name) => screen.getByRole('textbox', { name }).getAttribute('aria-invalid') === 'true',
    );
    expect(byPart).toEqual(marked);
  });
});

describe('A conditional question (enableWhen applied by Rust on save)', () => {
  beforeEach(() => {
    useLang('zh-CN');
    saveAnswer.mockReset();
    // Like the Rust engine: "agent-name" is asked only when applying-for-self is false.
    saveAnswer.mockImplementation(async (_d, linkId, values) => {
      const asked = values[0] === 'false' ? [kinds.forSelf, kinds.agentName, kinds.birthDate] : [kinds.forSelf, kinds.birthDate];
      return { draft: formDraft(asked, { [linkId]: values }), error: null };
    });
  });

  function start(): Draft {
    const draft = formDraft([kinds.forSelf, kinds.birthDate]);
    render(QuestionPage, { target: mainTarget(), props: { draft, index: 0 } });
    return draft;
  }

  it('answering 否 asks the extra question next', async () => {
    const user = userEvent.setup();
    start();
    await user.click(screen.getByRole('radio', { name: '否' }));
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenCalledWith(DRAFT_ID, 'applying-for-self', ['false']);
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1 }));
    const screenNow = nav.screen as Extract<typeof nav.screen, { name: 'question' }>;
    expect(screenNow.draft.questions[screenNow.index]!.linkId).toBe('agent-name');
  });

  it('answering 是 goes straight to the following question', async () => {
    const user = userEvent.setup();
    start();
    await user.click(screen.getByRole('radio', { name: '是' }));
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(saveAnswer).toHaveBeenCalledWith(DRAFT_ID, 'applying-for-self', ['true']);
    await vi.waitFor(() => expect(nav.screen.name).toBe('question'));
    const screenNow = nav.screen as Extract<typeof nav.screen, { name: 'question' }>;
    expect(screenNow.draft.questions[screenNow.index]!.linkId).toBe('birth-date');
  });

  it('changing to 否 from the check page goes through the new question first', async () => {
    const user = userEvent.setup();
    const draft = formDraft([kinds.forSelf, kinds.birthDate], { 'applying-for-self': ['true'] });
    render(QuestionPage, { target: mainTarget(), props: { draft, index: 0, fromCheck: true } });
    await user.click(screen.getByRole('radio', { name: '否' }));
    await user.click(screen.getByRole('button', { name: '继续' }));
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1, fromCheck: true }));
  });
});

describe.each(LANGS)('CheckAnswers with every kind (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
  });

  it('shows option texts, formatted dates, one repeat per line, and no display pages', async () => {
    const zh = lang === 'zh-CN';
    const draft = formDraft(
      [kinds.intro, kinds.forSelf, kinds.birthDate, kinds.subsidies, kinds.relationship, kinds.phones, kinds.income],
      {
        'before-you-start': [],
        'applying-for-self': ['false'],
        'birth-date': ['1946-03-27'],
        subsidies: ['living', 'care'],
        'agent-relationship': ['侄子'],
        phones: ['13800138000', '010 12345678'],
        'monthly-income': [],
      },
    );
    render(CheckAnswers, { target: mainTarget(), props: { draft } });
    const value = (q: Question) =>
      [...document.querySelectorAll('.summary-row')].find((r) => r.querySelector('dt')?.textContent === localized(q.text))
        ?.querySelector('.summary-value');
    expect([...document.querySelectorAll('dl dt')].map((d) => d.textContent)).not.toContain(localized(kinds.intro.text));
    expect(value(kinds.forSelf)?.textContent?.trim()).toBe(zh ? '否' : 'No');
    expect(value(kinds.birthDate)?.textContent?.trim()).toBe(zh ? '1946年3月27日' : '27 March 1946');
    expect(value(kinds.subsidies)?.textContent?.trim()).toBe(
      zh ? '困难残疾人生活补贴、重度残疾人护理补贴' : 'Living subsidy, Care subsidy',
    );
    expect(value(kinds.relationship)?.textContent?.trim()).toBe('侄子');
    expect([...(value(kinds.phones)?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      '13800138000',
      '010 12345678',
    ]);
    expect(value(kinds.income)?.textContent?.trim()).toBe(t('check-no-answer'));
    // Change links keep the index in the Draft's questions (display pages included).
    await userEvent.setup().click(screen.getByRole('link', { name: `${t('check-change')} ${localized(kinds.birthDate.text)}` }));
    expect(nav.screen).toMatchObject({ name: 'question', index: 2, fromCheck: true });
    await expectNoAxeViolations();
  });
});

describe('resume', () => {
  it('starts on a display page of a fresh draft, skips saved ones, and stops at a required blank answer', async () => {
    const { resume } = await import('../lib/nav.svelte');
    const questions = [kinds.intro, kinds.forSelf, kinds.birthDate, kinds.phones];
    expect(resume(formDraft(questions))).toMatchObject({ name: 'question', index: 0 });
    expect(resume(formDraft(questions, { 'before-you-start': [], 'applying-for-self': ['true'] }))).toMatchObject({ index: 2 });
    expect(
      resume(formDraft(questions, { 'before-you-start': [], 'applying-for-self': ['true'], 'birth-date': ['--'] })),
    ).toMatchObject({ index: 2 });
    expect(
      resume(formDraft(questions, { 'before-you-start': [], 'applying-for-self': ['true'], 'birth-date': ['1946-03-27'], phones: [] })),
    ).toMatchObject({ name: 'check' });
  });
});
