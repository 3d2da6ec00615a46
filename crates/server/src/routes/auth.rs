//! `POST /api/auth/signup` and `POST /api/auth/login`.

use actix_web::{HttpResponse, post, web};
use contract::{LoginRequest, LoginResponse, Me, MembershipStatus, SignupRequest};
use validator::ValidateEmail;

use crate::auth::password;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::store;

/// Creates an account asking to join one organisation; the membership stays pending until an admin of
/// that organisation or the platform approves it (R-ACC-1).
#[utoipa::path(
    operation_id = "signUp",
    tag = "authentification",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Compte créé, rattachement en attente", body = Me),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Structure inconnue", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Adresse déjà utilisée", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Champ invalide", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/signup")]
pub async fn signup(state: web::Data<AppState>, body: Json<SignupRequest>) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if !body.email.trim().validate_email() {
        return Err(ApiError::invalid_field("email", "invalid_email", "Adresse e-mail invalide."));
    }
    let full_name = body.full_name.trim().to_owned();
    if full_name.is_empty() || full_name.chars().count() > 120 {
        return Err(ApiError::invalid_field(
            "full_name",
            "invalid_full_name",
            "Le nom complet est requis (120 caractères au plus).",
        ));
    }
    let me = state
        .db
        .run(move |conn| {
            if store::organisations::find(conn, body.organisation_id)?.is_none() {
                return Err(ApiError::not_found("Structure"));
            }
            let hash = password::hash(&body.password)?;
            let user = crate::db::write_transaction(conn, |conn| {
                let user = store::users::insert(conn, &body.email, &hash, &full_name, false)?;
                store::memberships::insert(conn, user.id, body.organisation_id, MembershipStatus::Pending, false)?;
                Ok::<_, ApiError>(user)
            })?;
            let memberships = store::memberships::of_user(conn, user.id)?;
            Ok(Me { id: user.id, email: user.email, full_name: user.full_name, platform_admin: false, memberships })
        })
        .await?;
    tracing::info!(user_id = me.id, "signup");
    Ok(HttpResponse::Created().json(me))
}

/// Exchanges an e-mail and password for an access token.
#[utoipa::path(
    operation_id = "logIn",
    tag = "authentification",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Connecté", body = LoginResponse),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Identifiants incorrects", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, body: Json<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password: given } = body.into_inner();
    let tokens = state.tokens.clone();
    let response = state
        .db
        .run(move |conn| {
            let user = store::users::find_by_email(conn, &email)?;
            // Verify against a decoy when the e-mail is unknown so timing does not reveal which accounts exist.
            let stored = user.as_ref().map_or(password::decoy_hash(), |u| u.password_hash.as_str());
            let matches = password::verify(&given, stored);
            let user = user.filter(|_| matches).ok_or_else(|| {
                ApiError::unauthorized("invalid_credentials", "Adresse e-mail ou mot de passe incorrect.")
            })?;
            let access_token = tokens.issue(user.id, chrono::Utc::now().timestamp())?;
            Ok(LoginResponse {
                access_token,
                token_type: "Bearer".to_owned(),
                expires_in: tokens.ttl_seconds(),
                memberships: store::memberships::of_user(conn, user.id)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(response))
}
