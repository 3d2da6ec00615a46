//! `POST /api/sessions/{reference}/applications` (prescribers).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use contract::{ApplicationReceived, NewApplication};
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::{ApiError, CONCURRENT_UPDATE};
use crate::idempotency::{self, Idempotent};
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::receive_application::{Attempt, Intake, receive_application};
use crate::state::AppState;

/// Applies a candidate to a session. The domain decides (R-APP-1..3, R-QUOTA-1..3): `pending` (possibly
/// `late_entry`), or recorded as `refused_session_full` when no place is left. An `Idempotency-Key` makes a
/// retry safe for 24 hours: the same key and body get the first answer again (a retry sent while the first
/// request runs waits for it); another body with that key is 422; a request that failed on the server's side
/// (5xx) or gave up on a concurrent change (409 `concurrent_update`) leaves the key free, so its retry runs.
/// After 24 hours a key is forgotten and its reuse is a new request.
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
        (status = 403, description = "Réservé aux prescripteurs"),
        (status = 404, description = "Session inconnue ou non publiée"),
        (status = 409, description = "Candidat déjà positionné (`duplicate_application`), session annulée, ou requête identique en cours"),
        (status = 422, description = "Inscriptions closes (`registration_closed`), champ invalide, ou clé d'idempotence réutilisée"),
    )
)]
#[post("/sessions/{reference}/applications")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    idempotent: Idempotent,
    reference: Reference<SessionRef>,
    body: Json<NewApplication>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let today = state.today();
    let intake = Arc::new(Intake::parse(&caller, &body, today)?);
    let reference = reference.into_inner();
    let fingerprint = idempotency::fingerprint(&(&reference, &body))?;
    let organisation = intake.organisation_id();
    let public_url = state.public_url.clone();
    let run = |attempt: Attempt, idempotent: Idempotent| {
        let (intake, reference, public_url) = (intake.clone(), reference.clone(), public_url.clone());
        let work = move |conn: &mut _| receive_application(conn, &reference, &intake, today, &public_url, attempt);
        idempotent.run(&state.db, organisation, fingerprint.clone(), StatusCode::CREATED, work)
    };
    // A concurrent update left nothing behind, not even the key's claim: the locked attempt runs as the first.
    match run(Attempt::Optimistic, idempotent.clone()).await {
        Err(error) if error.code == CONCURRENT_UPDATE => run(Attempt::Locked, idempotent).await,
        answer => answer,
    }
}
