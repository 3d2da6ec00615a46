//! "Ratio suite de parcours" (R-OUT-1..3): `PUT /api/applications/{reference}/outcome`,
//! `GET /api/sessions/{reference}/outcomes`, `GET /api/outcomes`.

use actix_web::{HttpResponse, get, put, web};
use contract::{FunderOutcomes, OutcomeBody, SessionOutcomes, TraineeOutcome};
use domain::ids::{ApplicationRef, SessionRef};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::outcomes::{funder_outcomes, record_outcome, session_outcomes};
use crate::state::AppState;

/// Records what became of a retained trainee once the session ended (R-OUT-1, R-OUT-2); a later call
/// corrects it. Only the session's training organisations record.
#[utoipa::path(
    operation_id = "recordOutcome",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    request_body = OutcomeBody,
    responses(
        (status = 200, description = "Suite de parcours enregistrée", body = TraineeOutcome),
        (status = 403, description = "Pas un organisme de la session (`outcome_forbidden`)"),
        (status = 404, description = "Inconnue, ou hors de votre périmètre"),
        (status = 409, description = "Candidature non retenue (`outcome_needs_retained`) ou session pas terminée (`outcome_before_session_end`)"),
    )
)]
#[put("/applications/{reference}/outcome")]
pub async fn record(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<ApplicationRef>,
    body: Json<OutcomeBody>,
) -> Result<HttpResponse, ApiError> {
    let answer = record_outcome(&state, &caller, reference.into_inner(), body.into_inner().outcome).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// "Ratio suite de parcours" of a session: each retained application's outcome and the shares over the
/// trainees, *sorties positives* included (R-OUT-3).
#[utoipa::path(
    operation_id = "getSessionOutcomes",
    tag = "sessions",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$")),
    responses(
        (status = 200, description = "Suites de parcours de la session", body = SessionOutcomes),
        (status = 403, description = "Prescripteur (`outcome_forbidden`)"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/sessions/{reference}/outcomes")]
pub async fn of_session(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(session_outcomes(&state, &caller, reference.into_inner()).await?))
}

/// The funder's view: the ratios of each of its ended sessions with trainees (newest end first, 500 at most)
/// and their total; the platform sees every funder's.
#[utoipa::path(
    operation_id = "getFunderOutcomes",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Suites de parcours par session et au total", body = FunderOutcomes),
        (status = 403, description = "Ni financeur ni plateforme (`outcomes_funder_only`)"),
    )
)]
#[get("/outcomes")]
pub async fn of_funder(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(funder_outcomes(&state, &caller).await?))
}
