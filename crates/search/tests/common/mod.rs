//! A realistic fixture catalogue of service items for the golden set and the properties.

use bianmin_search::Entry;

/// (code, 中文名, English name, synonyms, 部门, department, summary, life events)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const CIVIL: (&str, &str) = ("市民政局", "Municipal Civil Affairs Bureau");
const HRSS: (&str, &str) = (
    "市人力资源和社会保障局",
    "Municipal Human Resources and Social Security Bureau",
);
const HEALTHCARE: (&str, &str) = (
    "市医疗保障局",
    "Municipal Healthcare Security Administration",
);
const POLICE: (&str, &str) = ("市公安局", "Municipal Public Security Bureau");
const HEALTH: (&str, &str) = ("市卫生健康委员会", "Municipal Health Commission");
const JUSTICE: (&str, &str) = ("市司法局", "Municipal Justice Bureau");

macro_rules! row {
    ($code:expr, $zh:expr, $en:expr, $syn:expr, $dept:expr, $summary:expr, $events:expr) => {
        ($code, $zh, $en, $syn, $dept.0, $dept.1, $summary, $events)
    };
}

const ROWS: &[Row] = &[
    row!(
        "GLJT",
        "高龄津贴申请",
        "Old-age allowance application",
        &["高龄补贴", "长寿金", "老人津贴"],
        CIVIL,
        "年满80周岁的本市户籍老年人，每月领取高龄津贴。",
        &["年满80周岁", "turning 80"]
    ),
    row!(
        "LNYDZ",
        "老年人优待证办理",
        "Senior citizen preferential card",
        &["老年证", "敬老卡"],
        CIVIL,
        "60周岁以上的老年人凭优待证免费乘坐公交、游览公园。",
        &["年满60周岁", "turning 60"]
    ),
    row!(
        "YLJRZ",
        "养老金领取资格认证",
        "Pension qualification check",
        &["养老金认证", "生存认证", "年审"],
        HRSS,
        "领取养老金的退休人员每年确认一次领取资格。",
        &["退休", "retiring"]
    ),
    row!(
        "CJRBT",
        "残疾人两项补贴申请",
        "Disability subsidies application (living and care)",
        &["残疾人补贴", "两项补贴"],
        CIVIL,
        "困难残疾人生活补贴和重度残疾人护理补贴。",
        &["残疾", "disability"]
    ),
    row!(
        "CJRZ",
        "残疾人证办理",
        "Disability certificate",
        &["残疾证"],
        ("市残疾人联合会", "Municipal Disabled Persons' Federation"),
        "经评定的残疾人办理第二代残疾人证。",
        &["残疾", "disability"]
    ),
    row!(
        "SBK",
        "社会保障卡申领",
        "Social security card application",
        &["社保卡", "医保卡"],
        HRSS,
        "首次申领社会保障卡，看病买药、领取待遇都用它。",
        &[]
    ),
    row!(
        "YBCB",
        "城乡居民医疗保险参保登记",
        "Residents' medical insurance enrolment",
        &["医保", "居民医保"],
        HEALTHCARE,
        "没有职工医保的城乡居民参加基本医疗保险。",
        &[]
    ),
    row!(
        "HKQY",
        "户口迁移",
        "Household registration transfer",
        &["迁户口", "落户"],
        POLICE,
        "因购房、投靠子女等把户口迁入本市。",
        &["搬家", "moving house"]
    ),
    row!(
        "JZZ",
        "居住证办理",
        "Residence permit",
        &["暂住证"],
        POLICE,
        "在本市居住半年以上的非本市户籍人员办理居住证。",
        &["搬家", "moving house"]
    ),
    row!(
        "SZBZ",
        "丧葬补助金申领",
        "Funeral grant claim",
        &["丧葬费"],
        HRSS,
        "参保人员去世后，家属申领丧葬补助金。",
        &["家人去世", "a death in the family"]
    ),
    row!(
        "YSDY",
        "遗属待遇申领",
        "Survivor pension claim",
        &["遗属补助", "抚恤金"],
        HRSS,
        "参保人员去世后，由其供养的直系亲属领取遗属待遇。",
        &["家人去世", "a death in the family"]
    ),
    row!(
        "GJJTQ",
        "住房公积金提取",
        "Housing provident fund withdrawal",
        &["公积金", "取公积金"],
        (
            "市住房公积金管理中心",
            "Municipal Housing Provident Fund Centre"
        ),
        "退休、购房、租房时提取住房公积金。",
        &["退休", "retiring"]
    ),
    row!(
        "DB",
        "最低生活保障申请",
        "Minimum living allowance application",
        &["低保"],
        CIVIL,
        "家庭人均收入低于当地低保标准的居民申请最低生活保障。",
        &[]
    ),
    row!(
        "LSJZ",
        "临时救助申请",
        "Temporary assistance application",
        &["救急"],
        CIVIL,
        "遭遇突发事件、生活陷入困境的家庭申请临时救助。",
        &[]
    ),
    row!(
        "CHX",
        "长期护理保险待遇申请",
        "Long-term care insurance benefits",
        &["长护险", "护理险"],
        HEALTHCARE,
        "长期失能人员申请长期护理保险待遇，上门护理。",
        &["残疾", "disability"]
    ),
    row!(
        "SFZ",
        "居民身份证换领",
        "Resident ID card renewal",
        &["身份证到期", "换身份证"],
        POLICE,
        "身份证有效期满前三个月内换领新证。",
        &[]
    ),
    row!(
        "SFZBL",
        "居民身份证补领",
        "Resident ID card replacement",
        &["身份证丢了"],
        POLICE,
        "身份证丢失或者损坏后补领。",
        &[]
    ),
    row!(
        "TX",
        "企业职工退休申请",
        "Retirement application for employees",
        &["办退休"],
        HRSS,
        "达到法定退休年龄的企业职工申请办理退休。",
        &["退休", "retiring"]
    ),
    row!(
        "YLBX",
        "城乡居民养老保险参保登记",
        "Residents' pension insurance enrolment",
        &["养老保险", "社保"],
        HRSS,
        "没有职工养老保险的城乡居民参加基本养老保险。",
        &[]
    ),
    row!(
        "JHDJ",
        "结婚登记",
        "Marriage registration",
        &["领结婚证"],
        CIVIL,
        "男女双方到婚姻登记机关办理结婚登记。",
        &[]
    ),
    row!(
        "SWZM",
        "死亡证明办理",
        "Death certificate",
        &["开死亡证明"],
        HEALTH,
        "居民死亡后开具死亡医学证明。",
        &["家人去世", "a death in the family"]
    ),
    row!(
        "HKZX",
        "户口注销",
        "Household registration cancellation",
        &["销户"],
        POLICE,
        "居民死亡后由家属办理户口注销。",
        &["家人去世", "a death in the family"]
    ),
    row!(
        "CSZM",
        "出生医学证明办理",
        "Birth certificate",
        &["出生证"],
        HEALTH,
        "新生儿出生后办理出生医学证明。",
        &["生孩子", "having a baby"]
    ),
    row!(
        "JSZ",
        "机动车驾驶证换证",
        "Driving licence renewal",
        &["驾照到期", "换驾照"],
        ("市公安局交通管理局", "Municipal Traffic Police"),
        "驾驶证有效期满前九十日内换证。",
        &[]
    ),
    row!(
        "XZFY",
        "行政复议申请",
        "Administrative review application",
        &["复议"],
        JUSTICE,
        "对行政机关的决定不服时申请行政复议。",
        &[]
    ),
    row!(
        "YHZH",
        "退休金银行账户变更",
        "Change of pension bank account",
        &["改银行卡"],
        HRSS,
        "退休人员变更领取养老金的银行账户。",
        &["退休", "retiring"]
    ),
    row!(
        "ZZST",
        "长者食堂助餐服务",
        "Meals for elders",
        &["老年食堂", "助餐"],
        CIVIL,
        "社区长者食堂为老年人提供优惠餐食。",
        &["年满60周岁", "turning 60"]
    ),
    row!(
        "CYJ",
        "重阳节敬老金发放",
        "Double Ninth seniors' gift",
        &["重阳敬老金"],
        CIVIL,
        "重阳节向高龄老人发放敬老金。",
        &[]
    ),
    row!(
        "ZDJB",
        "重大疾病医疗救助申请",
        "Medical assistance for serious illness",
        &["大病救助"],
        HEALTHCARE,
        "患重大疾病的困难群众申请医疗救助。",
        &[]
    ),
    row!(
        "LLDX",
        "乐龄大学报名",
        "Senior university enrolment",
        &["老年大学"],
        ("市教育局", "Municipal Education Bureau"),
        "老年人报名参加乐龄大学的课程。",
        &["退休", "retiring"]
    ),
    row!(
        "YYH",
        "文化惠民音乐会预约",
        "Free concert booking",
        &["听音乐会"],
        ("市文化和旅游局", "Municipal Culture and Tourism Bureau"),
        "预约免费的文化惠民音乐会门票。",
        &[]
    ),
    row!(
        "SLH",
        "居家适老化改造申请",
        "Home adaptation for older people",
        &["家里装扶手", "无障碍改造"],
        CIVIL,
        "为老年人家里安装扶手、防滑地面等。",
        &["年满60周岁", "turning 60"]
    ),
    row!(
        "RX",
        "12345热线诉求",
        "12345 hotline request",
        &["投诉", "打12345"],
        (
            "市政务服务管理办公室",
            "Municipal Government Services Office"
        ),
        "咨询、求助、投诉、举报、建议。",
        &[]
    ),
    row!(
        "SYJ",
        "失业保险金申领",
        "Unemployment benefit claim",
        &["失业金"],
        HRSS,
        "非因本人意愿中断就业的失业人员申领失业保险金。",
        &[]
    ),
    row!(
        "BDC",
        "不动产权证书办理",
        "Real estate title certificate",
        &["房产证"],
        ("市自然资源局", "Municipal Natural Resources Bureau"),
        "买房后办理不动产权证书。",
        &["搬家", "moving house"]
    ),
    row!(
        "DSZN",
        "独生子女父母奖励扶助金申请",
        "Reward for parents of an only child",
        &["独生子女奖励"],
        HEALTH,
        "农村独生子女父母年满60周岁后领取奖励扶助金。",
        &[]
    ),
    row!(
        "FLYZ",
        "法律援助申请",
        "Legal aid application",
        &["请律师", "打官司"],
        JUSTICE,
        "经济困难的群众申请免费法律服务。",
        &[]
    ),
];

/// The fixture catalogue.
pub fn catalogue() -> Vec<Entry> {
    ROWS.iter()
        .map(
            |&(
                code,
                name_zh,
                name_en,
                synonyms,
                department_zh,
                department_en,
                summary_zh,
                life_events,
            )| Entry {
                code: code.into(),
                name_zh: name_zh.into(),
                name_en: name_en.into(),
                synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
                department_zh: department_zh.into(),
                department_en: department_en.into(),
                summary_zh: summary_zh.into(),
                life_events: life_events.iter().map(|s| s.to_string()).collect(),
            },
        )
        .collect()
}
