//! The one error type at the edge: every failure becomes an RFC 9457 `application/problem+json` body with a
//! stable machine `code` and a French `detail`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use contract::{FieldError, Problem};

/// The code of a change given up because of a concurrent one: the client may send it again.
pub(crate) const CONCURRENT_UPDATE: &str = "concurrent_update";

/// An error answered to the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) detail: String,
    pub(crate) errors: Vec<FieldError>,
    pub(crate) extra: Option<serde_json::Value>,
    /// Seconds the client should wait before trying again, sent as `Retry-After`.
    pub(crate) retry_after: Option<u64>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        debug_assert!(
            contract::PROBLEM_CODES.binary_search(&code).is_ok(),
            "problem code {code} is not listed in contract::PROBLEM_CODES"
        );
        Self { status, code, detail: detail.into(), errors: Vec::new(), extra: None, retry_after: None }
    }

    /// 400: the request could not be read.
    pub(crate) fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401: no valid credentials.
    pub(crate) fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    /// 404: unknown, or not visible to the caller (never reveal another organisation's objects).
    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} introuvable."))
    }

    /// 409: conflicts with the current state.
    pub(crate) fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// 429: too many log-in or sign-up attempts from this address or for this account, or the account is
    /// locked after repeated wrong passwords. Same answer in every case, so it reveals no account.
    pub(crate) fn too_many_attempts(retry_after_seconds: u64) -> Self {
        let seconds = retry_after_seconds.max(1);
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("Trop de tentatives de connexion : réessayez dans {seconds} seconde(s)."),
        );
        error.retry_after = Some(seconds);
        error
    }

    /// 503: every password check slot is taken; the client retries in a moment instead of queueing.
    pub(crate) fn authentication_busy() -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "authentication_busy",
            "Trop de connexions simultanées : réessayez dans un instant.",
        );
        error.retry_after = Some(1);
        error
    }

    /// 422 on one field.
    pub(crate) fn invalid_field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message.clone());
        error.errors.push(FieldError { field: field.to_owned(), code: code.to_owned(), message });
        error
    }

    /// 500, logged with its cause; the client only learns that it is not its fault.
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Une erreur interne est survenue ; réessayez plus tard.",
        )
    }

    /// 503: the database is out of reach.
    pub(crate) fn unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "database unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "Le service est momentanément indisponible ; réessayez dans un instant.",
        )
    }

    /// The body sent to the client.
    pub(crate) fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:tremplin:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Erreur").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            extra: self.extra.clone(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds));
        }
        response.content_type("application/problem+json").json(self.problem())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        crate::store::Error::from(error).into()
    }
}

/// The store's failures as problems: the duplicates and backstops users can cause get their own codes.
impl From<crate::store::Error> for ApiError {
    fn from(error: crate::store::Error) -> Self {
        use crate::store::{Backstop, Constraint, Error};
        match error {
            Error::NotFound => Self::not_found("Ressource"),
            Error::Conflict { constraint: Constraint::UserEmail } => Self::conflict(
                "email_taken",
                "Un compte existe déjà avec cette adresse e-mail ; connectez-vous ou choisissez une autre adresse.",
            ),
            Error::Conflict { constraint: Constraint::OrganisationSiret } => {
                Self::conflict("siret_taken", "Une structure avec ce SIRET existe déjà.")
            }
            Error::Conflict { constraint: Constraint::OneLiveApplication } => {
                Self::rule(&domain::application::IntakeError::DuplicateApplication)
            }
            Error::Conflict { constraint: Constraint::Other(_) } => {
                Self::conflict("already_exists", "Cette ressource existe déjà.")
            }
            Error::UnknownReference => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_reference", "Une ressource liée n'existe pas.")
            }
            Error::Refused(Backstop::DecisionFinal) => {
                Self::conflict("decision_final", "L'avis est validé : il n'est plus modifiable.")
            }
            Error::Refused(Backstop::SessionFull) => Self::conflict("session_full", "La session n'a plus de place."),
            Error::Refused(Backstop::SessionCancelled) => {
                Self::rule(&domain::application::IntakeError::SessionCancelled)
            }
            Error::Refused(Backstop::CapacityReached) => Self::conflict(
                "capacity_reached",
                "La capacité de la session est atteinte : aucune autre candidature ne peut être retenue.",
            ),
            Error::Refused(Backstop::NulCharacter) => {
                Self::bad_request("nul_character", "La requête contient un caractère nul (U+0000), refusé.")
            }
            Error::Refused(Backstop::CheckViolation) => {
                Self::conflict("constraint_violation", "La modification enfreint une règle de cohérence des données.")
            }
            Error::ConcurrentUpdate => {
                Self::conflict(CONCURRENT_UPDATE, "Une modification concurrente a eu lieu ; réessayez.")
            }
            Error::Unavailable(cause) => Self::unavailable(cause),
            error @ (Error::Corrupt(_) | Error::Other(_)) => Self::internal(error),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::unavailable(error)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

/// Turns actix's extractor failures (bad JSON, path, query) into problem+json instead of plain text.
pub(crate) mod extractors {
    use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
    use actix_web::{HttpRequest, web};

    use super::ApiError;

    fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
        let api = match &error {
            JsonPayloadError::ContentType => ApiError::new(
                actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Le corps de la requête doit être du JSON (Content-Type: application/json).",
            ),
            JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => ApiError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Le corps de la requête est trop volumineux.",
            ),
            JsonPayloadError::Deserialize(e) if e.is_data() => {
                ApiError::bad_request("invalid_body", format!("Corps de requête invalide : {e}"))
            }
            _ => ApiError::bad_request("malformed_json", format!("JSON mal formé : {error}")),
        };
        api.into()
    }

    fn path_error(error: PathError, _req: &HttpRequest) -> actix_web::Error {
        ApiError::bad_request("invalid_path", format!("Paramètre de chemin invalide : {error}")).into()
    }

    fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
        ApiError::bad_request("invalid_query", format!("Paramètre de requête invalide : {error}")).into()
    }

    /// The extractor configurations to register on the app.
    pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
        cfg.app_data(web::JsonConfig::default().limit(256 * 1024).error_handler(json_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .app_data(web::QueryConfig::default().error_handler(query_error));
    }
}

impl ApiError {
    /// A refusal from the domain, with its own code, French message, HTTP class and field errors.
    pub(crate) fn rule(error: &dyn domain::error::RuleError) -> Self {
        use domain::error::ErrorKind;
        let status = match error.kind() {
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        };
        let mut api = Self::new(status, error.code(), error.message());
        api.errors = error
            .field_errors()
            .into_iter()
            .map(|f| FieldError { field: f.field, code: f.code.to_owned(), message: f.message })
            .collect();
        api.extra = error.extra();
        api
    }
}
