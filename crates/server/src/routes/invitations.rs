//! `POST|GET /api/organisations/{id}/invitations`, `GET /api/invitations/lookup`, `POST /api/invitations/accept`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use contract::{AcceptInvitation, CreateInvitation, Invitation, InvitationAccepted, InvitationPreview};
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::invitations;
use crate::state::AppState;

/// Invites an address to the organisation: a link valid 7 days, used once, is e-mailed (R-ACC-8).
#[utoipa::path(
    operation_id = "createInvitation",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure")),
    request_body = CreateInvitation,
    responses(
        (status = 201, description = "Invitation envoyée", body = Invitation),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Structure inconnue"),
        (status = 409, description = "Déjà membre (`already_member`)"),
        (status = 422, description = "Adresse invalide (`invalid_email`)"),
    )
)]
#[post("/organisations/{id}/invitations")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: Json<CreateInvitation>,
) -> Result<HttpResponse, ApiError> {
    let invitation = invitations::invite(&state, &caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(invitation))
}

/// The organisation's latest invitations (100), newest first.
#[utoipa::path(
    operation_id = "listInvitations",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure")),
    responses(
        (status = 200, description = "Invitations", body = [Invitation]),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
    )
)]
#[get("/organisations/{id}/invitations")]
pub async fn list(state: web::Data<AppState>, caller: Caller, path: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(invitations::list(&state, &caller, path.into_inner()).await?))
}

/// The token of an e-mailed link; in the query string, which the access log leaves out.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TokenQuery {
    pub token: String,
}

/// What an invitation link invites to, while it can be used.
#[utoipa::path(
    operation_id = "lookUpInvitation",
    tag = "authentification",
    params(TokenQuery),
    responses(
        (status = 200, description = "Invitation valable", body = InvitationPreview),
        (status = 422, description = "Lien invalide, expiré ou déjà utilisé (`invitation_invalid`, `invitation_expired`, `invitation_used`)"),
    )
)]
#[get("/invitations/lookup")]
pub async fn lookup(state: web::Data<AppState>, query: web::Query<TokenQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(invitations::preview(&state, query.into_inner().token).await?))
}

/// Accepts an invitation: an approved membership, and the account when the address has none (`full_name` and
/// `password` then required). The link serves once.
#[utoipa::path(
    operation_id = "acceptInvitation",
    tag = "authentification",
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Rattachement validé", body = InvitationAccepted),
        (status = 409, description = "Adresse déjà utilisée (`email_taken`)"),
        (status = 422, description = "Lien invalide, expiré ou déjà utilisé, ou champ du compte invalide"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/invitations/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<AcceptInvitation>,
) -> Result<HttpResponse, ApiError> {
    let accepted = invitations::accept(&state, state.login.client_ip(&request), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(accepted))
}
