import type { Question } from '../bindings/Question';
import type { Draft } from '../bindings/Draft';
import type { Receipt } from '../bindings/Receipt';
import type { ServiceList } from '../bindings/ServiceList';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';

export const services: ServiceList = {
  fromCache: false,
  lifeEvents: [
    { code: 'turning-80', name: { zhCN: '年满 80 周岁', enUS: 'Turning 80' }, services: ['elderly-allowance'] },
    { code: 'disability', name: { zhCN: '残疾', enUS: 'Disability' }, services: ['disability-subsidy'] },
  ],
  departments: [
    { code: 'civil-affairs', name: { zhCN: '民政局', enUS: 'Civil Affairs Bureau' }, services: ['elderly-allowance'] },
    { code: 'dpf', name: { zhCN: '残联', enUS: 'Disabled Persons’ Federation' }, services: ['disability-subsidy'] },
  ],
  services: [
    {
      code: 'elderly-allowance',
      name: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
      department: { zhCN: '民政局', enUS: 'Civil Affairs Bureau' },
      summary: { zhCN: '80 周岁以上老人每月领取津贴。', enUS: 'A monthly allowance for people aged 80 or over.' },
    },
    {
      code: 'disability-subsidy',
      name: { zhCN: '残疾人两项补贴', enUS: '' },
      department: { zhCN: '残联', enUS: 'Disabled Persons’ Federation' },
      summary: { zhCN: '生活补贴和护理补贴。', enUS: 'Living and care subsidies.' },
    },
  ],
};

/** The three-question draft most screen tests use: answers are lists of texts, as from Rust. */
export function makeDraft(answers: Record<string, string[]> = {}): Draft {
  return {
    id: '0b6f2a52-7c1f-4c55-9f5e-2a1d3c4b5e6f',
    serviceCode: 'elderly-allowance',
    serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
    questions: [
      {
        linkId: 'name',
        kind: 'string',
        text: { zhCN: '您的姓名', enUS: 'Your full name' },
        hint: { zhCN: '和身份证上的一样', enUS: 'As on your ID card' },
        section: null,
        required: true,
        repeats: false,
        options: [],
        inputMode: 'text',
        autocomplete: 'name',
        maxLength: 50,
        maxAnswers: null,
        width: 10,
        prefilled: false,
        attachments: [],
      },
      {
        linkId: 'id-number',
        kind: 'string',
        text: { zhCN: '您的公民身份号码', enUS: 'Your resident ID number' },
        hint: null,
        section: null,
        required: true,
        repeats: false,
        options: [],
        inputMode: 'text',
        autocomplete: null,
        maxLength: 18,
        maxAnswers: null,
        width: 18,
        prefilled: false,
        attachments: [],
      },
      {
        linkId: 'mobile',
        kind: 'string',
        text: { zhCN: '您的手机号码', enUS: 'Your mobile number' },
        hint: null,
        section: null,
        required: true,
        repeats: false,
        options: [],
        inputMode: 'tel',
        autocomplete: 'tel',
        maxLength: 11,
        maxAnswers: null,
        width: 11,
        prefilled: false,
        attachments: [],
      },
    ],
    answers,
    review: [],
    status: 'draft',
    caseNumber: null,
    updatedAt: '2026-11-29T08:00:00Z',
    outbox: null,
    supplementFor: null,
  };
}

export const receipt: Receipt = {
  draftId: '0b6f2a52-7c1f-4c55-9f5e-2a1d3c4b5e6f',
  caseNumber: 'BM20261129000001',
  serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
  submittedAt: '2026-11-29T08:10:00Z',
  promisedDays: 15,
  outbox: 'accepted',
  nextAttemptAt: null,
  attention: null,
  hotline: false,
};

/** The receipt of an application still in the outbox (submit_application's 10 s ran out). */
export function waitingReceipt(more: Partial<Receipt> = {}): Receipt {
  return { ...receipt, caseNumber: null, submittedAt: null, outbox: 'sending', ...more };
}

export const applications: ApplicationSummary[] = [
  {
    draftId: 'd1',
    serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
    status: 'draft',
    caseNumber: null,
    updatedAt: '2026-11-29T08:00:00Z',
    outbox: null,
    nextAttemptAt: null,
    attention: null,
    caseStatus: null,
    caseStatusMessage: null,
    unseenEvents: 0,
    hotline: false,
  },
  {
    draftId: 'd2',
    serviceName: { zhCN: '残疾人两项补贴', enUS: 'Disability subsidies' },
    status: 'submitted',
    caseNumber: 'BM20261128000007',
    updatedAt: '2026-11-28T08:00:00Z',
    outbox: 'accepted',
    nextAttemptAt: null,
    attention: null,
    caseStatus: null,
    caseStatusMessage: null,
    unseenEvents: 0,
    hotline: false,
  },
];

/** One question of any kind, with the defaults of a required single answer. */
export function makeQuestion(linkId: string, kind: Question['kind'], zhCN: string, enUS: string, more: Partial<Question> = {}): Question {
  return {
    linkId,
    kind,
    text: { zhCN, enUS },
    hint: null,
    section: null,
    required: true,
    repeats: false,
    options: [],
    inputMode: kind === 'integer' || kind === 'date' ? 'numeric' : kind === 'decimal' ? 'decimal' : 'text',
    autocomplete: null,
    maxLength: null,
    maxAnswers: null,
    width: null,
    prefilled: false,
    attachments: [],
    ...more,
  };
}

/** The questions of the disability-subsidy demo form, one of each kind. */
export const kinds = {
  intro: makeQuestion('before-you-start', 'display', '申请前请准备好残疾人证', 'Have your disability certificate ready', {
    required: false,
  }),
  forSelf: makeQuestion('applying-for-self', 'boolean', '您是为自己申请吗？', 'Are you applying for yourself?', {
    section: { zhCN: '申请人', enUS: 'Applicant' },
  }),
  agentName: makeQuestion('agent-name', 'string', '代办人的姓名', 'Name of the person applying for them'),
  birthDate: makeQuestion('birth-date', 'date', '出生日期', 'Date of birth', { autocomplete: 'bday' }),
  grade: makeQuestion('disability-grade', 'choice', '残疾等级', 'Disability grade', {
    options: [
      { code: '1', text: { zhCN: '一级', enUS: 'Grade 1' } },
      { code: '2', text: { zhCN: '二级', enUS: 'Grade 2' } },
    ],
  }),
  subsidies: makeQuestion('subsidies', 'choice', '您要申请哪些补贴？', 'Which subsidies are you applying for?', {
    repeats: true,
    options: [
      { code: 'living', text: { zhCN: '困难残疾人生活补贴', enUS: 'Living subsidy' } },
      { code: 'care', text: { zhCN: '重度残疾人护理补贴', enUS: 'Care subsidy' } },
    ],
  }),
  relationship: makeQuestion('agent-relationship', 'openChoice', '代办人和申请人是什么关系？', 'How is the agent related to the applicant?', {
    options: [
      { code: 'child', text: { zhCN: '子女', enUS: 'Child' } },
      { code: 'spouse', text: { zhCN: '配偶', enUS: 'Spouse' } },
    ],
  }),
  householdSize: makeQuestion('household-size', 'integer', '家里一共有几口人？', 'How many people live in your household?'),
  income: makeQuestion('monthly-income', 'decimal', '家庭每月收入（元）', 'Monthly household income (yuan)'),
  address: makeQuestion('address', 'text', '您的居住地址', 'Your home address', { maxLength: 200 }),
  certificate: makeQuestion('certificate', 'attachment', '残疾人证照片', 'Photo of your disability certificate'),
  phones: makeQuestion('phones', 'string', '联系电话', 'Phone numbers', { repeats: true, inputMode: 'tel', required: false }),
} satisfies Record<string, Question>;

/** A draft of the given questions and answers. */
export function formDraft(questions: Question[], answers: Record<string, string[]> = {}): Draft {
  return { ...makeDraft(answers), serviceCode: 'disability-subsidy', questions };
}
