//! The search benchmark: a generated catalogue of 10,000 items, a fixed mixed set of queries run
//! many times, p50/p95/p99 per query kind for the index and, measured in the same run, for a
//! naive baseline (a linear `contains` scan over the Chinese and English names).
//!
//! `cargo run --release -p bianmin-search --example bench [-- ITEMS ROUNDS]`

use bianmin_search::{synthetic, Entry, SearchIndex};
use std::hint::black_box;
use std::time::{Duration, Instant};

const LIMIT: usize = 20;

const QUERIES: &[(&str, &[&str])] = &[
    (
        "characters",
        &[
            "高龄津贴",
            "社保",
            "津贴",
            "公积金提取",
            "残疾人",
            "居住证办理",
            "老年证",
        ],
    ),
    (
        "full pinyin",
        &[
            "gaolingjintie",
            "gongjijin",
            "shehuibaozhangka",
            "yanglaobaoxian",
            "juzhuzheng",
        ],
    ),
    (
        "partial pinyin",
        &["gaoling", "gaolingjin", "gong ji", "canji", "zhufang"],
    ),
    ("initials", &["gljt", "gjj", "sbk", "ylbx", "cjrz"]),
    (
        "heteronyms",
        &["changhuxian", "zhongducanjiren", "yinhang", "yinyue"],
    ),
    (
        "typos",
        &[
            "gaolnigjintie",
            "gaolingjinte",
            "shehuibaozhanka",
            "yanglaobaoxain",
            "juzhuzehng",
        ],
    ),
    (
        "english",
        &[
            "old-age",
            "provident fund",
            "ID card",
            "Residence",
            "care subsidy",
        ],
    ),
    ("full-width", &["ＧＬＪＴ", "ｇａｏｌｉｎｇ", "高龄　津贴"]),
    (
        "no hit",
        &[
            "火星签证",
            "zzzzqqq",
            "xyzxyzxyz",
            "quantum",
            "qqqqxxxxqqqq",
        ],
    ),
];

/// The baseline: what a first version would do.
struct Naive {
    names: Vec<(String, String, String)>,
}

impl Naive {
    fn new(entries: &[Entry]) -> Naive {
        Naive {
            names: entries
                .iter()
                .map(|e| {
                    (
                        e.code.clone(),
                        e.name_zh.to_lowercase(),
                        e.name_en.to_lowercase(),
                    )
                })
                .collect(),
        }
    }

    fn search(&self, query: &str, limit: usize) -> Vec<String> {
        let q = query.trim().to_lowercase();
        let mut hits: Vec<String> = self
            .names
            .iter()
            .filter(|(_, zh, en)| zh.contains(&q) || en.contains(&q))
            .map(|(code, _, _)| code.clone())
            .collect();
        hits.truncate(limit);
        hits
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted.get(rank).copied().unwrap_or(Duration::ZERO)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let items: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);

    let entries = synthetic::catalogue(items, 42);
    let started = Instant::now();
    let index = SearchIndex::new(entries.clone());
    let build = started.elapsed();
    let naive = Naive::new(&entries);
    println!(
        "catalogue: {} generated items (e.g. {} / {}); index built in {} ms; {} rounds of {} queries, limit {}",
        index.len(),
        entries.first().map(|e| e.name_zh.as_str()).unwrap_or(""),
        entries.get(1).map(|e| e.name_zh.as_str()).unwrap_or(""),
        ms(build),
        rounds,
        QUERIES.iter().map(|(_, q)| q.len()).sum::<usize>(),
        LIMIT,
    );

    // Warm up, and show what each query finds.
    println!("\n{:<16} {:<20} {:>5}  first hit", "kind", "query", "hits");
    for (kind, queries) in QUERIES {
        for q in *queries {
            let hits = index.search(q, LIMIT);
            let first = hits.first().and_then(|h| {
                entries
                    .iter()
                    .find(|e| e.code == h.code)
                    .map(|e| (e, h.matched))
            });
            let shown = first
                .map(|(e, m)| format!("{} ({m:?})", e.name_zh))
                .unwrap_or_else(|| "-".into());
            println!("{kind:<16} {q:<20} {:>5}  {shown}", hits.len());
            black_box(naive.search(q, LIMIT));
        }
    }

    let mut times: Vec<(Vec<Duration>, Vec<Duration>)> =
        vec![(Vec::new(), Vec::new()); QUERIES.len()];
    let mut per_query: Vec<(&str, &str, Vec<Duration>)> = QUERIES
        .iter()
        .flat_map(|(kind, queries)| queries.iter().map(|q| (*kind, *q, Vec::new())))
        .collect();
    for _ in 0..rounds {
        for (k, (_, queries)) in QUERIES.iter().enumerate() {
            for q in *queries {
                let t = Instant::now();
                black_box(index.search(black_box(q), LIMIT));
                let ours = t.elapsed();
                if let Some((_, _, v)) = per_query.iter_mut().find(|(_, pq, _)| pq == q) {
                    v.push(ours);
                }
                let t = Instant::now();
                black_box(naive.search(black_box(q), LIMIT));
                let base = t.elapsed();
                if let Some((o, b)) = times.get_mut(k) {
                    o.push(ours);
                    b.push(base);
                }
            }
        }
    }

    println!(
        "\n{:<16} {:>7} | {:>8} {:>8} {:>8} {:>8} | {:>8} {:>8} {:>8}",
        "kind (ms)", "samples", "p50", "p95", "p99", "max", "naive50", "naive95", "naive99"
    );
    println!("{}", "-".repeat(100));
    let mut all_ours = Vec::new();
    let mut all_base = Vec::new();
    let row = |label: &str, ours: &mut Vec<Duration>, base: &mut Vec<Duration>| {
        ours.sort();
        base.sort();
        println!(
            "{label:<16} {:>7} | {:>8} {:>8} {:>8} {:>8} | {:>8} {:>8} {:>8}",
            ours.len(),
            ms(percentile(ours, 0.50)),
            ms(percentile(ours, 0.95)),
            ms(percentile(ours, 0.99)),
            ms(ours.last().copied().unwrap_or_default()),
            ms(percentile(base, 0.50)),
            ms(percentile(base, 0.95)),
            ms(percentile(base, 0.99)),
        );
    };
    for ((kind, _), (ours, base)) in QUERIES.iter().zip(times.iter_mut()) {
        all_ours.extend_from_slice(ours);
        all_base.extend_from_slice(base);
        row(kind, ours, base);
    }
    println!("{}", "-".repeat(100));
    row("all", &mut all_ours, &mut all_base);
    if std::env::var_os("BENCH_PER_QUERY").is_some() {
        println!("\n{:<16} {:<20} {:>8} {:>8}", "kind", "query", "p50", "p95");
        for (kind, q, v) in &mut per_query {
            v.sort();
            println!(
                "{kind:<16} {q:<20} {:>8} {:>8}",
                ms(percentile(v, 0.5)),
                ms(percentile(v, 0.95))
            );
        }
    }
    let p95 = percentile(&all_ours, 0.95);
    println!(
        "\ntarget p95 < 2 ms over {} items: {} (p95 {} ms)",
        index.len(),
        if p95 < Duration::from_millis(2) {
            "met"
        } else {
            "NOT met"
        },
        ms(p95)
    );
}
