#!/usr/bin/env python3
"""Writes demo/services.json and demo/catalogue.json (life events, departments, bundles).
Run from crates/server: python3 demo/gen/catalogue.py

Pinyin: the first fifteen services carry hand-written pinyin; the others get theirs from the
`pypinyin` package (pip install pypinyin, in a venv), which is also used to check the
hand-written ones when it is there.
"""
import json, pathlib, re, sys

try:
    from pypinyin import lazy_pinyin
except ImportError:  # the hand-written pinyin still works; new services need it
    lazy_pinyin = None

def pinyin(zh):
    """Full pinyin (letters only, no tones) and initials of a Chinese name."""
    if lazy_pinyin is None:
        sys.exit("pypinyin is needed for services without hand-written pinyin: pip install pypinyin")
    syllables = [re.sub(r"[^a-z]", "", s.lower()) for s in lazy_pinyin(zh)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)

def L(zh, en):
    return {"zhCN": zh, "enUS": en}

DEPARTMENTS = {
    "civil-affairs": L("民政局", "Civil Affairs Bureau"),
    "dpf": L("残疾人联合会", "Disabled Persons' Federation"),
    "hrss": L("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "medical-security": L("医疗保障局", "Healthcare Security Bureau"),
    "public-security": L("公安局", "Public Security Bureau"),
    "health": L("卫生健康委员会", "Health Commission"),
    "housing": L("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    "transport": L("交通运输局", "Transport Bureau"),
    "justice": L("司法局", "Justice Bureau"),
    "hotline": L("12345 政务服务便民热线", "12345 Citizen Service Hotline"),
}
LIFE_EVENTS = [
    ("turning-80", L("年满 80 周岁", "Turning 80"), L("高龄津贴、优待和家里的改造", "Old-age allowance, concessions and home adaptations")),
    ("disability", L("残疾人服务", "Living with a disability"), L("残疾人证、补贴和生活保障", "Disability certificate, subsidies and living support")),
    ("retiring", L("退休", "Retiring"), L("领取养老金、医保和每年的资格认证", "Claiming the pension, medical insurance and the yearly check")),
    ("moving-house", L("搬家", "Moving house"), L("居住证、户口和医保跟着走", "Residence permit, household registration and medical insurance")),
    ("bereavement", L("亲人去世", "A death in the family"), L("注销户口、丧葬补贴和抚恤金", "Deregistration, funeral subsidy and survivor's pension")),
    ("hardship", L("生活困难", "Hard times"), L("低保、临时救助和其他帮扶", "Minimum living allowance, emergency help and other support")),
    ("health-care", L("看病就医", "Seeing a doctor"), L("医保报销、慢性病和家庭医生", "Medical insurance claims, chronic illness and a family doctor")),
    ("long-term-care", L("需要照护", "Needing care"), L("护理保险、居家养老和养老院", "Care insurance, care at home and care homes")),
    ("getting-around", L("出行", "Getting around"), L("免费乘车、停车和驾驶", "Free travel, parking and driving")),
    ("housing", L("住房", "Housing"), L("公租房、租房补贴和加装电梯", "Public housing, rent help and adding a lift")),
    ("documents", L("证件办理", "Papers and cards"), L("身份证、户口簿和社保卡", "ID card, household register and social security card")),
    ("citizen-hotline", L("找政府反映问题", "Telling the government about a problem"), L("12345 热线：咨询、求助、投诉、举报和建议", "The 12345 hotline: questions, help, complaints, reports and suggestions")),
]

def M(code, zh, en, required=True, licences=(), fetched=False):
    return {"code": code, "name": L(zh, en), "required": required, "acceptedELicences": list(licences), "fetchedByGovernment": fetched}

ID = lambda: M("id-card", "居民身份证", "Resident ID card", licences=["resident-id-card"], fetched=True)
HUKOU = lambda: M("household-register", "户口簿", "Household register", licences=["household-register"], fetched=True)
PHOTO = lambda: M("photo-1inch", "近期一寸免冠照片", "A recent one-inch photo", licences=[])
BANK = lambda: M("bank-card", "本人社保卡或银行卡", "Your own social security or bank card", licences=["social-security-card"])
DISABILITY_CERT = lambda required=True: M("disability-certificate", "残疾人证", "Disability certificate", required=required, licences=["disability-certificate"], fetched=True)
DEATH_CERT = lambda: M("death-certificate", "死亡医学证明", "Medical certificate of death", licences=["death-certificate"], fetched=True)
INCOME = lambda required=False: M("income-proof", "收入证明", "Proof of income", required=required)
BILLS = lambda required=True: M("medical-bills", "医疗费用票据和清单", "Medical bills and itemised lists", required=required)
RECORDS = lambda required=True: M("medical-records", "病历或诊断证明", "Medical records or a diagnosis", required=required)
TENANCY = lambda required=True: M("tenancy-contract", "租房合同", "Tenancy agreement", required=required)
PROPERTY = lambda: M("property-certificate", "房产证明", "Proof of the home", licences=["property-certificate"])
SUPPORTING = lambda: M("supporting-documents", "其他证明材料", "Other supporting documents", required=False)

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
  1, 5, ["moving-house", "retiring"], "yidijiuyibeian", "ydjyba", ["异地医保", "外地看病", "跨省就医"], [ID(), M("referral-letter", "转诊证明", "Referral letter", required=False)]),
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
  30, 45, ["hardship", "disability", "bereavement"], "zuidishenghuobaozhangshenqing", "zdshbzsq", ["低保", "困难补助", "救助"], [ID(), HUKOU(), M("income-proof", "收入证明", "Proof of income", required=False), DISABILITY_CERT(required=False)]),
]


GENERAL = "general-application"
# The services added with the larger catalogue: code, zh, en, department, summary zh, summary en,
# promised days, legal days, life events, synonyms, materials, form id (their pinyin comes from
# pypinyin). Most point to the short general form.
S2 = [
 ("temporary-assistance", "临时救助申请", "Temporary assistance", "civil-affairs",
  "遇到急事、难事，生活一时过不去的，可以申请临时救助", "Emergency help when a sudden event leaves you unable to get by",
  5, 10, ["hardship"], ["急难救助", "临时困难补助", "救急"], [ID(), HUKOU(), BILLS(required=False)], "temporary-assistance"),
 ("extreme-poverty-support", "特困人员救助供养申请", "Support for people in extreme poverty", "civil-affairs",
  "没有劳动能力、没有收入、没有人赡养的老人、残疾人和未成年人，由政府供养", "Care and support for people with no income, no ability to work and no one to support them",
  20, 30, ["hardship", "turning-80"], ["五保", "特困供养", "孤寡老人"], [ID(), HUKOU()], GENERAL),
 ("medical-assistance", "医疗救助申请", "Medical assistance", "medical-security",
  "困难家庭看病花钱多，医保报销后自己付的部分可以再补助", "Help with the medical costs that remain after insurance, for families in hardship",
  10, 20, ["hardship", "health-care"], ["大病救助", "看病补助", "医疗补助"], [ID(), BILLS()], GENERAL),
 ("heating-subsidy", "困难家庭冬季取暖补贴", "Winter heating subsidy for families in hardship", "civil-affairs",
  "低保、特困家庭冬天取暖的费用补贴", "Help with heating costs in winter for families on the minimum living allowance",
  10, 20, ["hardship"], ["取暖费", "烧煤补贴", "暖气费"], [ID()], GENERAL),
 ("legal-aid", "法律援助申请", "Legal aid", "justice",
  "请不起律师的，可以申请免费的法律帮助", "Free legal help for those who cannot pay for a lawyer",
  3, 7, ["hardship", "disability"], ["免费律师", "打官司", "法律帮助"], [ID(), INCOME()], GENERAL),
 ("low-income-verification", "低收入家庭认定", "Low-income household certification", "civil-affairs",
  "收入略高于低保标准的家庭，认定后可以享受医疗、住房等帮扶", "Households just above the minimum income can get help with health care and housing",
  20, 30, ["hardship"], ["低收入证明", "低边家庭", "困难家庭认定"], [ID(), HUKOU(), INCOME(required=True)], GENERAL),
 ("chronic-disease-outpatient", "门诊慢特病待遇认定", "Outpatient cover for chronic and special diseases", "medical-security",
  "高血压、糖尿病等慢性病在门诊看病，医保报销更多", "Higher outpatient cover for long-term illnesses such as high blood pressure or diabetes",
  10, 20, ["health-care", "retiring"], ["慢性病", "慢病卡", "特殊病"], [ID(), RECORDS()], GENERAL),
 ("family-doctor", "家庭医生签约服务", "Signing up with a family doctor", "health",
  "和社区医生签约，常见病、慢性病有人管，行动不便的可以上门", "A community doctor who knows you, and who can visit if it is hard for you to go out",
  3, 5, ["health-care", "turning-80"], ["签约医生", "家医", "上门看病"], [ID()], GENERAL),
 ("elderly-health-checkup", "老年人免费健康体检预约", "Free health check for older people", "health",
  "65 周岁及以上老年人每年可以免费体检一次", "Residents aged 65 or over get a free health check every year",
  3, 7, ["health-care", "turning-80"], ["体检", "老年体检", "免费体检"], [ID()], GENERAL),
 ("medical-reimbursement", "医疗费用手工报销", "Claiming back medical costs", "medical-security",
  "自己先垫付了医药费的，可以拿票据来报销", "If you paid medical costs yourself, claim them back with the bills",
  20, 30, ["health-care"], ["报销", "医药费", "垫付报销"], [ID(), BILLS(), BANK()], GENERAL),
 ("medical-insurance-transfer", "基本医疗保险关系转移接续", "Transferring your medical insurance", "medical-security",
  "换了城市工作或生活，把医保带过去", "Take your medical insurance with you to another city",
  15, 45, ["moving-house", "health-care"], ["医保转移", "医保转出", "医保接续"], [ID()], GENERAL),
 ("long-term-care-insurance", "长期护理保险待遇申请", "Long-term care insurance benefits", "medical-security",
  "长期卧床、生活不能自理的，护理费用由长护险支付一部分", "Care insurance pays part of the cost of care for people who cannot look after themselves",
  20, 30, ["long-term-care", "disability"], ["长护险", "护理保险", "失能护理"], [ID(), RECORDS()], GENERAL),
 ("care-needs-assessment", "老年人能力评估申请", "Assessment of an older person's care needs", "civil-affairs",
  "评估老人自己能做哪些事、需要多少照护，作为享受补贴和服务的依据", "An assessment of what an older person can do alone and how much care they need",
  10, 20, ["long-term-care", "turning-80"], ["失能评估", "能力评估", "护理等级"], [ID()], GENERAL),
 ("home-care-subsidy", "居家养老服务补贴申请", "Subsidy for care at home", "civil-affairs",
  "困难、高龄、失能老人在家里接受上门服务，政府给补贴", "Help with the cost of care at home for older people on low income or needing care",
  15, 30, ["long-term-care", "turning-80"], ["居家养老", "上门服务", "养老服务券"], [ID(), HUKOU()], GENERAL),
 ("care-home-admission", "公办养老机构入住申请", "A place in a public care home", "civil-affairs",
  "申请住进政府办的养老院，特困、失能老人优先", "Apply for a place in a public care home; people in extreme poverty or needing care come first",
  15, 30, ["long-term-care"], ["养老院", "敬老院", "入住养老院"], [ID(), HUKOU(), RECORDS(required=False)], GENERAL),
 ("meal-assistance", "老年助餐服务登记", "Meals for older people", "civil-affairs",
  "在社区老年食堂吃饭有优惠，行动不便的可以送餐上门", "Cheaper meals at community canteens for older people, delivered if you cannot go out",
  3, 5, ["long-term-care", "turning-80"], ["老年食堂", "助餐", "送餐"], [ID()], GENERAL),
 ("emergency-call-device", "独居老人紧急呼叫设备申领", "An emergency call device for older people living alone", "civil-affairs",
  "一个按键就能叫到人，独居、空巢老人可以免费申领", "A button that calls for help, free for older people who live alone",
  10, 20, ["long-term-care"], ["一键呼叫", "呼叫器", "智能手环"], [ID()], GENERAL),
 ("assistive-devices", "残疾人辅助器具适配", "Assistive devices for people with disabilities", "dpf",
  "轮椅、助听器、助行器等辅助器具的评估、适配和补贴", "Assessment, fitting and subsidies for wheelchairs, hearing aids, walking frames and more",
  15, 30, ["disability"], ["轮椅", "助听器", "辅具"], [ID(), DISABILITY_CERT()], GENERAL),
 ("disability-rehabilitation", "残疾人康复服务申请", "Rehabilitation services", "dpf",
  "残疾人康复训练、康复治疗的服务和补贴", "Rehabilitation training and therapy, and help with their cost",
  15, 30, ["disability", "health-care"], ["康复训练", "康复补贴"], [ID(), DISABILITY_CERT()], GENERAL),
 ("disability-employment", "残疾人就业登记", "Employment registration for people with disabilities", "dpf",
  "想工作的残疾人登记后，可以得到岗位推荐和培训", "Register to get job offers and training",
  5, 10, ["disability"], ["残疾人找工作", "就业帮扶"], [ID(), DISABILITY_CERT()], GENERAL),
 ("disability-certificate-renewal", "残疾人证换领", "Renewing the disability certificate", "dpf",
  "残疾人证到期或者损坏的，换一本新的", "Get a new disability certificate when yours expires or is damaged",
  10, 20, ["disability", "documents"], ["残疾证到期", "换残疾证"], [ID(), DISABILITY_CERT(), PHOTO()], GENERAL),
 ("guide-dog-registration", "导盲犬登记", "Guide dog registration", "public-security",
  "视力残疾人使用的导盲犬，登记后可以带着出入公共场所", "Register a guide dog so it may go with you into public places",
  10, 20, ["disability", "getting-around"], ["导盲犬", "工作犬"], [ID(), DISABILITY_CERT()], GENERAL),
 ("free-bus-pass", "老年人免费乘车卡办理", "Free bus pass for older people", "transport",
  "65 周岁及以上老年人免费乘坐公交车和地铁", "Free buses and metro for residents aged 65 or over",
  5, 10, ["getting-around", "turning-80"], ["老年卡", "公交卡", "免费坐车"], [ID(), PHOTO()], GENERAL),
 ("disabled-bus-pass", "残疾人免费乘车卡办理", "Free bus pass for people with disabilities", "transport",
  "持残疾人证的免费乘坐公交车和地铁", "Free buses and metro for holders of a disability certificate",
  5, 10, ["getting-around", "disability"], ["残疾人公交卡", "爱心卡"], [ID(), DISABILITY_CERT(), PHOTO()], GENERAL),
 ("older-driver-health-certificate", "高龄驾驶人身体条件证明提交", "Health certificate for older drivers", "public-security",
  "70 周岁以上的驾驶人，每年提交一次身体条件证明", "Drivers aged 70 or over send a health certificate every year",
  1, 5, ["getting-around", "turning-80"], ["驾照体检", "老年驾照", "三力测试"], [ID(), M("health-certificate", "驾驶人身体条件证明", "A driver's health certificate")], GENERAL),
 ("accessible-parking", "残疾人专用停车证办理", "Accessible parking permit", "transport",
  "下肢残疾的驾驶人和接送残疾人的车辆，可以停无障碍车位", "Use accessible parking spaces if you drive with a disability or drive someone who has one",
  5, 10, ["getting-around", "disability"], ["残疾人停车", "无障碍车位"], [ID(), DISABILITY_CERT()], GENERAL),
 ("wheelchair-vehicle-subsidy", "残疾人机动轮椅车燃油补贴", "Fuel subsidy for motorised wheelchairs", "dpf",
  "使用机动轮椅车的下肢残疾人，每年领取燃油补贴", "A yearly fuel subsidy for people who use a motorised wheelchair",
  15, 30, ["getting-around", "disability"], ["燃油补贴", "三轮车补贴"], [ID(), DISABILITY_CERT()], GENERAL),
 ("accessible-taxi", "无障碍出租车预约服务登记", "Booking accessible taxis", "transport",
  "坐轮椅的乘客登记后，可以电话预约无障碍出租车", "Wheelchair users register to book accessible taxis by phone",
  3, 5, ["getting-around"], ["无障碍出租", "轮椅出租车"], [ID()], GENERAL),
 ("public-rental-housing", "公共租赁住房申请", "Public rental housing", "housing",
  "住房困难的家庭，可以申请租政府的房子，房租比市场低", "Families in housing need can rent public housing below market rent",
  30, 45, ["housing", "hardship"], ["公租房", "廉租房"], [ID(), HUKOU(), INCOME(required=True)], GENERAL),
 ("rent-subsidy", "住房租赁补贴申请", "Rent subsidy", "housing",
  "低收入家庭租房住的，每月补贴一部分房租", "Monthly help with the rent for households on low income",
  20, 30, ["housing", "hardship"], ["租房补贴", "房租补贴"], [ID(), TENANCY()], GENERAL),
 ("lift-installation", "既有住宅加装电梯申请", "Adding a lift to an existing building", "housing",
  "老楼没有电梯的，业主商量好后可以申请加装，政府给补贴", "Owners of an older block without a lift can apply to add one, with a subsidy",
  30, 60, ["housing", "turning-80"], ["加装电梯", "老楼电梯", "爬楼难"], [ID(), PROPERTY()], GENERAL),
 ("housing-fund-withdrawal", "住房公积金退休提取", "Withdrawing your housing fund on retirement", "housing",
  "退休后把住房公积金账户里的钱全部取出来", "Take out everything in your housing fund account when you retire",
  3, 5, ["housing", "retiring"], ["公积金提取", "取公积金"], [ID(), BANK()], GENERAL),
 ("rural-house-renovation", "农村危房改造申请", "Rebuilding an unsafe rural house", "housing",
  "农村困难家庭住的房子不安全的，政府补助改造", "Help to repair or rebuild an unsafe rural home for families in hardship",
  30, 60, ["housing", "hardship"], ["危房改造", "房子漏雨", "修房子"], [ID(), HUKOU()], GENERAL),
 ("id-card-renewal", "居民身份证换领", "Renewing the resident ID card", "public-security",
  "身份证快到期、丢了或者坏了，换领一张新的", "Get a new resident ID card when yours is about to expire, is lost or damaged",
  15, 60, ["documents", "moving-house"], ["身份证到期", "换身份证", "补身份证"], [ID(), PHOTO()], GENERAL),
 ("household-register-reissue", "户口簿补领", "Replacing a lost household register", "public-security",
  "户口簿丢了或者坏了，补领一本", "Get a new household register if yours is lost or damaged",
  5, 10, ["documents"], ["户口本丢了", "补户口本"], [ID()], GENERAL),
 ("address-change", "户口登记地址变更", "Updating the address on your household registration", "public-security",
  "门牌号变了或者房屋地址更正，更新户口上的地址", "Update the address on your registration when the house number changes",
  5, 10, ["moving-house", "documents"], ["地址变更", "门牌号变更"], [ID(), HUKOU(), PROPERTY()], GENERAL),
 ("pension-insurance-transfer", "养老保险关系转移接续", "Transferring your pension insurance", "hrss",
  "换了城市工作，把养老保险带过去，缴费年限接着算", "Take your pension insurance to a new city; the years you paid keep counting",
  15, 45, ["moving-house", "retiring"], ["社保转移", "养老保险转移"], [ID()], GENERAL),
 ("retirement-application", "职工退休申请", "Retirement for employees", "hrss",
  "到了退休年龄的职工，办理退休、开始领养老金", "Employees at retirement age retire and start their pension",
  15, 30, ["retiring"], ["办退休", "退休手续"], [ID(), HUKOU()], GENERAL),
 ("social-security-card", "社会保障卡申领", "Social security card", "hrss",
  "看病、领养老金都用得上的社保卡，首次申领或补换", "The card for medical care and your pension: a first card or a replacement",
  10, 20, ["retiring", "documents"], ["社保卡", "医保卡"], [ID(), PHOTO()], GENERAL),
 ("pension-account-change", "养老金发放账户变更", "Changing the account your pension is paid into", "hrss",
  "换了银行卡，养老金改发到新的账户", "Have your pension paid into a new account",
  5, 10, ["retiring"], ["换银行卡", "养老金账户"], [ID(), BANK()], GENERAL),
 ("green-burial-grant", "生态安葬奖补", "Green burial grant", "civil-affairs",
  "选择海葬、树葬、骨灰撒散等生态安葬的，家属可以领奖补", "Families who choose a sea, tree or other green burial receive a grant",
  10, 20, ["bereavement"], ["海葬", "树葬", "生态葬"], [ID(), DEATH_CERT()], GENERAL),
 ("social-insurance-closure", "社会保险参保人员死亡注销", "Closing the social insurance of a person who died", "hrss",
  "参保人去世后，停止社保缴费和待遇发放", "Stop contributions and payments of the social insurance of a person who died",
  5, 10, ["bereavement"], ["社保注销", "停保"], [ID(), DEATH_CERT()], GENERAL),
 ("citizen-request", "12345 热线诉求", "12345 hotline request", "hotline",
  "咨询、求助、投诉、举报、建议，都可以告诉 12345，有人跟进、有回复", "Ask, get help, complain, report or suggest: 12345 follows it up and replies",
  5, 15, ["citizen-hotline"], ["投诉", "举报", "咨询", "求助", "建议", "市长热线"], [M("scene-photos", "现场照片", "Photos of the place or the problem", required=False)], "citizen-request"),
 ("service-complaint", "政务服务差评投诉", "Complaint about a government service", "hotline",
  "办事不满意、被推诿、多次跑腿的，可以投诉，会有人回访", "Complain if a service was poor, you were sent back and forth or had to come again",
  5, 15, ["citizen-hotline"], ["差评", "投诉办事", "不满意"], [ID(), M("scene-photos", "现场照片", "Photos of the place or the problem", required=False)], "citizen-request"),
 ("fraud-report", "电信网络诈骗举报", "Reporting phone and internet fraud", "public-security",
  "接到诈骗电话、短信，或者已经被骗的，赶快举报", "Report a fraudulent call or message, or money you have lost to fraud",
  1, 3, ["citizen-hotline", "hardship"], ["反诈", "被骗", "诈骗电话"], [ID()], GENERAL),
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
    if lazy_pinyin is not None:
        assert (full, initials) == pinyin(zh), (code, pinyin(zh))
for (code, zh, en, dept, szh, sen, promised, legal, events, syn, mats, form) in S2:
    full, initials = pinyin(zh)
    if form == GENERAL:
        mats = mats + [SUPPORTING()]  # what the general form's attachment question takes
    items.append({
        "code": code, "name": L(zh, en), "department": DEPARTMENTS[dept], "summary": L(szh, sen),
        "promisedDays": promised, "legalDays": legal,
        "form": {"id": form, "url": f"https://forms.bianmin.example/Questionnaire/{form}", "version": "1.0.0"},
        "departmentCode": dept, "lifeEvents": events, "pinyin": {"full": full, "initials": initials},
        "synonyms": syn, "materials": mats,
    })
assert len({i["code"] for i in items}) == len(items), "service codes are unique"

BUNDLES = [
    ("turning-80", "turning-80", L("老年人优待一件事", "Turning 80: everything at once"), L("高龄津贴、优待证和居家改造一次申请", "Old-age allowance, senior card and home adaptation in one go"),
     ["elderly-allowance", "senior-card", "accessibility-adaptation"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("disability", "disability", L("残疾人服务一件事", "Disability services: everything at once"), L("残疾人证和两项补贴一次申请", "Disability certificate and both subsidies in one go"),
     ["disability-certificate", "disability-subsidy"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("retiring", "retiring", L("退休一件事", "Retiring: everything at once"), L("领取养老金和参加居民医保", "Claim the pension and register for residents' medical insurance"),
     ["pension-claim", "resident-medical-insurance"], ["applicant-name", "applicant-id-number", "contact-mobile"]),
    ("after-death", "bereavement", L("身后一件事", "After a death: everything at once"), L("注销户口、丧葬费用减免和抚恤金一次办", "Deregistration, funeral subsidy and survivor's pension in one go"),
     ["death-registration", "funeral-subsidy", "survivor-pension"], ["deceased-name", "deceased-id-number", "date-of-death", "relationship", "applicant-name", "applicant-id-number", "contact-mobile"]),
    ("hardship", "hardship", L("困难救助一件事", "Hard times: help all at once"), L("低保和临时救助一次申请，家里的情况只说一遍", "Minimum living allowance and temporary assistance in one go, telling your household's situation once"),
     ["minimum-living-allowance", "temporary-assistance"], ["applicant-name", "applicant-id-number", "household-size", "household-members", "monthly-income", "contact-mobile"]),
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
