//! `POST /api/sessions/{reference}/applications` (prescribers).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::{ApplicationReceived, NewApplication};
use domain::application::Candidate;

use crate::auth::Caller;
use crate::candidacy::intake::{self, Sender};
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::store::idempotency::{self, Claim};

/// Applies a candidate to a session. The domain decides (R-APP-1..3, R-QUOTA-1..3): `pending` (possibly
/// `late_entry`), or recorded as `refused_session_full` when no place is left. An `Idempotency-Key` makes a
/// retry safe for 24 hours: the same key and body get the first answer again; another body with that key is
/// 422; a retry while the first request runs is 409, until 60 seconds have passed (the first request is then
/// taken as lost and the retry runs). After 24 hours a key is forgotten and its reuse is a new request.
#[utoipa::path(
    operation_id = "createApplication",
    tag = "candidatures",
    security(("bearer" = [])),
    params(
        ("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$"),
        ("Idempotency-Key" = Option<String>, Header, description = "Clé choisie par le client pour rejouer sans doublon"),
    ),
    request_body = NewApplication,
    responses(
        (status = 201, description = "Candidature enregistrée (en attente, ou refusée car session complète)", body = ApplicationReceived),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé aux prescripteurs", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Session inconnue ou non publiée", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Candidat déjà positionné (`duplicate_application`), session annulée, ou requête identique en cours", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Inscriptions closes (`registration_closed`), champ invalide, ou clé d'idempotence réutilisée", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/{reference}/applications")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    path: web::Path<String>,
    body: Json<NewApplication>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let sender = Sender::of(&actor, caller.user_id)?;
    let body = body.into_inner();
    let today = state.today();
    let candidate = Candidate::parse(body.candidate.clone(), today).map_err(|errors| {
        let mut error = ApiError::invalid_field(
            "candidate",
            "invalid_candidate",
            "Les données du candidat sont incomplètes ou invalides.",
        );
        error.errors = errors
            .into_iter()
            .map(|e| contract::FieldError { field: e.field, code: e.code.to_owned(), message: e.message })
            .collect();
        error
    })?;
    let presentation = intake::presentation(&body.presentation)?;
    let reference = path.into_inner();
    let key = idempotency_key(&request)?;
    let fingerprint = {
        let canonical = serde_json::to_string(&(&reference, &body)).map_err(ApiError::internal)?;
        crate::crypto::sha256_hex(&canonical)
    };
    let organisation = sender.organisation_id;
    if let Some(key) = key.clone() {
        let claim = state.db.run(move |conn| idempotency::claim(conn, organisation, &key, &fingerprint)).await?;
        match claim {
            Claim::New => {}
            Claim::Replay { status, body } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                let content_type = if status.is_success() { "application/json" } else { "application/problem+json" };
                return Ok(HttpResponse::build(status)
                    .content_type(content_type)
                    .insert_header(("Idempotent-Replayed", "true"))
                    .body(body));
            }
            Claim::InProgress => {
                return Err(ApiError::conflict(
                    "idempotent_request_in_progress",
                    "Une requête avec cette clé d'idempotence est en cours : réessayez dans un instant.",
                ));
            }
            Claim::Mismatch => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "Cette clé d'idempotence a déjà servi pour une autre requête.",
                ));
            }
        }
    }
    let outcome =
        state.db.run(move |conn| intake::receive(conn, &reference, &sender, &candidate, &presentation, today)).await;
    if let Some(key) = key {
        let (status, text) = match &outcome {
            Ok(received) => (StatusCode::CREATED, serde_json::to_string(received).map_err(ApiError::internal)?),
            Err(error) => (error.status, serde_json::to_string(&error.problem()).map_err(ApiError::internal)?),
        };
        let server_error = status.is_server_error();
        state
            .db
            .run(move |conn| {
                if server_error {
                    idempotency::release(conn, organisation, &key)
                } else {
                    idempotency::complete(conn, organisation, &key, status.as_u16(), &text)
                }
            })
            .await?;
    }
    Ok(HttpResponse::Created().json(outcome?))
}

fn idempotency_key(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers().get("Idempotency-Key") else { return Ok(None) };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > 200 {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "L'en-tête Idempotency-Key doit contenir de 1 à 200 caractères.",
        ));
    }
    Ok(Some(key.to_owned()))
}
