#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! A new version of a form is published while a resident has an open draft of it: answers carry
//! over by linkId, new required questions are asked, and an answer that no longer fits is never
//! dropped silently — it is kept and shown for the resident to change or remove.

mod support;

use bianmin_api::Questionnaire;
use bianmin_core::view::OutboxState;
use bianmin_core::CoreError;
use bianmin_server::PublishForm;
use support::*;

#[tokio::test]
async fn answers_carry_over_to_a_new_form_version_and_what_no_longer_fits_waits_for_the_resident() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(&dir.path().join("app.sqlite"), &base).await;
    let draft = fill(&app, 5).await;
    let v1 = app.get_draft(&draft).await.unwrap();
    assert!(v1.review.is_empty());

    // Version 2.0.0: the name is asked as before; the ID number is no longer asked; the mobile
    // question becomes a choice (the typed number does not fit it); a new required question.
    let mut form: serde_json::Value =
        reqwest::get(format!("{base}/v1/forms/elderly-allowance/1.0.0"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    form["version"] = "2.0.0".into();
    let items = form["item"].as_array_mut().unwrap();
    items.retain(|i| i["linkId"] != "applicant-id-number");
    for item in items.iter_mut() {
        if item["linkId"] == "contact-mobile" {
            item["type"] = "choice".into();
            item["answerOption"] = serde_json::json!([
                { "valueCoding": { "code": "sms", "display": "短信" } },
                { "valueCoding": { "code": "phone", "display": "电话" } }
            ]);
            item.as_object_mut().unwrap().remove("extension");
        }
    }
    items.push(serde_json::json!({
        "linkId": "bank-account", "type": "string", "required": true, "text": "银行账号"
    }));
    let questionnaire: Questionnaire = serde_json::from_value(form).unwrap();
    let published = reqwest::Client::new()
        .post(format!("{base}/admin/forms"))
        .json(&PublishForm {
            id: "elderly-allowance".into(),
            questionnaire,
            previous_accepted_until: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(
        published.status(),
        201,
        "{}",
        published.text().await.unwrap()
    );

    // The resident comes back to the draft.
    let moved = app.start_application(SERVICE).await.unwrap();
    assert_eq!(moved.id, draft, "the same draft, on the new version");
    assert_eq!(
        moved.answers["applicant-name"],
        ["张三"],
        "carried over by linkId"
    );
    assert_eq!(moved.review, ["applicant-id-number", "contact-mobile"]);
    // Kept, not dropped: the resident still sees what was typed.
    assert_eq!(moved.answers["applicant-id-number"], [VALID_ID]);
    assert_eq!(moved.answers["contact-mobile"], [mobile(5)]);
    assert!(moved.questions.iter().any(|q| q.link_id == "bank-account"));

    // Submitting now is refused, naming each answer to look at and the new question.
    let Err(CoreError::InvalidAnswers(fields)) = app.submit_application(&draft).await else {
        panic!("submitted with answers to review");
    };
    let named: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.link_id.as_str(), f.message.id.as_str()))
        .collect();
    assert!(
        named.contains(&("applicant-id-number", "error-answer-needs-review")),
        "{named:?}"
    );
    assert!(
        named.contains(&("contact-mobile", "error-answer-needs-review")),
        "{named:?}"
    );
    assert!(named.iter().any(|(l, _)| *l == "bank-account"), "{named:?}");

    // The resident decides: a new answer for one, removes the other, answers the new question.
    app.save_answer(&draft, "contact-mobile", &["sms".to_owned()])
        .await
        .unwrap();
    let after = app
        .discard_answer(&draft, "applicant-id-number")
        .await
        .unwrap();
    assert!(after.review.is_empty());
    assert!(!after.answers.contains_key("applicant-id-number"));
    app.save_answer(&draft, "bank-account", &["6222020200001234567".to_owned()])
        .await
        .unwrap();
    let receipt = app.submit_application(&draft).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    assert_eq!(cases_on_server(&base).await, 1);
    app.close().await;
    server.shutdown().await;
}
