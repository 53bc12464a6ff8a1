#!/usr/bin/env python3
"""Writes demo/services.json and demo/catalogue.json (life events, departments, bundles).
Run from crates/server: python3 demo/gen/catalogue.py"""
import json, pathlib

def L(zh, en):
    return {"zhCN": zh, "enUS": en}

DEPARTMENTS = {
    "civil-affairs": L("民政局", "Civil Affairs Bureau"),
    "dpf": L("残疾人联合会", "Disabled Persons' Federation"),
    "hrss": L("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "medical-security": L("医疗保障局", "Healthcare Security Bureau"),
    "public-security": L("公安局", "Public Security Bureau"),
}
LIFE_EVENTS = [
    ("turning-80", L("年满 80 周岁", "Turning 80"), L("高龄津贴、优待和家里的改造", "Old-age allowance, concessions and home adaptations")),
    ("disability", L("残疾人服务", "Living with a disability"), L("残疾人证、补贴和生活保障", "Disability certificate, subsidies and living support")),
    ("retiring", L("退休", "Retiring"), L("领取养老金、医保和每年的资格认证", "Claiming the pension, medical insurance and the yearly check")),
    ("moving-house", L("搬家", "Moving house"), L("居住证、户口和医保跟着走", "Residence permit, household registration and medical insurance")),
    ("bereavement", L("亲人去世", "A death in the family"), L("注销户口、丧葬补贴和抚恤金", "Deregistration, funeral subsidy and survivor's pension")),
]

def M(code, zh, en, required=True, licences=(), fetched=False):
    return {"code": code, "name": L(zh, en), "required": required, "acceptedELicences": list(licences), "fetchedByGovernment": fetched}

ID = lambda: M("id-card", "居民身份证", "Resident ID card", licences=["resident-id-card"], fetched=True)
HUKOU = lambda: M("household-register", "户口簿", "Household register", licences=["household-register"], fetched=True)
PHOTO = lambda: M("photo-1inch", "近期一寸免冠照片", "A recent one-inch photo", licences=[])
BANK = lambda: M("bank-card", "本人社保卡或银行卡", "Your own social security or bank card", licences=["social-security-card"])

S = [
 # code, zh, en, dept, summary zh, summary en, promised, legal, life events, pinyin full, initials, synonyms, materials
 ("elderly-allowance", "高龄津贴申请", "Old-age allowance application", "civil-affairs",
  "80 周岁及以上、本地户籍的老年人，每月领取高龄津贴", "Monthly allowance for residents aged 80 or over with local household registration",
  15, 20, ["turning-80"], "gaolingjintieshenqing", "gljtsq", ["高龄补贴", "老人补贴", "长寿金"], [ID(), HUKOU(), BANK(), PHOTO()]),
 ("disability-subsidy", "残疾人两项补贴申请", "Disability subsidies application", "dpf",
  "困难残疾人生活补贴和重度残疾人护理补贴", "Living subsidy for people with disabilities on low income, and care subsidy for severe disabilities",
  20, 30, ["disability"], "canjirenliangxiangbutieshenqing", "cjrlxbtsq", ["残疾补贴", "护理补贴", "生活补贴"],
  [ID(), M("disability-certificate", "残疾人证", "Disability certificate", licences=["disability-certificate"], fetched=True), M("low-income-certificate", "低保证明", "Minimum living allowance certificate", required=False, fetched=True)]),
 ("senior-card", "老年人优待证办理", "Senior citizen card", "civil-affairs",
  "60 周岁及以上老年人凭证享受乘车、游园等优待", "Residents aged 60 or over get free or reduced fares, parks and more",
  5, 10, ["turning-80", "retiring"], "laonianrenyoudaizhengbanli", "lnrydzbl", ["老年证", "敬老卡", "老人卡"], [ID(), PHOTO()]),
 ("pension-certification", "养老金领取资格认证", "Pension entitlement check", "hrss",
  "每年确认一次，养老金才能继续按时发放", "A yearly check so that your pension keeps being paid",
  1, 5, ["retiring"], "yanglaojinlingquzigerenzheng", "yljlqzgrz", ["生存认证", "养老金认证", "年审"], [ID()]),
 ("disability-certificate", "残疾人证办理", "Disability certificate", "dpf",
  "经过残疾评定，办理第二代残疾人证", "After a disability assessment, get the disability certificate",
  20, 30, ["disability"], "canjirenzhengbanli", "cjrzbl", ["残疾证", "残疾评定"], [ID(), PHOTO(), M("medical-records", "病历或诊断证明", "Medical records or a diagnosis", required=False)]),
 ("accessibility-adaptation", "居家适老化改造申请", "Home adaptation for older people", "civil-affairs",
  "给家里装扶手、防滑地面、紧急呼叫器，困难老人可以补贴", "Grab bars, non-slip floors and call buttons at home, subsidised for those in need",
  20, 30, ["turning-80", "disability"], "jujiashilaohuagaizaoshenqing", "jjslhgzsq", ["适老化改造", "无障碍改造", "装扶手"], [ID(), M("home-photos", "需要改造地方的照片", "Photos of what needs adapting", required=False)]),
 ("pension-claim", "城乡居民养老保险待遇领取", "Claiming the residents' basic pension", "hrss",
  "年满 60 周岁、缴费满 15 年的居民，按月领取养老金", "Residents aged 60 who paid in for 15 years get a monthly pension",
  10, 20, ["retiring"], "chengxiangjuminyanglaobaoxiandaiyulingqu", "cxjmylbxdylq", ["领养老金", "退休金", "养老待遇"], [ID(), HUKOU(), BANK()]),
 ("resident-medical-insurance", "城乡居民基本医疗保险参保登记", "Residents' basic medical insurance registration", "medical-security",
  "没有职工医保的居民，在这里参加医保", "For residents without employee medical insurance",
  5, 10, ["retiring", "moving-house"], "chengxiangjuminjibenyiliaobaoxiancanbaodengji", "cxjmjbylbxcbdj", ["医保", "居民医保", "新农合"], [ID(), HUKOU()]),
 ("medical-care-elsewhere", "异地就医备案", "Registering for medical care in another city", "medical-security",
  "在外地看病也能直接用医保结算", "Use your medical insurance directly when treated in another city",
  1, 5, ["moving-house", "retiring"], "yidijiuyibeian", "ydjyba", ["异地医保", "外地看病", "跨省就医"], [ID(fetched=True) if False else ID()]),
 ("residence-permit", "居住证申领", "Residence permit", "public-security",
  "搬到这里住满半年，就可以办居住证，享受本地公共服务", "After six months at a new address, get a residence permit for local public services",
  15, 20, ["moving-house"], "juzhuzhengshenling", "jzzsl", ["暂住证", "居住登记"], [ID(), PHOTO(), M("tenancy-contract", "租房合同", "Tenancy agreement", required=False)]),
 ("household-transfer", "户口迁移", "Moving your household registration", "public-security",
  "把户口迁到新家", "Move your household registration to your new home",
  10, 20, ["moving-house"], "hukouqianyi", "hkqy", ["迁户口", "落户"], [ID(), HUKOU(), M("property-certificate", "房产证明", "Proof of the home", licences=["property-certificate"])]),
 ("funeral-subsidy", "基本殡葬服务费用减免", "Basic funeral services subsidy", "civil-affairs",
  "本地户籍居民去世后，遗体接运、火化等基本费用减免", "Basic funeral costs (transport, cremation) waived for local residents",
  5, 10, ["bereavement"], "jibenbinzangfuwufeiyongjianmian", "jbbzfwfyjm", ["丧葬补贴", "火化费减免", "殡葬补贴"], [ID(), M("death-certificate", "死亡医学证明", "Medical certificate of death", licences=["death-certificate"], fetched=True)]),
 ("survivor-pension", "丧葬补助金和抚恤金领取", "Funeral grant and survivor's pension", "hrss",
  "参保人去世后，家属领取丧葬补助金和抚恤金", "After an insured person dies, the family claims the funeral grant and survivor's pension",
  10, 20, ["bereavement"], "sangzangbuzhujinhefuxujinlingqu", "szbzjhfxjlq", ["抚恤金", "丧葬费", "遗属待遇"], [ID(), M("death-certificate", "死亡医学证明", "Medical certificate of death", licences=["death-certificate"], fetched=True), BANK()]),
 ("death-registration", "户口注销（死亡）", "Deregistering a person who died", "public-security",
  "亲人去世后注销户口", "Deregister the household registration of a person who died",
  1, 5, ["bereavement"], "hukouzhuxiaosiwang", "hkzxsw", ["销户", "死亡销户", "注销户口"], [HUKOU(), M("death-certificate", "死亡医学证明", "Medical certificate of death", licences=["death-certificate"], fetched=True)]),
 ("minimum-living-allowance", "最低生活保障申请", "Minimum living allowance", "civil-affairs",
  "家庭收入低于本地低保标准的，每月领取低保金", "A monthly allowance for households below the local minimum income",
  30, 45, ["disability", "bereavement"], "zuidishenghuobaozhangshenqing", "zdshbzsq", ["低保", "困难补助", "救助"], [ID(), HUKOU(), M("income-proof", "收入证明", "Proof of income", required=False)]),
]

items = []
for (code, zh, en, dept, szh, sen, promised, legal, events, full, initials, syn, mats) in S:
    items.append({
        "code": code, "name": L(zh, en), "department": DEPARTMENTS[dept], "summary": L(szh, sen),
        "promisedDays": promised, "legalDays": legal,
        "form": {"id": code, "url": f"https://forms.bianmin.example/Questionnaire/{code}", "version": "1.0.0"},
        "departmentCode": dept, "lifeEvents": events, "pinyin": {"full": full, "initials": initials},
        "synonyms": syn, "materials": mats,
    })

BUNDLES = [
    ("turning-80", "turning-80", L("老年人优待一件事", "Turning 80: everything at once"), L("高龄津贴、优待证和居家改造一次申请", "Old-age allowance, senior card and home adaptation in one go"),
     ["elderly-allowance", "senior-card", "accessibility-adaptation"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("disability", "disability", L("残疾人服务一件事", "Disability services: everything at once"), L("残疾人证和两项补贴一次申请", "Disability certificate and both subsidies in one go"),
     ["disability-certificate", "disability-subsidy"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("retiring", "retiring", L("退休一件事", "Retiring: everything at once"), L("领取养老金和参加居民医保", "Claim the pension and register for residents' medical insurance"),
     ["pension-claim", "resident-medical-insurance"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("after-death", "bereavement", L("身后一件事", "After a death: everything at once"), L("注销户口、丧葬费用减免和抚恤金一次办", "Deregistration, funeral subsidy and survivor's pension in one go"),
     ["death-registration", "funeral-subsidy", "survivor-pension"], ["deceased-name", "deceased-id-number", "date-of-death", "relationship", "applicant-name", "applicant-id-number", "contact-mobile"]),
]

catalogue = {
    "lifeEvents": [{"code": c, "name": n, "summary": s} for c, n, s in LIFE_EVENTS],
    "departments": [{"code": c, "name": n} for c, n in DEPARTMENTS.items()],
    "bundles": [{"code": c, "lifeEvent": e, "name": n, "summary": s, "serviceCodes": codes, "sharedQuestions": shared} for c, e, n, s, codes, shared in BUNDLES],
}
root = pathlib.Path(__file__).resolve().parent.parent
(root / "services.json").write_text(json.dumps({"items": items}, ensure_ascii=False, indent=2) + "\n")
(root / "catalogue.json").write_text(json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n")
print(len(items), "services,", len(BUNDLES), "bundles")
