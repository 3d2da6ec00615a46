//! `PUT /api/applications/{reference}/decision` and `POST …/decision/validate`.

use actix_web::{HttpResponse, post, put, web};
use contract::ApplicationDetail;
use domain::decision::DecisionDraftInput;
use domain::ids::ApplicationRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::save_decision::save_decision;
use crate::service::validate_decision::validate_decision;
use crate::state::AppState;

/// Saves the decision draft: invites (≤ 3, a new one only after an excused absence, no result for a future
/// date), the recruitment answer and what it needs, the comment (R-AVIS-1..6). A validated decision answers
/// 409 `decision_final`.
#[utoipa::path(
    operation_id = "saveDecisionDraft",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    request_body = DecisionDraftInput,
    responses(
        (status = 200, description = "Brouillon enregistré", body = ApplicationDetail),
        (status = 403, description = "Votre structure ne donne pas l'avis"),
        (status = 404, description = "Inconnue, ou hors de votre périmètre"),
        (status = 409, description = "Avis déjà validé (`decision_final`) ou délai dépassé"),
        (status = 422, description = "Brouillon invalide (`invalid_decision`, chaque champ listé)"),
    )
)]
#[put("/applications/{reference}/decision")]
pub async fn save(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<ApplicationRef>,
    body: Json<DecisionDraftInput>,
) -> Result<HttpResponse, ApiError> {
    let detail = save_decision(&state.db, &caller, reference.into_inner(), body.into_inner(), state.today()).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// "Valider l'avis": the domain computes the final state (`retained` or `not_retained`, automatically on an
/// unexcused absence or an excused absence at the third invite); afterwards nothing changes (R-AVIS-6).
#[utoipa::path(
    operation_id = "validateDecision",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    responses(
        (status = 200, description = "Avis validé", body = ApplicationDetail),
        (status = 403, description = "Votre structure ne donne pas l'avis"),
        (status = 404, description = "Inconnue, ou hors de votre périmètre"),
        (status = 409, description = "Déjà validé, capacité atteinte (`capacity_reached`) ou délai dépassé"),
        (status = 422, description = "Avis incomplet (`invalid_decision`, chaque champ listé)"),
    )
)]
#[post("/applications/{reference}/decision/validate")]
pub async fn validate(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<ApplicationRef>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(
        validate_decision(&state.db, &caller, reference.into_inner(), state.today(), state.public_url.clone()).await?,
    ))
}
