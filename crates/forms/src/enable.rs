//! `enableWhen`: which questions are asked, given the answers so far. A question whose
//! controlling question is itself not asked counts as unanswered, so hidden answers never leak
//! into the decision (nor into the submission: see `answers.rs`).

use crate::definition::{DefinitionError, FormItem, ItemKind};
use crate::Answers;
use bianmin_api::EnableWhen;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Exists,
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
}

impl Operator {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "exists" => Self::Exists,
            "=" => Self::Eq,
            "!=" => Self::Ne,
            ">" => Self::Gt,
            "<" => Self::Lt,
            ">=" => Self::Ge,
            "<=" => Self::Le,
            _ => return None,
        })
    }
}

/// The value a condition compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Exists(bool),
    Bool(bool),
    Number(f64),
    Date(String),
    Text(String),
    Code(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub question: String,
    pub operator: Operator,
    pub answer: Expected,
}

/// A set of conditions joined by all (default) or any.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub conditions: Vec<Condition>,
    pub any: bool,
}

/// The expected answer of a wire enableWhen; None when it has none, several, or one that the
/// operator cannot use.
pub fn answer_of(w: &EnableWhen, operator: Operator) -> Option<Expected> {
    let candidates = [
        w.answer_boolean.map(|b| {
            if operator == Operator::Exists {
                Expected::Exists(b)
            } else {
                Expected::Bool(b)
            }
        }),
        w.answer_integer.map(|i| Expected::Number(i as f64)),
        w.answer_decimal
            .filter(|d| d.is_finite())
            .map(Expected::Number),
        w.answer_date
            .as_deref()
            .filter(|d| crate::validate::parse_iso_date(d).is_some())
            .map(|d| Expected::Date(d.to_owned())),
        w.answer_string.clone().map(Expected::Text),
        w.answer_coding
            .as_ref()
            .map(|c| Expected::Code(c.code.clone())),
    ];
    let mut present = candidates.into_iter().flatten();
    let answer = present.next()?;
    if present.next().is_some() {
        return None;
    }
    let ordered = matches!(
        operator,
        Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le
    );
    match (&answer, operator) {
        (Expected::Exists(_), Operator::Exists) => Some(answer),
        (_, Operator::Exists) | (Expected::Exists(_), _) => None,
        (Expected::Number(_) | Expected::Date(_), _) => Some(answer),
        (_, _) if ordered => None,
        _ => Some(answer),
    }
}

/// Whether a condition's expected answer can be compared with answers of `kind`.
pub fn fits(condition: &Condition, kind: ItemKind) -> bool {
    use ItemKind as K;
    match condition.answer {
        Expected::Exists(_) => true,
        Expected::Bool(_) => kind == K::Boolean,
        Expected::Number(_) => matches!(kind, K::Integer | K::Decimal),
        Expected::Date(_) => kind == K::Date,
        Expected::Text(_) => matches!(kind, K::String | K::Text | K::Choice | K::OpenChoice),
        Expected::Code(_) => matches!(kind, K::Choice | K::OpenChoice),
    }
}

pub fn check_acyclic(items: &[FormItem]) -> Result<(), DefinitionError> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.link_id.as_str(), i))
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done. Iterative, so a long chain cannot overflow.
    let mut state = vec![0u8; items.len()];
    for start in 0..items.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some((node, next)) = stack.pop() {
            let deps: Vec<usize> = items[node]
                .gates
                .iter()
                .flat_map(|g| &g.conditions)
                .filter_map(|c| index.get(c.question.as_str()).copied())
                .collect();
            if let Some(&dep) = deps.get(next) {
                stack.push((node, next + 1));
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    }
                    1 => return Err(DefinitionError::EnableWhenCycle(items[dep].link_id.clone())),
                    _ => {}
                }
            } else {
                state[node] = 2;
            }
        }
    }
    Ok(())
}

/// Which items are asked, given the answers so far (linkId → asked).
pub fn enabled_items(items: &[FormItem], answers: &Answers) -> HashMap<String, bool> {
    let index: HashMap<&str, &FormItem> = items.iter().map(|i| (i.link_id.as_str(), i)).collect();
    let mut memo: HashMap<String, bool> = HashMap::new();
    for item in items {
        decide(item, &index, answers, &mut memo, 0);
    }
    memo
}

fn decide(
    item: &FormItem,
    index: &HashMap<&str, &FormItem>,
    answers: &Answers,
    memo: &mut HashMap<String, bool>,
    depth: usize,
) -> bool {
    if let Some(&known) = memo.get(&item.link_id) {
        return known;
    }
    // Definitions are checked acyclic; the depth bound only guards against misuse.
    if depth > crate::definition::MAX_ITEMS {
        return false;
    }
    let enabled = item.gates.iter().all(|gate| {
        let mut results = gate.conditions.iter().map(|c| {
            let values: &[String] = match index.get(c.question.as_str()) {
                Some(target) if decide(target, index, answers, memo, depth + 1) => answers
                    .get(&c.question)
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
                _ => &[],
            };
            holds(c, values)
        });
        if gate.any {
            results.any(|r| r)
        } else {
            results.all(|r| r)
        }
    });
    memo.insert(item.link_id.clone(), enabled);
    enabled
}

fn holds(c: &Condition, values: &[String]) -> bool {
    use std::cmp::Ordering;
    if let Expected::Exists(expected) = c.answer {
        return values.is_empty() != expected;
    }
    let compare = |v: &String| -> Option<Ordering> {
        match &c.answer {
            Expected::Exists(_) => None,
            Expected::Bool(b) => (v == &b.to_string())
                .then_some(Ordering::Equal)
                .or(Some(Ordering::Less)),
            Expected::Number(n) => v.parse::<f64>().ok().and_then(|x| x.partial_cmp(n)),
            Expected::Date(d) => Some(v.as_str().cmp(d.as_str())),
            Expected::Text(t) | Expected::Code(t) => Some(v.as_str().cmp(t.as_str())),
        }
    };
    values.iter().filter_map(compare).any(|o| match c.operator {
        Operator::Exists => false,
        Operator::Eq => o == Ordering::Equal,
        Operator::Ne => o != Ordering::Equal,
        Operator::Gt => o == Ordering::Greater,
        Operator::Lt => o == Ordering::Less,
        Operator::Ge => o != Ordering::Less,
        Operator::Le => o != Ordering::Greater,
    })
}
