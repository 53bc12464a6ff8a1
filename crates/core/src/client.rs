//! The client of the one-stop backend's `/v1` contract, over real HTTP (reqwest).

use crate::error::CoreError;
use crate::session::SessionSlot;
use bianmin_api::{
    problem_types, AckRequest, AckResult, ApplicationReceipt, CaseEvent, CaseEventList,
    CreateUpload, FieldError, FormRef, HotlineReceipt, HotlineRequestDetail, LifeEvent,
    LifeEventList, Message, NotificationPage, OtpChallenge, OtpRequest, OtpVerify, Problem,
    Profile, Questionnaire, Rating, RatingRequest, ServiceCatalogue, ServiceItem, SignedIn,
    StaffCall, SupplementReceipt, UploadStatus, WithdrawRequest, IDEMPOTENCY_KEY, UPLOAD_OFFSET,
};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use std::time::Duration;

#[derive(Clone)]
pub struct BackendClient {
    base: String,
    http: reqwest::Client,
    /// Who is signed in. Only the operations about the caller (applications, `/v1/me`, the
    /// profile, notifications, sign-out) carry its token: the catalogue and forms are public, and a token that
    /// ended would make the backend refuse them (a present but invalid token is always 401).
    session: SessionSlot,
}

/// The catalogue as revalidated against a cached ETag.
pub enum CatalogueFetch {
    NotModified,
    Fresh {
        items: Vec<ServiceItem>,
        etag: Option<String>,
    },
}

impl BackendClient {
    pub fn new(base_url: &str) -> Result<Self, CoreError> {
        Self::with_timeout(base_url, Duration::from_secs(30))
    }

    /// A client that gives up on a request after `timeout` (connecting: at most 5 s).
    pub fn with_timeout(base_url: &str, timeout: Duration) -> Result<Self, CoreError> {
        let http = reqwest::Client::builder()
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("bianmin/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CoreError::Network(e.to_string()))?;
        Ok(Self {
            base: base_url.trim_end_matches('/').to_owned(),
            http,
            session: SessionSlot::default(),
        })
    }

    /// The session this client (and every clone of it) signs its requests with.
    pub fn session(&self) -> &SessionSlot {
        &self.session
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub async fn catalogue(&self, etag: Option<&str>) -> Result<CatalogueFetch, CoreError> {
        let mut request = self.http.get(format!("{}/v1/services", self.base));
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        let response = request.send().await.map_err(network)?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(CatalogueFetch::NotModified);
        }
        let etag = response
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let catalogue: ServiceCatalogue = json(response).await?;
        Ok(CatalogueFetch::Fresh {
            items: catalogue.items,
            etag,
        })
    }

    /// The life events services are grouped by (`GET /v1/life-events`).
    pub async fn life_events(&self) -> Result<Vec<LifeEvent>, CoreError> {
        let response = self
            .http
            .get(format!("{}/v1/life-events", self.base))
            .send()
            .await
            .map_err(network)?;
        let list: LifeEventList = json(response).await?;
        Ok(list.items)
    }

    /// The life-event bundles (`GET /v1/bundles`).
    pub async fn bundles(&self) -> Result<Vec<bianmin_api::Bundle>, CoreError> {
        let response = self
            .http
            .get(format!("{}/v1/bundles", self.base))
            .send()
            .await
            .map_err(network)?;
        let list: bianmin_api::BundleList = json(response).await?;
        Ok(list.items)
    }

    /// One bundle with its services in full (`GET /v1/bundles/{code}`).
    pub async fn bundle(&self, code: &str) -> Result<bianmin_api::BundleDetail, CoreError> {
        let response = self
            .http
            .get(format!("{}/v1/bundles/{}", self.base, encode(code)))
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }

    pub async fn service(&self, code: &str) -> Result<ServiceItem, CoreError> {
        let response = self
            .http
            .get(format!("{}/v1/services/{}", self.base, encode(code)))
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }

    pub async fn form(&self, form: &FormRef) -> Result<Questionnaire, CoreError> {
        let response = self
            .http
            .get(format!(
                "{}/v1/forms/{}/{}",
                self.base,
                encode(&form.id),
                encode(&form.version)
            ))
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }

    /// `POST /v1/sign-in/otp`: a one-time code is sent to `mobile`. A refusal (a mistyped
    /// number, too many codes) is [`CoreError::Refused`] about the field `mobile`.
    pub async fn request_otp(&self, mobile: &str) -> Result<OtpChallenge, CoreError> {
        let response = self
            .http
            .post(format!("{}/v1/sign-in/otp", self.base))
            .json(&OtpRequest {
                mobile: mobile.to_owned(),
            })
            .send()
            .await
            .map_err(network)?;
        refusable(response, "mobile").await
    }

    /// `POST /v1/sign-in/otp/verify`: the code for the challenge. A wrong or dead code is
    /// [`CoreError::Refused`] about the field `code`.
    pub async fn verify_otp(&self, challenge_id: &str, code: &str) -> Result<SignedIn, CoreError> {
        let response = self
            .http
            .post(format!("{}/v1/sign-in/otp/verify", self.base))
            .json(&OtpVerify {
                challenge_id: challenge_id.to_owned(),
                code: code.to_owned(),
            })
            .send()
            .await
            .map_err(network)?;
        refusable(response, "code").await
    }

    /// `POST /v1/sign-out`: the backend forgets the session.
    pub async fn sign_out(&self, token: &str) -> Result<(), CoreError> {
        let response = self
            .http
            .post(format!("{}/v1/sign-out", self.base))
            .header(AUTHORIZATION, bearer(token))
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        if status.is_success() || status == StatusCode::UNAUTHORIZED {
            return Ok(());
        }
        Err(CoreError::Backend {
            status: status.as_u16(),
            detail: "sign-out refused".to_owned(),
        })
    }

    /// `GET /v1/profile` of the signed-in resident.
    pub async fn profile(&self, token: &str) -> Result<Profile, CoreError> {
        self.get_signed("/v1/profile", token).await
    }

    /// `GET /v1/me`: the session is still valid.
    pub async fn me(&self, token: &str) -> Result<bianmin_api::Me, CoreError> {
        self.get_signed("/v1/me", token).await
    }

    /// `GET /v1/e-licences` of the signed-in resident.
    pub async fn e_licences(&self, token: &str) -> Result<bianmin_api::ELicenceList, CoreError> {
        self.get_signed("/v1/e-licences", token).await
    }

    /// A GET about the signed-in party; a 401 ends the session here too.
    async fn get_signed<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, CoreError> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header(AUTHORIZATION, bearer(token))
            .send()
            .await
            .map_err(network)?;
        let response = self
            .unless_session_refused(response, Some(token))
            .await
            .map_err(CoreError::SignedOut)?;
        json(response).await
    }

    /// Sends an application body (the exact bytes stored in the outbox, so every retry carries
    /// the same body); `key` makes a retry return the same case; `token` signs it as the
    /// resident who submitted it. Says what to do next.
    pub async fn send_application(
        &self,
        key: &str,
        body: Vec<u8>,
        token: Option<&str>,
    ) -> SendOutcome {
        self.send_created(format!("{}/v1/applications", self.base), key, body, token)
            .await
    }

    /// Sends a supplement (补正) body to `POST /v1/applications/{caseNumber}/supplements`, as
    /// [`BackendClient::send_application`] sends an application: the exact stored bytes, the
    /// draft id as the `Idempotency-Key`. A case no longer waiting for material (409
    /// `state-conflict`) is refused, never retried.
    pub async fn send_supplement(
        &self,
        case_number: &str,
        key: &str,
        body: Vec<u8>,
        token: Option<&str>,
    ) -> SendOutcome<SupplementReceipt> {
        self.send_created(self.case_url(case_number, "supplements"), key, body, token)
            .await
    }

    /// Sends a 12345 request body (`POST /v1/hotline-requests`) under the same rules as an
    /// application: the same key returns the same request.
    pub async fn send_hotline(
        &self,
        key: &str,
        body: Vec<u8>,
        token: Option<&str>,
    ) -> SendOutcome<HotlineReceipt> {
        self.send_created(
            format!("{}/v1/hotline-requests", self.base),
            key,
            body,
            token,
        )
        .await
    }

    /// One creating `POST` with an `Idempotency-Key`, its answer classified.
    async fn send_created<R: serde::de::DeserializeOwned>(
        &self,
        url: String,
        key: &str,
        body: Vec<u8>,
        token: Option<&str>,
    ) -> SendOutcome<R> {
        let request = self
            .http
            .post(url)
            .header(IDEMPOTENCY_KEY, key)
            .header(CONTENT_TYPE, "application/json");
        let sent = with_bearer(request, token).body(body).send().await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                return SendOutcome::RetryLater {
                    kind: if e.is_timeout() { "timeout" } else { "network" },
                    retry_after: None,
                }
            }
        };
        let response = match self.unless_session_refused(response, token).await {
            Ok(response) => response,
            Err(message) => return SendOutcome::SessionEnded(message),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = match response.bytes().await {
            Ok(b) => b,
            // The answer was cut off: the case may exist; the same key makes the retry safe.
            Err(_) => {
                return SendOutcome::RetryLater {
                    kind: "network",
                    retry_after,
                }
            }
        };
        if status.is_success() {
            return match serde_json::from_slice(&body) {
                Ok(receipt) => SendOutcome::Accepted(receipt),
                Err(_) => SendOutcome::RetryLater {
                    kind: "bad-response",
                    retry_after,
                },
            };
        }
        let problem: Option<Problem> = serde_json::from_slice(&body).ok();
        // 409 because the case moved on (a supplement to a case no longer waiting for it): no
        // retry changes that.
        if status == StatusCode::CONFLICT
            && problem
                .as_ref()
                .is_some_and(|p| p.kind == problem_types::STATE_CONFLICT)
        {
            return SendOutcome::Refused {
                status: status.as_u16(),
                problem_type: problem_types::STATE_CONFLICT.to_owned(),
            };
        }
        // 409 otherwise: the same key is still being processed (`idempotency-key-in-flight`).
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::SERVICE_UNAVAILABLE
            || status == StatusCode::CONFLICT
        {
            return SendOutcome::RetryLater {
                kind: "busy",
                retry_after,
            };
        }
        if status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_EARLY
        {
            return SendOutcome::RetryLater {
                kind: "server",
                retry_after,
            };
        }
        match problem {
            // An earlier attempt under this key is still being handled (a retry after a client
            // timeout): wait and ask again; the answer will be that attempt's replay.
            Some(p) if p.kind == problem_types::IDEMPOTENCY_KEY_IN_FLIGHT => {
                SendOutcome::RetryLater {
                    kind: "busy",
                    retry_after,
                }
            }
            Some(p) if p.kind == problem_types::INVALID_ANSWERS && !p.fields.is_empty() => {
                SendOutcome::InvalidAnswers(p.fields)
            }
            Some(p) => SendOutcome::Refused {
                status: status.as_u16(),
                problem_type: p.kind,
            },
            None => SendOutcome::Refused {
                status: status.as_u16(),
                problem_type: String::new(),
            },
        }
    }
}

/// What became of one attempt to send an application (or a supplement, or a 12345 request:
/// `R` is its receipt).
#[derive(Debug)]
pub enum SendOutcome<R = ApplicationReceipt> {
    /// Created, or the replay of the creation for this key.
    Accepted(R),
    /// Not delivered or not answered (network, timeout, busy, server error, cut-off answer): send
    /// again later with the same key, not before `retry_after` when the backend said so.
    RetryLater {
        kind: &'static str,
        retry_after: Option<Duration>,
    },
    /// The backend refused the answers: the resident must change them.
    InvalidAnswers(Vec<FieldError>),
    /// Refused for another reason (a 4xx, e.g. the key was used for other answers).
    Refused { status: u16, problem_type: String },
    /// The session it was signed with has ended (401): nothing was filed. The outbox sends it
    /// again at once without the token (see `outbox::send_one`).
    SessionEnded(Message),
}

impl<R> SendOutcome<R> {
    /// The same outcome with the receipt turned into `U`.
    pub fn map<U>(self, f: impl FnOnce(R) -> U) -> SendOutcome<U> {
        match self {
            SendOutcome::Accepted(r) => SendOutcome::Accepted(f(r)),
            SendOutcome::RetryLater { kind, retry_after } => {
                SendOutcome::RetryLater { kind, retry_after }
            }
            SendOutcome::InvalidAnswers(fields) => SendOutcome::InvalidAnswers(fields),
            SendOutcome::Refused {
                status,
                problem_type,
            } => SendOutcome::Refused {
                status,
                problem_type,
            },
            SendOutcome::SessionEnded(m) => SendOutcome::SessionEnded(m),
        }
    }
}

impl BackendClient {
    /// The response, unless the backend refused the session that signed it (401 with a token):
    /// then the session ends here too and the message says why.
    async fn unless_session_refused(
        &self,
        response: Response,
        token: Option<&str>,
    ) -> Result<Response, Message> {
        match token {
            Some(token) if response.status() == StatusCode::UNAUTHORIZED => {
                let message = session_message(response).await;
                self.session.ended_by_backend(token, message.clone());
                Err(message)
            }
            _ => Ok(response),
        }
    }
}

/// The request signed with `token`, if there is one.
fn with_bearer(request: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::RequestBuilder {
    match token {
        Some(token) => request.header(AUTHORIZATION, bearer(token)),
        None => request,
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The message of a 401: the backend's (`error-session-expired`, `error-signed-out`).
async fn session_message(response: Response) -> Message {
    let body = response.bytes().await.unwrap_or_default();
    serde_json::from_slice::<Problem>(&body)
        .ok()
        .map(|p| p.message)
        .filter(|m| m.id == crate::session::SESSION_EXPIRED || m.id == crate::session::SIGNED_OUT)
        .unwrap_or_else(|| Message::new(crate::session::SIGNED_OUT))
}

/// A body, or the backend's refusal with its own message for the resident, about `field`.
async fn refusable<T: serde::de::DeserializeOwned>(
    response: Response,
    field: &str,
) -> Result<T, CoreError> {
    let status = response.status();
    if status.is_client_error() && status != StatusCode::NOT_FOUND {
        let body = response.bytes().await.map_err(network)?;
        return match serde_json::from_slice::<Problem>(&body) {
            Ok(p) => Err(CoreError::Refused {
                message: p.message,
                field: Some(field.to_owned()),
            }),
            Err(_) => Err(CoreError::Backend {
                status: status.as_u16(),
                detail: "no problem details".to_owned(),
            }),
        };
    }
    json(response).await
}

fn network(e: reqwest::Error) -> CoreError {
    CoreError::Network(e.to_string())
}

/// Path segments come from the backend's own data, but are escaped all the same.
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, CoreError> {
    let status = response.status();
    let body = response.bytes().await.map_err(network)?;
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(|e| CoreError::Backend {
            status: status.as_u16(),
            detail: format!("unexpected body: {e}"),
        });
    }
    let problem: Option<Problem> = serde_json::from_slice(&body).ok();
    match problem {
        Some(p) if status == StatusCode::NOT_FOUND => Err(CoreError::NotFound(p.title)),
        Some(p) if p.kind == problem_types::ALREADY_RATED => Err(CoreError::AlreadyRated),
        Some(p) if p.kind == problem_types::STATE_CONFLICT => {
            Err(CoreError::CaseState(p.detail.unwrap_or(p.title)))
        }
        Some(p) if !p.fields.is_empty() => Err(CoreError::InvalidAnswers(p.fields)),
        Some(p) => Err(CoreError::Backend {
            status: status.as_u16(),
            detail: p.title,
        }),
        None => Err(CoreError::Backend {
            status: status.as_u16(),
            detail: "no problem details".to_owned(),
        }),
    }
}

/// Following a case: its feed, withdrawal and rating (`crates/api/src/cases.rs`).
impl BackendClient {
    fn case_url(&self, case_number: &str, what: &str) -> String {
        format!(
            "{}/v1/applications/{}/{what}",
            self.base,
            encode(case_number)
        )
    }

    /// `GET /v1/applications/{caseNumber}/events`: the whole feed, oldest first.
    pub async fn case_events(&self, case_number: &str) -> Result<CaseEventList, CoreError> {
        let response = self
            .as_resident(self.http.get(self.case_url(case_number, "events")))
            .await?;
        json(response).await
    }

    /// Sends a request about a case as the signed-in resident, when someone is signed in: a case
    /// filed under a session is theirs alone, and the backend shows it only to them (a case filed
    /// without one is seen by its number alone). A refused session ends here as everywhere.
    async fn as_resident(&self, request: reqwest::RequestBuilder) -> Result<Response, CoreError> {
        let token = self.session.token();
        let response = with_bearer(request, token.as_deref())
            .send()
            .await
            .map_err(network)?;
        self.unless_session_refused(response, token.as_deref())
            .await
            .map_err(CoreError::SignedOut)
    }

    /// `POST /v1/applications/{caseNumber}/withdraw`; answers the `withdrawn` event.
    pub async fn withdraw(
        &self,
        case_number: &str,
        request: &WithdrawRequest,
    ) -> Result<CaseEvent, CoreError> {
        let response = self
            .as_resident(
                self.http
                    .post(self.case_url(case_number, "withdraw"))
                    .json(request),
            )
            .await?;
        json(response).await
    }

    /// `POST /v1/applications/{caseNumber}/rating`: once; a second is [`CoreError::AlreadyRated`].
    pub async fn rate_case(
        &self,
        case_number: &str,
        request: &RatingRequest,
    ) -> Result<Rating, CoreError> {
        self.rate(self.case_url(case_number, "rating"), request)
            .await
    }

    /// `GET /v1/applications/{caseNumber}/rating`; `None` when it has not been rated.
    pub async fn case_rating(&self, case_number: &str) -> Result<Option<Rating>, CoreError> {
        self.rating(self.case_url(case_number, "rating")).await
    }

    /// A rating (好差评) posted to `url` as the resident: a case's or a 12345 request's.
    async fn rate(&self, url: String, request: &RatingRequest) -> Result<Rating, CoreError> {
        let response = self.as_resident(self.http.post(url).json(request)).await?;
        json(response).await
    }

    /// The rating at `url`; `None` when there is none yet.
    async fn rating(&self, url: String) -> Result<Option<Rating>, CoreError> {
        let response = self.as_resident(self.http.get(url)).await?;
        match json(response).await {
            Ok(rating) => Ok(Some(rating)),
            Err(CoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Following a 12345 request (`crates/api/src/hotline.rs`), signed as the resident when one is
/// signed in (a request raised under a session is theirs alone).
impl BackendClient {
    fn hotline_url(&self, id: &str, what: &str) -> String {
        format!("{}/v1/hotline-requests/{}{what}", self.base, encode(id))
    }

    /// `GET /v1/hotline-requests/{id}`: the request and its whole feed, oldest first.
    pub async fn hotline_request(&self, id: &str) -> Result<HotlineRequestDetail, CoreError> {
        let response = self
            .as_resident(self.http.get(self.hotline_url(id, "")))
            .await?;
        json(response).await
    }

    /// `POST /v1/hotline-requests/{id}/rating`: once, after the follow-up visit; a second is
    /// [`CoreError::AlreadyRated`].
    pub async fn rate_hotline(
        &self,
        id: &str,
        request: &RatingRequest,
    ) -> Result<Rating, CoreError> {
        self.rate(self.hotline_url(id, "/rating"), request).await
    }

    /// `GET /v1/hotline-requests/{id}/rating`; `None` when it has not been rated.
    pub async fn hotline_rating(&self, id: &str) -> Result<Option<Rating>, CoreError> {
        self.rating(self.hotline_url(id, "/rating")).await
    }
}

/// A kiosk calling a member of staff (`crates/api/src/staff_call.rs`); anonymous, followed by
/// the call's id.
impl BackendClient {
    fn staff_call_url(&self, id: &str, what: &str) -> String {
        format!("{}/v1/staff-calls/{}{what}", self.base, encode(id))
    }

    /// `POST /v1/staff-calls`
    pub async fn call_staff(&self, place: &str) -> Result<StaffCall, CoreError> {
        let response = self
            .http
            .post(format!("{}/v1/staff-calls", self.base))
            .json(&bianmin_api::StaffCallRequest {
                place: place.to_owned(),
            })
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }

    /// `GET /v1/staff-calls/{id}`
    pub async fn staff_call(&self, id: &str) -> Result<StaffCall, CoreError> {
        let response = self
            .http
            .get(self.staff_call_url(id, ""))
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }

    /// `POST /v1/staff-calls/{id}/cancel`
    pub async fn cancel_staff_call(&self, id: &str) -> Result<StaffCall, CoreError> {
        let response = self
            .http
            .post(self.staff_call_url(id, "/cancel"))
            .send()
            .await
            .map_err(network)?;
        json(response).await
    }
}

/// The signed-in resident's notification feed (`crates/api/src/notifications.rs`).
impl BackendClient {
    /// `GET /v1/notifications`: after `after`, or without it after the acknowledged cursor (so
    /// what was not acknowledged comes back); at most 200 a page.
    pub async fn notifications(
        &self,
        token: &str,
        after: Option<&str>,
    ) -> Result<NotificationPage, CoreError> {
        let path = match after {
            Some(cursor) => format!("/v1/notifications?limit=200&after={}", encode(cursor)),
            None => "/v1/notifications?limit=200".to_owned(),
        };
        self.get_signed(&path, token).await
    }

    /// `POST /v1/notifications/ack`: everything up to and including `up_to` has been dealt with.
    /// A 401 ends the session here too.
    pub async fn ack_notifications(
        &self,
        token: &str,
        up_to: &str,
    ) -> Result<AckResult, CoreError> {
        let response = self
            .http
            .post(format!("{}/v1/notifications/ack", self.base))
            .header(AUTHORIZATION, bearer(token))
            .json(&AckRequest {
                up_to: up_to.to_owned(),
            })
            .send()
            .await
            .map_err(network)?;
        let response = self
            .unless_session_refused(response, Some(token))
            .await
            .map_err(CoreError::SignedOut)?;
        json(response).await
    }
}

/// What went wrong with one upload request (`/v1/uploads`).
#[derive(Debug)]
pub enum UploadError {
    /// Not delivered or not answered, or the backend is busy: try again later (the next try
    /// asks the backend how far the upload got).
    RetryLater {
        kind: &'static str,
        retry_after: Option<Duration>,
    },
    /// 409: the backend has another offset than the part was sent at; continue from it.
    Offset(u64),
    /// The bytes that arrived do not have the declared sha256 (422): the backend threw them
    /// away and the upload starts again at 0.
    Damaged,
    /// The backend does not know this upload (404): create it again.
    Unknown,
    /// The token was refused (401): the session ended; nothing was stored.
    SessionEnded,
    /// Refused for a reason that sending again cannot fix.
    Refused { status: u16, problem_type: String },
}

/// Resumable uploads (`/v1/uploads`, `crates/api/src/upload.rs`). Each call carries the token of
/// the resident who submitted the application, if they are still signed in.
impl BackendClient {
    /// `POST /v1/uploads`: a new upload at offset 0, or the upload that already has these bytes
    /// (content-addressed: then it is complete at once).
    pub async fn create_upload(
        &self,
        request: &CreateUpload,
        token: Option<&str>,
    ) -> Result<UploadStatus, UploadError> {
        self.upload_answer(
            self.http
                .post(format!("{}/v1/uploads", self.base))
                .json(request),
            token,
        )
        .await
    }

    /// `GET /v1/uploads/{id}`: how far the upload got.
    pub async fn upload_status(
        &self,
        id: &str,
        token: Option<&str>,
    ) -> Result<UploadStatus, UploadError> {
        self.upload_answer(
            self.http
                .get(format!("{}/v1/uploads/{}", self.base, encode(id))),
            token,
        )
        .await
    }

    /// `PATCH /v1/uploads/{id}`: one part at `offset`.
    pub async fn upload_part(
        &self,
        id: &str,
        offset: u64,
        part: Vec<u8>,
        token: Option<&str>,
    ) -> Result<UploadStatus, UploadError> {
        self.upload_answer(
            self.http
                .patch(format!("{}/v1/uploads/{}", self.base, encode(id)))
                .header(UPLOAD_OFFSET, offset)
                .header(CONTENT_TYPE, "application/offset+octet-stream")
                .body(part),
            token,
        )
        .await
    }

    /// `POST /v1/uploads/{id}/complete`: the backend checks the size and sha256.
    pub async fn complete_upload(
        &self,
        id: &str,
        token: Option<&str>,
    ) -> Result<UploadStatus, UploadError> {
        self.upload_answer(
            self.http
                .post(format!("{}/v1/uploads/{}/complete", self.base, encode(id))),
            token,
        )
        .await
    }

    /// Sends an upload request, signed with `token` when there is one, and sorts the answer.
    async fn upload_answer(
        &self,
        request: reqwest::RequestBuilder,
        token: Option<&str>,
    ) -> Result<UploadStatus, UploadError> {
        let response =
            with_bearer(request, token)
                .send()
                .await
                .map_err(|e| UploadError::RetryLater {
                    kind: if e.is_timeout() { "timeout" } else { "network" },
                    retry_after: None,
                })?;
        let response = self
            .unless_session_refused(response, token)
            .await
            .map_err(|_| UploadError::SessionEnded)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let offset = response
            .headers()
            .get(UPLOAD_OFFSET)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = response
            .bytes()
            .await
            .map_err(|_| UploadError::RetryLater {
                kind: "network",
                retry_after,
            })?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|_| UploadError::RetryLater {
                kind: "bad-response",
                retry_after,
            });
        }
        let problem: Option<Problem> = serde_json::from_slice(&body).ok();
        let kind = problem
            .as_ref()
            .map(|p| p.kind.as_str())
            .unwrap_or_default();
        if status == StatusCode::CONFLICT && kind == problem_types::UPLOAD_OFFSET_MISMATCH {
            if let Some(offset) = offset {
                return Err(UploadError::Offset(offset));
            }
        }
        if kind == problem_types::UPLOAD_CHECKSUM_MISMATCH {
            return Err(UploadError::Damaged);
        }
        if status == StatusCode::NOT_FOUND {
            return Err(UploadError::Unknown);
        }
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::SERVICE_UNAVAILABLE
            || status == StatusCode::CONFLICT
        {
            return Err(UploadError::RetryLater {
                kind: "busy",
                retry_after,
            });
        }
        if status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_EARLY
        {
            return Err(UploadError::RetryLater {
                kind: "server",
                retry_after,
            });
        }
        Err(UploadError::Refused {
            status: status.as_u16(),
            problem_type: kind.to_owned(),
        })
    }
}
