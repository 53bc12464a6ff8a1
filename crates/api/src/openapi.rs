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
        list_case_events,
        submit_supplement,
        withdraw_application,
        rate_application,
        get_application_rating,
        list_notifications,
        ack_notifications,
        submit_hotline_request,
        list_hotline_requests,
        get_hotline_request,
        rate_hotline_request,
        get_hotline_rating,
        call_staff,
        get_staff_call,
        cancel_staff_call,
        create_upload,
        get_upload,
        append_upload_part,
        complete_upload,
        request_sign_in_code,
        verify_sign_in_code,
        staff_sign_in,
        register_device,
        sign_out,
        get_me,
        get_profile,
        list_e_licences,
        create_delegation,
        list_delegations,
        revoke_delegation,
        list_activity,
    ),
    components(schemas(CaseStatus, HotlineStatus, ReminderKind, DelegationRole)),
    modifiers(&BearerAuth, &CommonProblems, &LinkFieldNames),
    tags(
        (name = "catalogue", description = "Service items (政务服务事项) and their forms"),
        (name = "applications", description = "Submitting an application (申报) exactly once"),
        (name = "cases", description = "Following a case (办件): events, supplements (补正), withdrawal, rating (好差评)"),
        (name = "notifications", description = "The resident's notifications and proactive reminders (未诉先办)"),
        (name = "hotline", description = "12345 hotline requests (接诉即办)"),
        (name = "staff-calls", description = "A kiosk calling a member of staff to the resident (呼叫工作人员)"),
        (name = "uploads", description = "Resumable, content-addressed attachments (材料)"),
        (name = "identity", description = "Sign-in of residents, staff and kiosk devices; the profile and e-licences forms are prefilled from"),
        (name = "delegations", description = "Acting for someone else (亲友代办) and what was done for a resident"),
    ),
)]
pub struct ApiDoc;

/// The `bearer` security scheme: an opaque token from sign-in, `Authorization: Bearer <token>`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An opaque session token from sign-in; residents' sessions last 30 \
                         minutes, staff's 8 hours, kiosk devices' 30 days. Operations that list \
                         `bearer` and an empty requirement work signed in or not: a case or 12345 \
                         request filed signed in is then its resident's alone (404 to others).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as committed in `docs/api/openapi.json` (pretty JSON, trailing newline).
/// Written through `serde_json::Value`, whose maps are sorted: extension maps (a link's
/// `operationId` and `requestBody`, see [`LinkFieldNames`]) are hash maps, and the document must
/// be the same on every run.
pub fn document() -> String {
    let mut text = serde_json::to_value(ApiDoc::openapi())
        .and_then(|doc| serde_json::to_string_pretty(&doc))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// utoipa 5 writes a Link object's target and body in snake case (`operation_id`,
/// `operation_ref`, `request_body`); OpenAPI names them `operationId` / `operationRef` /
/// `requestBody`, and tools ignore a link without a target. This moves them into the link's
/// (flattened) extension map under their OpenAPI names.
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
                        if let Some(body) = link.request_body.take() {
                            link.extensions
                                .get_or_insert_with(Default::default)
                                .insert("requestBody".to_owned(), body);
                        }
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
    security((), ("bearer" = [])),
    responses(
        (status = 201, description = "The case was opened (or, with `Idempotent-Replayed: true`, the original answer replayed)", body = ApplicationReceipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same key")),
            links(
                ("getApplication" = (operation_id = "get_application",
                    parameters(("caseNumber" = "$response.body#/caseNumber")),
                    description = "The receipt of the case just opened")),
                ("listCaseEvents" = (operation_id = "list_case_events",
                    parameters(("caseNumber" = "$response.body#/caseNumber")),
                    description = "The case's events")),
                ("withdrawApplication" = (operation_id = "withdraw_application",
                    parameters(("caseNumber" = "$response.body#/caseNumber")),
                    description = "Withdraw the case")),
                ("rateApplication" = (operation_id = "rate_application",
                    parameters(("caseNumber" = "$response.body#/caseNumber")),
                    description = "Rate the case (好差评) once it is done")),
            )),
        (status = 400, description = "No `Idempotency-Key` (`idempotency-key-missing`) or a body that is not an application: not JSON, or values missing or of the wrong type (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not known or has expired (`unauthorized`, `session-expired`), or `onBehalfOf` without signing in; without a token the case is filed anonymously, with one it is the resident's (or, `onBehalfOf`, the principal's)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`onBehalfOf` that no valid delegation of the caller covers (`delegation-refused`: not theirs, revoked, expired, not yet valid, not for this service, or none named), or a kiosk acting for someone (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this key is still being processed (`idempotency-key-in-flight`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 404, description = "Unknown service or form version (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Answers refused, with `fields` (`invalid-answers`; an attachment answer naming an unknown upload is `error-upload-unknown`, one not complete `error-upload-incomplete`), or the key was used with another body (`idempotency-key-reused`)", body = Problem, content_type = "application/problem+json"),
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
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The receipt with the case's current status", body = ApplicationReceipt),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case, or one filed by another resident (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_application() {}

/// The events of a case (办件), oldest first: a timeline with no personal answers.
#[utoipa::path(
    get,
    path = "/v1/applications/{caseNumber}/events",
    tag = "cases",
    params(("caseNumber" = String, Path, description = "The case number of the receipt")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The case's status and its append-only events", body = CaseEventList),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case, or one filed by another resident (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_case_events() {}

/// Answers a request for more material (补正); exactly once per `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/v1/applications/{caseNumber}/supplements",
    tag = "cases",
    params(
        ("caseNumber" = String, Path, description = "The case number"),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "1 to 255 visible ASCII characters, unique per supplement; a retry with the same key and body gets the original answer"),
    ),
    security((), ("bearer" = [])),
    request_body = SupplementRequest,
    responses(
        (status = 201, description = "The supplement was filed and the case is `supplemented` (or, with `Idempotent-Replayed: true`, the original answer replayed)", body = SupplementReceipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same key"))),
        (status = 400, description = "No `Idempotency-Key` (`idempotency-key-missing`) or a body that is not a supplement (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case asks for no material now (`state-conflict`), or a request with this key is still being handled (`idempotency-key-in-flight`, with `Retry-After`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The supplement form's version is retired (`form-version-retired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn submit_supplement() {}

/// Withdraws an application that is not yet done or rejected.
#[utoipa::path(
    post,
    path = "/v1/applications/{caseNumber}/withdraw",
    tag = "cases",
    params(("caseNumber" = String, Path, description = "The case number")),
    security((), ("bearer" = [])),
    request_body(content = WithdrawRequest, description = "Optional: an empty body withdraws without a reason"),
    responses(
        (status = 200, description = "Withdrawn: the `withdrawn` event", body = CaseEvent),
        (status = 400, description = "A body that is not a withdrawal (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Done, rejected or withdrawn already (`state-conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn withdraw_application() {}

/// Rates a case that is done (好差评): once.
#[utoipa::path(
    post,
    path = "/v1/applications/{caseNumber}/rating",
    tag = "cases",
    params(("caseNumber" = String, Path, description = "The case number")),
    security((), ("bearer" = [])),
    request_body = RatingRequest,
    responses(
        (status = 201, description = "The rating as recorded", body = Rating),
        (status = 400, description = "A body that is not a rating (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not done (`state-conflict`), or rated already (`already-rated`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn rate_application() {}

/// The rating of a case.
#[utoipa::path(
    get,
    path = "/v1/applications/{caseNumber}/rating",
    tag = "cases",
    params(("caseNumber" = String, Path, description = "The case number")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The rating", body = Rating),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case, or not rated yet (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_application_rating() {}

/// The signed-in resident's notifications after a cursor, oldest first.
#[utoipa::path(
    get,
    path = "/v1/notifications",
    tag = "notifications",
    params(NotificationQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Notifications after `after` (default: after the acknowledged cursor, so unacknowledged ones come back)", body = NotificationPage),
        (status = 400, description = "A malformed cursor or a limit outside 1–200 (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in, but not as a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_notifications() {}

/// Acknowledges every notification up to a cursor; the acknowledged cursor never moves back.
#[utoipa::path(
    post,
    path = "/v1/notifications/ack",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = AckRequest,
    responses(
        (status = 200, description = "The acknowledged cursor", body = AckResult),
        (status = 400, description = "A body that is not an ack (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in, but not as a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn ack_notifications() {}

/// Raises a 12345 request; exactly once per `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/v1/hotline-requests",
    tag = "hotline",
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "1 to 255 visible ASCII characters, unique per request; a retry with the same key and body gets the original answer")),
    security((), ("bearer" = [])),
    request_body = HotlineSubmission,
    responses(
        (status = 201, description = "Accepted (or, with `Idempotent-Replayed: true`, the original answer replayed)", body = HotlineReceipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same key")),
            links(
                ("getHotlineRequest" = (operation_id = "get_hotline_request",
                    parameters(("id" = "$response.body#/id")),
                    description = "The request just made")),
                ("rateHotlineRequest" = (operation_id = "rate_hotline_request",
                    parameters(("id" = "$response.body#/id")),
                    description = "Rate it once it is followed up")),
            )),
        (status = 400, description = "No `Idempotency-Key` (`idempotency-key-missing`) or a body that is not a 12345 request (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this key is still being handled (`idempotency-key-in-flight`, with `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn submit_hotline_request() {}

/// The signed-in resident's 12345 requests, newest first.
#[utoipa::path(
    get,
    path = "/v1/hotline-requests",
    tag = "hotline",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The resident's requests", body = HotlineList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in, but not as a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_hotline_requests() {}

/// One 12345 request and its events.
#[utoipa::path(
    get,
    path = "/v1/hotline-requests/{id}",
    tag = "hotline",
    params(("id" = String, Path, description = "The id of the receipt")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The request as raised (contact mobile masked) and its events, oldest first", body = HotlineRequestDetail),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or one raised by another resident (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_hotline_request() {}

/// Rates a 12345 request after its follow-up visit: once.
#[utoipa::path(
    post,
    path = "/v1/hotline-requests/{id}/rating",
    tag = "hotline",
    params(("id" = String, Path, description = "The id of the request")),
    security((), ("bearer" = [])),
    request_body = RatingRequest,
    responses(
        (status = 201, description = "The rating as recorded; the request is `rated`", body = Rating),
        (status = 400, description = "A body that is not a rating (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Before the follow-up visit (`state-conflict`), or rated already (`already-rated`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn rate_hotline_request() {}

/// The rating of a 12345 request.
#[utoipa::path(
    get,
    path = "/v1/hotline-requests/{id}/rating",
    tag = "hotline",
    params(("id" = String, Path, description = "The id of the request")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The rating", body = Rating),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not rated yet (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_hotline_rating() {}

/// A kiosk calls a member of staff to the resident in front of it.
#[utoipa::path(
    post,
    path = "/v1/staff-calls",
    tag = "staff-calls",
    request_body = StaffCallRequest,
    responses(
        (status = 201, description = "The call, waiting for a member of staff", body = StaffCall,
            links(
                ("getStaffCall" = (operation_id = "get_staff_call",
                    parameters(("id" = "$response.body#/id")),
                    description = "Whether someone is on the way")),
                ("cancelStaffCall" = (operation_id = "cancel_staff_call",
                    parameters(("id" = "$response.body#/id")),
                    description = "The resident no longer needs help")),
            )),
        (status = 400, description = "A body that is not a call (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A place that is empty or longer than 100 characters (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn call_staff() {}

/// Where a call stands: still waiting, someone on the way, or cancelled.
#[utoipa::path(
    get,
    path = "/v1/staff-calls/{id}",
    tag = "staff-calls",
    params(("id" = String, Path, description = "The id of the call")),
    responses(
        (status = 200, description = "The call", body = StaffCall),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_staff_call() {}

/// The resident no longer needs help (or is leaving): the call is cancelled. Cancelling a call
/// that is cancelled already answers it as it is.
#[utoipa::path(
    post,
    path = "/v1/staff-calls/{id}/cancel",
    tag = "staff-calls",
    params(("id" = String, Path, description = "The id of the call")),
    responses(
        (status = 200, description = "The call, cancelled", body = StaffCall),
        (status = 400, description = "A malformed path (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn cancel_staff_call() {}

/// Starts an upload, or answers the upload that already has these bytes.
#[utoipa::path(
    post,
    path = "/v1/uploads",
    tag = "uploads",
    request_body = CreateUpload,
    responses(
        (status = 201, description = "A new upload, at offset 0; send its parts with `PATCH`", body = UploadStatus,
            headers(("Location" = String, description = "The upload's address"),
                    ("Upload-Offset" = u64, description = "Bytes received so far")),
            links(
                ("getUpload" = (operation_id = "get_upload",
                    parameters(("id" = "$response.body#/id")),
                    description = "How far the upload is")),
                ("appendUploadPart" = (operation_id = "append_upload_part",
                    parameters(("id" = "$response.body#/id"), ("Upload-Offset" = "$response.body#/offset")),
                    description = "Send the next part, at the offset the backend has")),
                ("completeUpload" = (operation_id = "complete_upload",
                    parameters(("id" = "$response.body#/id")),
                    description = "Complete the upload once every byte arrived")),
            )),
        (status = 200, description = "A complete upload with this sha256 and size already exists (content-addressed): it is answered, complete, and nothing needs sending", body = UploadStatus,
            links(
                ("getUpload" = (operation_id = "get_upload",
                    parameters(("id" = "$response.body#/id")),
                    description = "How far the upload is")),
                ("appendUploadPart" = (operation_id = "append_upload_part",
                    parameters(("id" = "$response.body#/id"), ("Upload-Offset" = "$response.body#/offset")),
                    description = "Send the next part, at the offset the backend has")),
                ("completeUpload" = (operation_id = "complete_upload",
                    parameters(("id" = "$response.body#/id")),
                    description = "Complete the upload once every byte arrived")),
            )),
        (status = 400, description = "The body is not an upload (`invalid-upload`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token was sent but is not valid (`unauthorized`, `session-expired`); uploads may also be sent without one", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 20 MiB (`upload-too-large`, message `error-upload-too-large` with `maxMb`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a JPEG, PNG or PDF (`upload-type-not-allowed`), or an empty file, a sha256 that is not 64 hex digits, a bad material code or file name (`invalid-upload`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_upload() {}

/// Where an upload stands: the offset to resume from.
#[utoipa::path(
    get,
    path = "/v1/uploads/{id}",
    tag = "uploads",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "The bytes received so far and whether the upload is complete", body = UploadStatus,
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 404, description = "No such upload (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_upload() {}

/// Appends one part at the offset the upload has reached (tus-style).
#[utoipa::path(
    patch,
    path = "/v1/uploads/{id}",
    tag = "uploads",
    params(
        ("id" = String, Path, description = "The upload id"),
        ("Upload-Offset" = u64, Header, description = "The byte offset of this part: the upload's current offset"),
    ),
    request_body(content(
            (UploadPart = "application/offset+octet-stream"),
            (UploadPart = "application/octet-stream"),
        ),
        description = "The part's bytes, at most `partSize` (1 MiB): `application/offset+octet-stream` as in tus, or any other type (the bytes are taken as they are)"),
    responses(
        (status = 200, description = "The part is stored (or the upload was already complete)", body = UploadStatus,
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 400, description = "No or a malformed `Upload-Offset` (`invalid-upload`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such upload (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The part is not at the upload's offset (`upload-offset-mismatch`); `message.args.offset` and `Upload-Offset` say where to resume", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 413, description = "The part is larger than `partSize`, or goes past the declared size (`upload-too-large`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn append_upload_part() {}

/// Completes an upload: the size and sha256 of the bytes received are verified.
#[utoipa::path(
    post,
    path = "/v1/uploads/{id}/complete",
    tag = "uploads",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "Complete: an application may name this upload id in an attachment answer", body = UploadStatus),
        (status = 404, description = "No such upload (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not every byte has arrived (`upload-offset-mismatch`); `message.args.offset` and `Upload-Offset` say where to resume", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 422, description = "The bytes do not have the declared sha256 (`upload-checksum-mismatch`): they are discarded and the upload starts again at offset 0", body = Problem, content_type = "application/problem+json",
            headers(("Upload-Offset" = u64, description = "0: send the file again from the start"))),
    )
)]
fn complete_upload() {}
/// Sends a one-time sign-in code to a mobile number (it kills the number's earlier codes). A
/// number not known yet is registered as a new resident (with an empty profile) once the code is
/// verified.
#[utoipa::path(
    post,
    path = "/v1/sign-in/otp",
    tag = "identity",
    request_body = OtpRequest,
    responses(
        (status = 201, description = "A challenge; the 6-digit code is valid 5 minutes. `practiceCode` only in practice mode", body = OtpChallenge,
            links(("verifySignInCode" = (operation_id = "verify_sign_in_code",
                request_body = json!({"challengeId": "$response.body#/challengeId", "code": "$response.body#/practiceCode"}),
                description = "Sign in with the code (in practice mode the challenge carries it)")))),
        (status = 400, description = "Not a JSON `OtpRequest` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a mainland mobile number (`invalid-request`, `error-mobile-format`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Already 5 codes for this number in 15 minutes (`too-many-requests`); `message.args.minutes` and `Retry-After` say how long to wait", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
fn request_sign_in_code() {}

/// Signs a resident in with the code of a challenge.
#[utoipa::path(
    post,
    path = "/v1/sign-in/otp/verify",
    tag = "identity",
    request_body = OtpVerify,
    responses(
        (status = 200, description = "Signed in: a resident session of 30 minutes", body = SignedIn,
            links(
                ("getMe" = (operation_id = "get_me",
                    description = "Who is signed in, with `Authorization: Bearer` and the token")),
                ("getProfile" = (operation_id = "get_profile",
                    description = "The resident's profile and its prefill, with the token")),
                ("listELicences" = (operation_id = "list_e_licences",
                    description = "The resident's e-licences, with the token")),
            )),
        (status = 400, description = "Not a JSON `OtpVerify` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The challenge is dead: expired, used, unknown, or 5 wrong tries (`sign-in-code-dead`); ask for a new code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code (`sign-in-code-wrong`); `message.args.attemptsLeft`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn verify_sign_in_code() {}

/// Signs a member of a service centre's staff in.
#[utoipa::path(
    post,
    path = "/v1/sign-in/staff",
    tag = "identity",
    request_body = StaffSignIn,
    responses(
        (status = 200, description = "Signed in: a staff session of 8 hours", body = SignedIn),
        (status = 400, description = "Not a JSON `StaffSignIn` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown staff id or wrong password (`sign-in-failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn staff_sign_in() {}

/// Registers a kiosk device with its centre's registration code and signs it in.
#[utoipa::path(
    post,
    path = "/v1/devices",
    tag = "identity",
    request_body = DeviceRegistration,
    responses(
        (status = 201, description = "Registered: a device session of 30 days", body = SignedIn),
        (status = 400, description = "Not a JSON `DeviceRegistration` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong registration code (`sign-in-failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A device id that is empty or longer than 128 characters (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn register_device() {}

/// Ends the caller's session: its token is refused from now on.
#[utoipa::path(
    post,
    path = "/v1/sign-out",
    tag = "identity",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn sign_out() {}

/// Who is signed in.
#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "identity",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in party and when the session ends", body = Me),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_me() {}

/// What the government already knows of the signed-in resident, for prefill.
#[utoipa::path(
    get,
    path = "/v1/profile",
    tag = "identity",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile; `prefill` maps the prefill codes of form items to values", body = Profile),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_profile() {}

/// The signed-in resident's electronic licences (电子证照).
#[utoipa::path(
    get,
    path = "/v1/e-licences",
    tag = "identity",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The e-licences, by type code", body = ELicenceList),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_e_licences() {}

/// Records a delegation: by the principal online, or by staff for a principal (consent in
/// person or on a signed paper form). Written to the principal's activity.
#[utoipa::path(
    post,
    path = "/v1/delegations",
    tag = "delegations",
    security(("bearer" = [])),
    request_body = NewDelegation,
    responses(
        (status = 201, description = "The delegation", body = Delegation,
            links(("revokeDelegation" = (operation_id = "revoke_delegation",
                parameters(("id" = "$response.body#/id")),
                description = "Revoke the delegation just given")))),
        (status = 400, description = "Not a JSON `NewDelegation` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A kiosk, or a resident naming another principal (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown resident, self-delegation, empty or unknown scope, bad dates, consent method not allowed for the caller, or missing evidence (`invalid-request`; `message.id` says which)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_delegation() {}

/// The signed-in resident's delegations, given (`role=principal`) or held (`role=agent`).
#[utoipa::path(
    get,
    path = "/v1/delegations",
    tag = "delegations",
    security(("bearer" = [])),
    params(DelegationQuery),
    responses(
        (status = 200, description = "Newest first, with their current status", body = DelegationList),
        (status = 400, description = "An unknown `role` (`invalid-request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_delegations() {}

/// Revokes a delegation: by its principal, its agent (giving it up) or staff. Revoking a
/// revoked one answers it unchanged.
#[utoipa::path(
    post,
    path = "/v1/delegations/{id}/revoke",
    tag = "delegations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The delegation id")),
    responses(
        (status = 200, description = "The delegation, now `revoked`", body = Delegation),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delegation of the caller's (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn revoke_delegation() {}

/// What others did for the signed-in resident (applications filed for them, delegations
/// recorded or revoked), newest first.
#[utoipa::path(
    get,
    path = "/v1/activity",
    tag = "delegations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "At most the 500 newest entries", body = ActivityList),
        (status = 401, description = "No valid session (`unauthorized`, `session-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a resident (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_activity() {}
/// Problems that any operation can answer, whichever layer produces them (the reference server
/// turns axum's own rejections into these; see `crates/server/src/problem.rs`). Each is added to
/// every operation where it can occur and that does not declare that status itself, so an
/// operation added later documents them without repeating them:
/// - 400 `invalid-request` where there is a path or query parameter or a body to parse;
/// - 413 `too-large`, 415 `unsupported-media-type` and 422 `invalid-request` (JSON of the wrong
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
                    add("400", "The request could not be read: a path or query parameter that does not parse, or a body that is not JSON (`invalid-request`)");
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
                    add("422", "The request body is JSON, but not of this operation's shape: a member missing or of the wrong type (`invalid-request`)");
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
