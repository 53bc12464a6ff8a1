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
    ),
    modifiers(&CommonProblems, &LinkFieldNames),
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

/// utoipa 5 writes a Link object's target in snake case (`operation_id`, `operation_ref`);
/// OpenAPI names it `operationId` / `operationRef`, and tools ignore a link without one. This
/// moves the target into the link's (flattened) extension map under its OpenAPI name.
struct LinkFieldNames;

impl utoipa::Modify for LinkFieldNames {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                for response in op.responses.responses.values_mut() {
                    let RefOr::T(response) = response else {
                        continue;
                    };
                    for link in response.links.values_mut() {
                        let RefOr::T(link) = link else { continue };
                        let (name, target) = if !link.operation_id.is_empty() {
                            ("operationId", std::mem::take(&mut link.operation_id))
                        } else if !link.operation_ref.is_empty() {
                            ("operationRef", std::mem::take(&mut link.operation_ref))
                        } else {
                            continue;
                        };
                        link.extensions
                            .get_or_insert_with(Default::default)
                            .insert(name.to_owned(), target.into());
                    }
                }
            }
        }
    }
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
            headers(("ETag" = String, description = "Strong validator of this body")),
            links(
                ("getFirstService" = (operation_id = "get_service",
                    parameters(("code" = "$response.body#/items/0/code")),
                    description = "The first service item listed")),
                ("getFirstServiceForm" = (operation_id = "get_form",
                    parameters(("id" = "$response.body#/items/0/form/id"), ("version" = "$response.body#/items/0/form/version")),
                    description = "The current form version of the first service item listed")),
            )),
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
            headers(("ETag" = String, description = "Strong validator of this body")),
            links(("getForm" = (operation_id = "get_form",
                parameters(("id" = "$response.body#/form/id"), ("version" = "$response.body#/form/version")),
                description = "The form version this service item's applications answer")))),
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
            headers(("ETag" = String, description = "Strong validator of this body")),
            links(("getFirstBundle" = (operation_id = "get_bundle",
                parameters(("code" = "$response.body#/items/0/code")),
                description = "The first bundle listed")))),
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
            headers(("ETag" = String, description = "Strong validator of this body")),
            links(("getFirstService" = (operation_id = "get_service",
                parameters(("code" = "$response.body#/services/0/code")),
                description = "The first service of the bundle's journey")))),
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
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "Unique per submission (the app uses the draft id): 1 to 255 visible ASCII characters. A retry with the same key and body gets the original answer"),
    ),
    request_body(content = ApplicationRequest, description = "The answers to one form version. The example is a complete elderly-allowance application the reference server accepts",
        example = json!({
            "serviceCode": "elderly-allowance",
            "form": {
                "id": "elderly-allowance",
                "url": "https://forms.bianmin.example/Questionnaire/elderly-allowance",
                "version": "1.0.0"
            },
            "response": {
                "resourceType": "QuestionnaireResponse",
                "questionnaire": "https://forms.bianmin.example/Questionnaire/elderly-allowance|1.0.0",
                "status": "completed",
                "item": [
                    {"linkId": "applicant-name", "answer": [{"valueString": "张三"}]},
                    {"linkId": "applicant-id-number", "answer": [{"valueString": "11010519491231002X"}]},
                    {"linkId": "contact-mobile", "answer": [{"valueString": "13800138000"}]}
                ]
            }
        })),
    responses(
        (status = 201, description = "The case was opened (or, with `Idempotent-Replayed: true`, the original answer replayed)", body = ApplicationReceipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same key")),
            links(("getApplication" = (operation_id = "get_application",
                parameters(("caseNumber" = "$response.body#/caseNumber")),
                description = "The receipt of the case just opened")))),
        (status = 400, description = "No `Idempotency-Key` (`idempotency-key-missing`), or a body that is not an application: malformed JSON or values of the wrong type (`bad-request`)", body = Problem, content_type = "application/problem+json"),
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

/// Problems that any operation can answer, whichever layer produces them (the reference server
/// turns axum's own rejections into these; see `crates/server/src/problem.rs`). Each is added to
/// every operation where it can occur and that does not declare that status itself, so an
/// operation added later documents them without repeating them:
/// - 400 `bad-request` where there is a path or query parameter or a body to parse;
/// - 413 `too-large`, 415 `unsupported-media-type` and 422 `bad-request` (JSON of the wrong
///   shape) where there is a request body;
/// - 401 `unauthorized` / `session-expired` where a bearer token is required.
///
/// A method a path does not take is 405 `method-not-allowed` with `Allow`, and a path that is
/// not listed is 404 `not-found`; neither belongs to a listed operation.
struct CommonProblems;

fn problem_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

impl utoipa::Modify for CommonProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        let secured_by_default = openapi
            .security
            .as_ref()
            .is_some_and(|s| s.iter().any(names_a_scheme));
        for item in openapi.paths.paths.values_mut() {
            let path_params = item.parameters.as_ref().is_some_and(|p| {
                p.iter()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query))
            });
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let parses = path_params
                    || op.request_body.is_some()
                    || op.parameters.as_ref().is_some_and(|p| {
                        p.iter().any(|p| {
                            matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query)
                        })
                    });
                let has_body = op.request_body.is_some();
                let secured = match &op.security {
                    Some(requirements) => requirements.iter().any(names_a_scheme),
                    None => secured_by_default,
                };
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem_response(description));
                };
                if parses {
                    add("400", "The request could not be read: a path or query parameter that does not parse, or a body that is not JSON (`bad-request`)");
                }
                if has_body {
                    add(
                        "413",
                        "The request body is larger than the server reads (`too-large`)",
                    );
                    add(
                        "415",
                        "The request body is not `application/json` (`unsupported-media-type`)",
                    );
                    add("422", "The request body is JSON, but not of this operation's shape: a member missing or of the wrong type (`bad-request`)");
                }
                if secured {
                    add("401", "No bearer token, or one the backend does not know (`unauthorized`), or a session whose time is up (`session-expired`): sign in again");
                }
            }
        }
    }
}

/// Whether a security requirement names a scheme (`{}` is "anonymous is allowed").
fn names_a_scheme(requirement: &utoipa::openapi::security::SecurityRequirement) -> bool {
    serde_json::to_value(requirement)
        .ok()
        .and_then(|v| v.as_object().map(|o| !o.is_empty()))
        .unwrap_or(false)
}
