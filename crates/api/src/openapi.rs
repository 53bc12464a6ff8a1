//! The OpenAPI 3.1 document of `/v1`, generated from the types of this crate with `utoipa`.
//!
//! Each operation is declared here, on an empty function named after it, so the contract (paths,
//! parameters, bodies, problem responses) lives beside the types and not in a server. The
//! reference server's tests check that the committed `docs/api/openapi.json` is this document and
//! that the server answers every operation it lists.

#![allow(dead_code)] // the functions only carry the `#[utoipa::path]` declarations

use crate::*;
use utoipa::OpenApi;

/// The description at the top of the document.
const DESCRIPTION: &str = "The contract between the Bianmin app and a one-stop government \
services (一网通办) backend. Every error is RFC 9457 problem+json (`application/problem+json`) \
with a stable `type` URI per kind of problem and a `message` (a Fluent message id and its \
arguments) the app localizes. Requests may carry `Accept-Language` (zh-CN, en-US); texts that \
the backend provides come in both languages (`LocalizedText`). Catalogue and form responses \
carry a strong `ETag` and answer `If-None-Match` with 304. Submissions are idempotent through \
`Idempotency-Key` (IETF httpapi-idempotency-key-header). Form versions are immutable and \
addressed by `url` + `version`.";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bianmin one-stop services backend (一网通办)",
        version = "1.0.0",
        description = DESCRIPTION,
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        list_services,
        get_service,
        list_life_events,
        list_departments,
        list_bundles,
        get_bundle,
        get_form,
        submit_application,
        get_application,
    ),
    tags(
        (name = "catalogue", description = "Service items (政务服务事项) and their forms"),
        (name = "applications", description = "Submitting an application (申报) exactly once"),
    )
)]
pub struct ApiDoc;

/// The document as committed in `docs/api/openapi.json` (pretty JSON, trailing newline).
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The service catalogue.
#[utoipa::path(
    get,
    path = "/v1/services",
    tag = "catalogue",
    params(
        ServiceFilter,
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer: 304 when unchanged"),
    ),
    responses(
        (status = 200, description = "The service items, in catalogue order, that match the filters", body = ServiceCatalogue,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 500, description = "The backend failed", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_services() {}

/// One service item.
#[utoipa::path(
    get,
    path = "/v1/services/{code}",
    tag = "catalogue",
    params(
        ("code" = String, Path, description = "The implementation code of the service item"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The service item", body = ServiceItem,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 404, description = "No such service item (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_service() {}

/// The life events services are grouped by.
#[utoipa::path(
    get,
    path = "/v1/life-events",
    tag = "catalogue",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "Every life event", body = LifeEventList,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 500, description = "The backend failed", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_life_events() {}

/// The departments that provide services.
#[utoipa::path(
    get,
    path = "/v1/departments",
    tag = "catalogue",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "Every department", body = DepartmentList,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 500, description = "The backend failed", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_departments() {}

/// The life-event bundles (一件事).
#[utoipa::path(
    get,
    path = "/v1/bundles",
    tag = "catalogue",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "Every bundle with its service codes and shared questions", body = BundleList,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 500, description = "The backend failed", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_bundles() {}

/// One bundle with its services in full.
#[utoipa::path(
    get,
    path = "/v1/bundles/{code}",
    tag = "catalogue",
    params(
        ("code" = String, Path, description = "The bundle code"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The bundle and its services, in journey order", body = BundleDetail,
            headers(("ETag" = String, description = "Strong validator of this body"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 404, description = "No such bundle (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_bundle() {}

/// One version of a form definition: a FHIR Questionnaire of the Bianmin profile.
#[utoipa::path(
    get,
    path = "/v1/forms/{id}/{version}",
    tag = "catalogue",
    params(
        ("id" = String, Path, description = "The form id, as in a service item's `form.id`"),
        ("version" = String, Path, description = "The form version (semantic versioning)"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The Questionnaire; its body never changes. A version is active, retiring (accepted until a date) or retired; the service item names the current one", body = Questionnaire,
            headers(("ETag" = String, description = "The sha256 of this body, lowercase hex, quoted: the form version's digest"))),
        (status = 304, description = "Unchanged since the given ETag"),
        (status = 404, description = "No such form version (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_form() {}

/// Submits an application; exactly once per `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/v1/applications",
    tag = "applications",
    params(
        ("Idempotency-Key" = String, Header, description = "Unique per submission (the app uses the draft id); a retry with the same key and body gets the original answer"),
    ),
    request_body = ApplicationRequest,
    responses(
        (status = 201, description = "The case was opened (or, with `Idempotent-Replayed: true`, the original answer replayed)", body = ApplicationReceipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same key"))),
        (status = 400, description = "No `Idempotency-Key` (`idempotency-key-missing`) or a body that is not an application (`invalid-answers`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown service or form version (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Answers refused, with `fields` (`invalid-answers`), or the key was used with another body (`idempotency-key-reused`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The form version answered is retired, or retiring and past its date (`form-version-retired`); `message.args.currentVersion` names the version to start again on", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy or down for a while (`unavailable`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
fn submit_application() {}

/// The receipt of a submitted application.
#[utoipa::path(
    get,
    path = "/v1/applications/{caseNumber}",
    tag = "applications",
    params(("caseNumber" = String, Path, description = "The case number of the receipt")),
    responses(
        (status = 200, description = "The receipt with the case's current status", body = ApplicationReceipt),
        (status = 404, description = "No such case (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_application() {}
