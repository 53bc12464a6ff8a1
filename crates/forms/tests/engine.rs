#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The rules engine, table-driven: every item type, operator and validator, and every kind of
//! malformed definition. One `check` helper per area.

use bianmin_api::Questionnaire;
use bianmin_forms::{
    asked, to_response, validate_answer, validate_answers, validate_response, Answers,
    DefinitionError, FormDefinition,
};
use serde_json::{json, Value};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 29);
const V: &str = "https://bianmin.example/fhir/StructureDefinition/";

fn form(items: Value) -> Result<FormDefinition, DefinitionError> {
    let q: Questionnaire = serde_json::from_value(json!({
        "resourceType": "Questionnaire", "url": "https://f.example/Q/t", "version": "1",
        "status": "active", "item": items
    }))
    .unwrap();
    FormDefinition::parse(&q)
}

fn one_item(item: Value) -> FormDefinition {
    form(json!([item])).unwrap()
}

fn answers(pairs: &[(&str, &[&str])]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

/// Raw answers, and Ok(canonical values) or Err(message id).
type Case<'a> = (&'a [&'a str], Result<&'a [&'a str], &'a str>);

fn check(item: Value, cases: &[Case]) {
    let f = one_item(item);
    let item = &f.items[0];
    for (raw, expected) in cases {
        let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
        let got = validate_answer(item, &raw, TODAY);
        match (&got, expected) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "{raw:?}"),
            (Err(m), Err(e)) => assert_eq!(&m.id, e, "{raw:?}"),
            _ => panic!(
                "{}: {raw:?} gave {got:?}, expected {expected:?}",
                item.link_id
            ),
        }
    }
}

#[test]
fn strings_and_texts() {
    check(
        json!({"linkId": "s", "text": "t", "type": "string", "required": true, "maxLength": 4}),
        &[
            (&[""], Err("error-required")),
            (&["  "], Err("error-required")),
            (&[" 张三 "], Ok(&["张三"])),
            (&["欧阳·娜娜"], Err("error-too-long")),
            (&["a", "b"], Err("error-too-many")),
        ],
    );
    check(
        json!({"linkId": "t", "text": "t", "type": "text"}),
        &[
            (&[], Ok(&[])),
            (&["第一行\n第二行"], Ok(&["第一行\n第二行"])),
        ],
    );
}

#[test]
fn a_repeating_question_takes_at_most_its_max_occurs() {
    let max_occurs = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";
    check(
        json!({"linkId": "p", "text": "t", "type": "string", "repeats": true,
               "extension": [{"url": max_occurs, "valueInteger": 3}]}),
        &[
            (&["a", "b", "c"], Ok(&["a", "b", "c"])),
            (&["a", "b", "c", "d"], Err("error-too-many")),
        ],
    );
    let f = one_item(
        json!({"linkId": "p", "text": "t", "type": "string", "repeats": true,
                            "extension": [{"url": max_occurs, "valueInteger": 3}]}),
    );
    assert_eq!(f.items[0].most_answers(), 3);
    // Ignored where it means nothing: on a question that does not repeat, or out of range.
    for (repeats, n, most) in [
        (false, 3, 1),
        (true, 0, bianmin_forms::MAX_REPEATS),
        (true, 500, bianmin_forms::MAX_REPEATS),
    ] {
        let f = one_item(
            json!({"linkId": "p", "text": "t", "type": "string", "repeats": repeats,
                                "extension": [{"url": max_occurs, "valueInteger": n}]}),
        );
        assert_eq!(
            f.items[0].most_answers(),
            most,
            "repeats {repeats}, maxOccurs {n}"
        );
    }
}

#[test]
fn numbers() {
    let bounds = json!([
        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 1},
        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 30}
    ]);
    check(
        json!({"linkId": "i", "text": "t", "type": "integer", "required": true, "extension": bounds}),
        &[
            (&["3"], Ok(&["3"])),
            (&["３"], Ok(&["3"])),
            (&[" 1,0 "], Ok(&["10"])),
            (&["0"], Err("error-number-min")),
            (&["31"], Err("error-number-max")),
            (&["2.5"], Err("error-integer-format")),
            (&["三"], Err("error-integer-format")),
        ],
    );
    check(
        json!({"linkId": "d", "text": "t", "type": "decimal", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueDecimal": 0.5}]}),
        &[
            (&["12.5"], Ok(&["12.5"])),
            (&["１２．５"], Ok(&["12.5"])),
            (&["0.4"], Err("error-number-min")),
            (&["1e3"], Err("error-decimal-format")),
            (&["NaN"], Err("error-decimal-format")),
            (&["inf"], Err("error-decimal-format")),
        ],
    );
}

#[test]
fn dates_name_the_missing_or_wrong_part() {
    check(
        json!({"linkId": "d", "text": "t", "type": "date", "required": true, "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueDate": "1900-01-01"},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueDate": "2026-11-29"}]}),
        &[
            (&["1946-3-27"], Ok(&["1946-03-27"])),
            (&["1946-03-27"], Ok(&["1946-03-27"])),
            (&["１９４６-３-２７"], Ok(&["1946-03-27"])),
            (&["--"], Err("error-date-required")),
            (&["1946--27"], Err("error-date-missing-month")),
            (&["1946-3-"], Err("error-date-missing-day")),
            (&["-3-27"], Err("error-date-missing-year")),
            (&["46-3-27"], Err("error-date-year-digits")),
            (&["1946-2-30"], Err("error-date-not-real")),
            (&["1946-13-1"], Err("error-date-not-real")),
            (&["1946-x-1"], Err("error-date-not-real")),
            (&["1899-12-31"], Err("error-date-before")),
            (&["2027-01-01"], Err("error-date-after")),
            (&["2024-2-29"], Ok(&["2024-02-29"])),
            (&["1946/3/27"], Err("error-date-not-real")),
        ],
    );
}

#[test]
fn booleans_and_choices() {
    check(
        json!({"linkId": "b", "text": "t", "type": "boolean", "required": true}),
        &[
            (&["true"], Ok(&["true"])),
            (&["false"], Ok(&["false"])),
            (&[], Err("error-select-required")),
            (&["yes"], Err("error-select-required")),
        ],
    );
    let options = json!([
        {"valueCoding": {"code": "a", "display": "甲"}},
        {"valueCoding": {"code": "b", "display": "乙"}},
        {"valueString": "丙"}
    ]);
    check(
        json!({"linkId": "c", "text": "t", "type": "choice", "required": true, "answerOption": options}),
        &[
            (&["a"], Ok(&["a"])),
            (&["丙"], Ok(&["丙"])),
            (&["z"], Err("error-choice-invalid")),
            (&[], Err("error-select-required")),
            (&["a", "b"], Err("error-too-many")),
        ],
    );
    check(
        json!({"linkId": "m", "text": "t", "type": "choice", "repeats": true, "answerOption": options}),
        &[
            (&["a", "b"], Ok(&["a", "b"])),
            (&["a", "a"], Ok(&["a"])),
            (&[], Ok(&[])),
        ],
    );
    check(
        json!({"linkId": "o", "text": "t", "type": "open-choice", "answerOption": options}),
        &[(&["a"], Ok(&["a"])), (&["我自己的话"], Ok(&["我自己的话"]))],
    );
}

#[test]
fn validators() {
    let with = |v: &str| {
        json!({"linkId": "x", "text": "t", "type": "string", "required": true,
               "extension": [{"url": format!("{V}validator"), "valueCode": v}]})
    };
    check(
        with("resident-id"),
        &[
            (&["11010519491231002x"], Ok(&["11010519491231002X"])),
            (
                &["１１０１０５１９４９１２３１００２Ｘ"],
                Ok(&["11010519491231002X"]),
            ),
            (&["110105194912310021"], Err("error-id-check-digit")),
            (&["1101051949"], Err("error-id-length")),
            (&["990105194912310021"], Err("error-id-area")),
            (&["110105194902300021"], Err("error-id-birth-date")),
            (&["11010519491231A02X"], Err("error-id-characters")),
        ],
    );
    check(
        with("mobile"),
        &[
            (&["138 0013 8000"], Ok(&["13800138000"])),
            (&["+86 138-0013-8000"], Ok(&["13800138000"])),
            (&["１３８００１３８０００"], Ok(&["13800138000"])),
            (&["12800138000"], Err("error-mobile-format")),
            (&["010-12345678"], Err("error-mobile-format")),
        ],
    );
    check(
        with("chinese-name"),
        &[
            (&["张三"], Ok(&["张三"])),
            (&["买买提•艾力"], Ok(&["买买提·艾力"])),
            (&["阿卜杜拉・买买提"], Ok(&["阿卜杜拉·买买提"])),
            (&["王 小 明"], Ok(&["王小明"])),
            (&["张"], Err("error-name-too-short")),
            (&["Zhang San"], Err("error-name-characters")),
            (&["·艾力"], Err("error-name-characters")),
            (&["买买提··艾力"], Err("error-name-characters")),
            (&["𠀋𠀌"], Ok(&["𠀋𠀌"])),
        ],
    );
    check(
        with("postcode"),
        &[
            (&["100010"], Ok(&["100010"])),
            (&["１０００１０"], Ok(&["100010"])),
            (&["10001"], Err("error-postcode-format")),
        ],
    );
}

fn when(question: &str, operator: &str, answer: Value) -> Value {
    let mut w = json!({"question": question, "operator": operator});
    if let (Some(w), Some(a)) = (w.as_object_mut(), answer.as_object()) {
        w.extend(a.clone());
    }
    w
}

/// `asked` for a controlling question `c` of `kind` and a dependent `d` with one condition.
fn asked_with(kind: &str, extra: Value, condition: Value, given: &[&str]) -> bool {
    let mut controller = json!({"linkId": "c", "text": "c", "type": kind});
    if let (Some(c), Some(e)) = (controller.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    let f = form(json!([
        controller,
        {"linkId": "d", "text": "d", "type": "string", "enableWhen": [condition]}
    ]))
    .unwrap();
    asked(&f, &answers(&[("c", given)])).contains(&"d".to_owned())
}

#[test]
fn every_enable_when_operator() {
    let none = json!({});
    // (controller kind, its extra fields, operator, expected answer, given answers, asked?)
    type OperatorCase<'a> = (&'a str, Value, &'a str, Value, &'a [&'a str], bool);
    let cases: &[OperatorCase] = &[
        (
            "string",
            none.clone(),
            "exists",
            json!({"answerBoolean": true}),
            &["x"],
            true,
        ),
        (
            "string",
            none.clone(),
            "exists",
            json!({"answerBoolean": true}),
            &[],
            false,
        ),
        (
            "string",
            none.clone(),
            "exists",
            json!({"answerBoolean": false}),
            &[],
            true,
        ),
        (
            "string",
            none.clone(),
            "=",
            json!({"answerString": "x"}),
            &["x"],
            true,
        ),
        (
            "string",
            none.clone(),
            "=",
            json!({"answerString": "x"}),
            &["y"],
            false,
        ),
        (
            "string",
            none.clone(),
            "!=",
            json!({"answerString": "x"}),
            &["y"],
            true,
        ),
        (
            "string",
            none.clone(),
            "!=",
            json!({"answerString": "x"}),
            &["x"],
            false,
        ),
        (
            "boolean",
            none.clone(),
            "=",
            json!({"answerBoolean": false}),
            &["false"],
            true,
        ),
        (
            "boolean",
            none.clone(),
            "=",
            json!({"answerBoolean": false}),
            &["true"],
            false,
        ),
        (
            "boolean",
            none.clone(),
            "!=",
            json!({"answerBoolean": true}),
            &["false"],
            true,
        ),
        (
            "integer",
            none.clone(),
            ">",
            json!({"answerInteger": 79}),
            &["80"],
            true,
        ),
        (
            "integer",
            none.clone(),
            ">",
            json!({"answerInteger": 80}),
            &["80"],
            false,
        ),
        (
            "integer",
            none.clone(),
            ">=",
            json!({"answerInteger": 80}),
            &["80"],
            true,
        ),
        (
            "integer",
            none.clone(),
            "<",
            json!({"answerInteger": 80}),
            &["79"],
            true,
        ),
        (
            "integer",
            none.clone(),
            "<",
            json!({"answerInteger": 80}),
            &["80"],
            false,
        ),
        (
            "integer",
            none.clone(),
            "<=",
            json!({"answerInteger": 80}),
            &["80"],
            true,
        ),
        (
            "decimal",
            none.clone(),
            ">",
            json!({"answerDecimal": 1000.5}),
            &["1000.6"],
            true,
        ),
        (
            "date",
            none.clone(),
            "<=",
            json!({"answerDate": "1946-11-29"}),
            &["1940-01-01"],
            true,
        ),
        (
            "date",
            none.clone(),
            ">",
            json!({"answerDate": "1946-11-29"}),
            &["1940-01-01"],
            false,
        ),
        (
            "choice",
            json!({"repeats": true, "answerOption": [{"valueCoding": {"code": "a"}}, {"valueCoding": {"code": "b"}}]}),
            "=",
            json!({"answerCoding": {"code": "b"}}),
            &["a", "b"],
            true,
        ),
        (
            "choice",
            json!({"answerOption": [{"valueCoding": {"code": "a"}}, {"valueCoding": {"code": "b"}}]}),
            "=",
            json!({"answerCoding": {"code": "b"}}),
            &["a"],
            false,
        ),
    ];
    for (kind, extra, op, answer, given, expected) in cases {
        assert_eq!(
            asked_with(kind, extra.clone(), when("c", op, answer.clone()), given),
            *expected,
            "{kind} {op} {answer} given {given:?}"
        );
    }
}

#[test]
fn enable_behavior_all_and_any_and_group_gates_and_chains() {
    let f = form(json!([
        {"linkId": "a", "text": "a", "type": "boolean"},
        {"linkId": "b", "text": "b", "type": "boolean"},
        {"linkId": "all", "text": "t", "type": "string", "enableBehavior": "all", "enableWhen": [
            when("a", "=", json!({"answerBoolean": true})), when("b", "=", json!({"answerBoolean": true}))]},
        {"linkId": "any", "text": "t", "type": "string", "enableBehavior": "any", "enableWhen": [
            when("a", "=", json!({"answerBoolean": true})), when("b", "=", json!({"answerBoolean": true}))]},
        {"linkId": "g", "text": "组", "type": "group", "enableWhen": [when("a", "=", json!({"answerBoolean": false}))],
         "item": [{"linkId": "in-group", "text": "t", "type": "string", "required": true}]},
        {"linkId": "chained", "text": "t", "type": "string",
         "enableWhen": [when("in-group", "exists", json!({"answerBoolean": true}))]}
    ]))
    .unwrap();
    let asked_for = |a: &[(&str, &[&str])]| asked(&f, &answers(a));
    let both = asked_for(&[("a", &["true"]), ("b", &["true"])]);
    assert!(both.contains(&"all".into()) && both.contains(&"any".into()));
    let one = asked_for(&[("a", &["true"]), ("b", &["false"])]);
    assert!(!one.contains(&"all".into()) && one.contains(&"any".into()));
    assert!(!one.contains(&"in-group".into()));

    // The group opens: its question carries the caption; a hidden question's answer counts as none.
    let open = asked_for(&[("a", &["false"]), ("in-group", &["x"])]);
    assert!(open.contains(&"in-group".into()) && open.contains(&"chained".into()));
    assert_eq!(
        f.item("in-group").unwrap().section.as_ref().unwrap().zh_cn,
        "组"
    );
    let closed = asked_for(&[("a", &["true"]), ("in-group", &["x"])]);
    assert!(
        !closed.contains(&"chained".into()),
        "an answer to a hidden question must not open others"
    );
}

#[test]
fn hidden_answers_are_neither_required_nor_submitted_and_the_server_refuses_them() {
    let f = form(json!([
        {"linkId": "self", "text": "t", "type": "boolean", "required": true},
        {"linkId": "agent", "text": "t", "type": "string", "required": true,
         "enableWhen": [when("self", "=", json!({"answerBoolean": false}))]},
        {"linkId": "age", "text": "t", "type": "integer"},
        {"linkId": "born", "text": "t", "type": "date"}
    ]))
    .unwrap();
    let a = answers(&[
        ("self", &["true"]),
        ("agent", &["李四"]),
        ("age", &["８０"]),
        ("born", &["1946-3-27"]),
    ]);
    assert!(validate_answers(&f, &a, TODAY).is_empty());
    let response = to_response(&f, &a, TODAY);
    let ids: Vec<_> = response.item.iter().map(|i| i.link_id.as_str()).collect();
    assert_eq!(ids, ["self", "age", "born"]);
    assert_eq!(response.item[0].answer[0].value_boolean, Some(true));
    assert_eq!(response.item[1].answer[0].value_integer, Some(80));
    assert_eq!(
        response.item[2].answer[0].value_date.as_deref(),
        Some("1946-03-27")
    );
    assert!(validate_response(&f, &response, TODAY).is_empty());

    let mut smuggled = response.clone();
    smuggled.item.push(bianmin_api::ResponseItem {
        link_id: "agent".into(),
        answer: vec![bianmin_api::Value {
            value_string: Some("李四".into()),
            ..Default::default()
        }],
    });
    let problems = validate_response(&f, &smuggled, TODAY);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].message.id, "error-not-asked");

    let missing = answers(&[("self", &["false"])]);
    let problems = validate_answers(&f, &missing, TODAY);
    assert_eq!(problems[0].link_id, "agent");
}

#[test]
fn malformed_definitions_are_refused_with_the_problem_named() {
    let long = "长".repeat(2_000_001 / 3);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!([{"linkId": "a", "text": "t", "type": "signature"}]),
            "unknown type \"signature\"",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "string"}, {"linkId": "a", "text": "t", "type": "string"}]),
            "used more than once",
        ),
        (
            json!([{"linkId": "", "text": "t", "type": "string"}]),
            "empty linkId",
        ),
        (json!([{"linkId": "a", "type": "string"}]), "has no text"),
        (
            json!([{"linkId": "a", "text": long, "type": "string"}]),
            "longer than",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "choice"}]),
            "no answerOption",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "choice", "answerOption": [{"valueCoding": {"code": "x"}}, {"valueCoding": {"code": "x"}}]}]),
            "options",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("nope", "exists", json!({"answerBoolean": true}))]}]),
            "missing linkId \"nope\"",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("a", "exists", json!({"answerBoolean": true}))]}]),
            "cycle",
        ),
        (
            json!([
                {"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("b", "exists", json!({"answerBoolean": true}))]},
                {"linkId": "b", "text": "t", "type": "string", "enableWhen": [when("a", "exists", json!({"answerBoolean": true}))]}
            ]),
            "cycle",
        ),
        (
            json!([{"linkId": "b", "text": "t", "type": "string"}, {"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("b", "~", json!({"answerString": "x"}))]}]),
            "unknown operator",
        ),
        (
            json!([{"linkId": "b", "text": "t", "type": "string"}, {"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("b", ">", json!({"answerString": "x"}))]}]),
            "no answer value",
        ),
        (
            json!([{"linkId": "b", "text": "t", "type": "boolean"}, {"linkId": "a", "text": "t", "type": "string", "enableWhen": [when("b", "=", json!({"answerInteger": 3}))]}]),
            "no answer value",
        ),
        (
            json!([{"linkId": "b", "text": "t", "type": "string"}, {"linkId": "a", "text": "t", "type": "string", "enableBehavior": "some", "enableWhen": [when("b", "exists", json!({"answerBoolean": true}))]}]),
            "enableBehavior",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "string", "extension": [{"url": format!("{V}validator"), "valueCode": "horoscope"}]}]),
            "unknown validator",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "display"}]),
            "no questions",
        ),
        (
            json!([{"linkId": "a", "text": "t", "type": "integer", "initial": [{"valueString": "x"}]}]),
            "initial",
        ),
    ];
    for (items, expected) in cases {
        let err = form(items.clone()).unwrap_err().to_string();
        assert!(
            err.contains(expected),
            "{items}: {err:?} should mention {expected:?}"
        );
    }
    // Nested groups deeper than the limit.
    let mut deep = json!({"linkId": "leaf", "text": "t", "type": "string"});
    for i in 0..20 {
        deep = json!({"linkId": format!("g{i}"), "type": "group", "item": [deep]});
    }
    assert!(form(json!([deep]))
        .unwrap_err()
        .to_string()
        .contains("nested"));
    // More items than the limit.
    let many: Vec<Value> = (0..600)
        .map(|i| json!({"linkId": format!("q{i}"), "text": "t", "type": "string"}))
        .collect();
    assert!(form(json!(many))
        .unwrap_err()
        .to_string()
        .contains("more than"));
}

#[test]
fn initial_values_and_translations() {
    let f = one_item(json!({
        "linkId": "c", "text": "颜色", "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
            "extension": [{"url": "lang", "valueCode": "en-US"}, {"url": "content", "valueString": "Colour"}]}]},
        "type": "choice",
        "answerOption": [{"valueCoding": {"code": "r", "display": "红"}, "initialSelected": true}, {"valueCoding": {"code": "g", "display": "绿"}}]
    }));
    assert_eq!(f.items[0].text.en_us, "Colour");
    assert_eq!(
        f.items[0].options[0].text.en_us, "红",
        "no translation: the Chinese stands"
    );
    assert_eq!(f.items[0].initial, ["r"]);
}
