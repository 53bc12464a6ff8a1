//! Any bytes as a form definition from the backend, then any answers to every question it has:
//! the engine must refuse or accept, never panic, hang or overflow.
#![no_main]

use bianmin_api::Questionnaire;
use bianmin_forms::{
    asked, to_response, validate_answer, validate_response, Answers, FormDefinition,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first line (if any) is an answer text; the rest is the definition.
    let (answer, definition) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let Ok(q) = serde_json::from_slice::<Questionnaire>(definition) else {
        return;
    };
    let Ok(form) = FormDefinition::parse(&q) else {
        return;
    };
    let today = time::macros::date!(2026 - 11 - 29);
    let text = String::from_utf8_lossy(answer).into_owned();
    let mut answers = Answers::new();
    for item in &form.items {
        let raw = vec![text.clone(), "true".to_owned(), "1946-3-27".to_owned()];
        let _ = validate_answer(item, &raw, today);
        let _ = validate_answer(item, &raw[..1], today);
        answers.insert(item.link_id.clone(), raw[..1].to_vec());
    }
    let _ = asked(&form, &answers);
    let response = to_response(&form, &answers, today);
    let _ = validate_response(&form, &response, today);
});
