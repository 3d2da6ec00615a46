//! `POST /api/auth/signup` and `POST /api/auth/login`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::{LoginRequest, LoginResponse, Me, SignupRequest};

use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::log_in::log_in;
use crate::service::accounts::sign_up::sign_up;
use crate::state::AppState;

/// Creates an account asking to join one organisation; the membership stays pending until an admin of
/// that organisation or the platform approves it (R-ACC-1).
#[utoipa::path(
    operation_id = "signUp",
    tag = "authentification",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Compte créé, rattachement en attente", body = Me),
        (status = 404, description = "Structure inconnue"),
        (status = 409, description = "Adresse déjà utilisée"),
        (status = 422, description = "Champ invalide"),
        (status = 429, description = "Trop de tentatives depuis cette adresse ou pour ce compte (`too_many_attempts`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    let me = sign_up(&state, state.login.client_ip(&request), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(me))
}

/// Exchanges an e-mail and password for an access token.
///
/// Rate-limited per client address and per e-mail address; five wrong passwords in a row lock the address
/// for a minute, doubling with each further failure (15 minutes at most). Unknown addresses are treated
/// exactly like existing ones, so no answer reveals whether an account exists.
#[utoipa::path(
    operation_id = "logIn",
    tag = "authentification",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Connecté", body = LoginResponse),
        (status = 401, description = "Identifiants incorrects"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`) : limite de débit, ou compte verrouillé après des échecs répétés",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de vérifications de mot de passe simultanées (`authentication_busy`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let response = log_in(&state, state.login.client_ip(&request), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(response))
}
