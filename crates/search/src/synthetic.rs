//! A generated catalogue of realistic service items, for the benchmark and the property tests.
//!
//! Names are built as [scope] [who] what action (市级 老年人 高龄津贴 申请) from a vocabulary of
//! service words, with their English, the synonyms of the "what", a department and a summary.
//! Deterministic: the same `count` and `seed` give the same catalogue.

use crate::Entry;

/// (Chinese, English)
type Word = (&'static str, &'static str);

const SCOPES: &[Word] = &[
    ("", ""),
    ("市级", "municipal"),
    ("区级", "district"),
    ("街道", "subdistrict"),
    ("跨省", "inter-provincial"),
    ("线上", "online"),
    ("长三角", "Yangtze delta"),
];

const WHO: &[Word] = &[
    ("", ""),
    ("老年人", "senior citizens"),
    ("残疾人", "persons with disabilities"),
    ("城乡居民", "urban and rural residents"),
    ("退役军人", "veterans"),
    ("困难群众", "people in hardship"),
    ("独生子女家庭", "only-child families"),
    ("失业人员", "unemployed persons"),
    ("灵活就业人员", "flexible workers"),
    ("新生儿", "newborns"),
    ("流动人口", "migrants"),
    ("个体工商户", "sole traders"),
    ("高校毕业生", "graduates"),
    ("农村", "rural"),
    ("重度残疾人", "persons with severe disabilities"),
    ("特困人员", "persons in extreme poverty"),
];

/// (Chinese, English, synonyms, department)
const WHAT: &[(&str, &str, &[&str], Word)] = &[
    (
        "高龄津贴",
        "old-age allowance",
        &["高龄补贴", "长寿金"],
        CIVIL,
    ),
    ("优待证", "preferential card", &["老年证"], CIVIL),
    ("养老保险", "pension insurance", &["养老金", "社保"], HRSS),
    ("医疗保险", "medical insurance", &["医保"], HEALTHCARE),
    ("生活补贴", "living subsidy", &[], CIVIL),
    ("护理补贴", "care subsidy", &[], CIVIL),
    ("住房公积金", "housing provident fund", &["公积金"], FUND),
    ("社会保障卡", "social security card", &["社保卡"], HRSS),
    ("居住证", "residence permit", &["暂住证"], POLICE),
    ("户口", "household registration", &["户籍"], POLICE),
    ("居民身份证", "resident ID card", &["身份证"], POLICE),
    ("驾驶证", "driving licence", &["驾照"], POLICE),
    ("营业执照", "business licence", &["执照"], MARKET),
    ("出生医学证明", "birth certificate", &["出生证"], HEALTH),
    ("婚姻登记", "marriage registration", &["结婚证"], CIVIL),
    ("不动产登记", "real estate registration", &["房产证"], LAND),
    ("失业保险金", "unemployment benefit", &["失业金"], HRSS),
    ("丧葬补助金", "funeral grant", &["丧葬费"], HRSS),
    ("临时救助", "temporary assistance", &["救急钱"], CIVIL),
    ("最低生活保障", "minimum living allowance", &["低保"], CIVIL),
    ("残疾人证", "disability certificate", &["残疾证"], DPF),
    (
        "长期护理保险",
        "long-term care insurance",
        &["长护险"],
        HEALTHCARE,
    ),
    ("重阳节慰问金", "Double Ninth gift", &[], CIVIL),
    ("银行代发工资", "salary via bank", &[], HRSS),
    ("音乐培训补贴", "music training subsidy", &[], CULTURE),
    ("就业创业证", "employment card", &["失业证"], HRSS),
    ("老年助餐", "meal service for seniors", &["老年食堂"], CIVIL),
    (
        "无障碍改造",
        "accessibility adaptation",
        &["适老化改造"],
        DPF,
    ),
];

const ACTIONS: &[Word] = &[
    ("申请", "application"),
    ("办理", "issuance"),
    ("变更", "change"),
    ("注销", "cancellation"),
    ("补领", "replacement"),
    ("换领", "renewal"),
    ("查询", "enquiry"),
    ("资格认证", "qualification check"),
    ("提取", "withdrawal"),
    ("转移", "transfer"),
    ("备案", "filing"),
    ("登记", "registration"),
    ("审核", "review"),
    ("续期", "extension"),
];

const CIVIL: Word = ("民政局", "Civil Affairs Bureau");
const HRSS: Word = (
    "人力资源和社会保障局",
    "Human Resources and Social Security Bureau",
);
const HEALTHCARE: Word = ("医疗保障局", "Healthcare Security Administration");
const FUND: Word = ("住房公积金管理中心", "Housing Provident Fund Centre");
const POLICE: Word = ("公安局", "Public Security Bureau");
const MARKET: Word = ("市场监督管理局", "Market Regulation Administration");
const HEALTH: Word = ("卫生健康委员会", "Health Commission");
const LAND: Word = ("自然资源局", "Natural Resources Bureau");
const DPF: Word = ("残疾人联合会", "Disabled Persons' Federation");
const CULTURE: Word = ("文化和旅游局", "Culture and Tourism Bureau");

const LIFE_EVENTS: &[&str] = &[
    "年满80周岁",
    "退休",
    "残疾",
    "搬家",
    "家人去世",
    "生孩子",
    "开店",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// `count` distinct service items (at most every combination of the vocabulary, about 44,000).
pub fn catalogue(count: usize, seed: u64) -> Vec<Entry> {
    let total = SCOPES.len() * WHO.len() * WHAT.len() * ACTIONS.len();
    let mut order: Vec<usize> = (0..total).collect();
    let mut rng = Rng(seed);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order
        .into_iter()
        .take(count)
        .enumerate()
        .filter_map(|(n, combo)| {
            let action = ACTIONS.get(combo % ACTIONS.len())?;
            let rest = combo / ACTIONS.len();
            let what = WHAT.get(rest % WHAT.len())?;
            let rest = rest / WHAT.len();
            let who = WHO.get(rest % WHO.len())?;
            let scope = SCOPES.get(rest / WHO.len())?;
            let (what_zh, what_en, synonyms, department) = *what;
            let name_zh = format!("{}{}{}{}", scope.0, who.0, what_zh, action.0);
            let english: Vec<&str> = [scope.1, who.1, what_en, action.1]
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect();
            let life_event = LIFE_EVENTS.get(rng.below(LIFE_EVENTS.len()))?;
            Some(Entry {
                code: format!("SYN{n:06}"),
                name_en: english.join(" "),
                synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
                department_zh: format!("市{}", department.0),
                department_en: format!("Municipal {}", department.1),
                summary_zh: format!(
                    "符合条件的{}可以在网上{}{}，不用跑腿。",
                    non_empty(who.0),
                    action.0,
                    what_zh
                ),
                life_events: vec![life_event.to_string()],
                name_zh,
            })
        })
        .collect()
}

fn non_empty(who: &'static str) -> &'static str {
    if who.is_empty() {
        "居民"
    } else {
        who
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_and_deterministic() {
        let a = catalogue(10_000, 7);
        assert_eq!(a.len(), 10_000);
        let names: std::collections::HashSet<&str> = a.iter().map(|e| e.name_zh.as_str()).collect();
        assert_eq!(names.len(), 10_000);
        assert_eq!(a, catalogue(10_000, 7));
    }
}
