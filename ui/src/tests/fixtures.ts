import type { Draft } from '../bindings/Draft';
import type { Receipt } from '../bindings/Receipt';
import type { ServiceList } from '../bindings/ServiceList';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';

export const services: ServiceList = {
  fromCache: false,
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

export function makeDraft(answers: Record<string, string> = {}): Draft {
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
        required: true,
        inputMode: 'text',
        autocomplete: 'name',
        maxLength: 50,
        width: 10,
      },
      {
        linkId: 'id-number',
        kind: 'string',
        text: { zhCN: '您的公民身份号码', enUS: 'Your resident ID number' },
        hint: null,
        required: true,
        inputMode: 'text',
        autocomplete: null,
        maxLength: 18,
        width: 18,
      },
      {
        linkId: 'mobile',
        kind: 'string',
        text: { zhCN: '您的手机号码', enUS: 'Your mobile number' },
        hint: null,
        required: true,
        inputMode: 'tel',
        autocomplete: 'tel',
        maxLength: 11,
        width: 11,
      },
    ],
    answers,
    status: 'draft',
    caseNumber: null,
    updatedAt: '2026-11-29T08:00:00Z',
  };
}

export const receipt: Receipt = {
  draftId: '0b6f2a52-7c1f-4c55-9f5e-2a1d3c4b5e6f',
  caseNumber: 'BM20261129000001',
  serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
  submittedAt: '2026-11-29T08:10:00Z',
  promisedDays: 15,
};

export const applications: ApplicationSummary[] = [
  {
    draftId: 'd1',
    serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
    status: 'draft',
    caseNumber: null,
    updatedAt: '2026-11-29T08:00:00Z',
  },
  {
    draftId: 'd2',
    serviceName: { zhCN: '残疾人两项补贴', enUS: 'Disability subsidies' },
    status: 'submitted',
    caseNumber: 'BM20261128000007',
    updatedAt: '2026-11-28T08:00:00Z',
  },
];
