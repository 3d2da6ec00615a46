//! `POST /api/auth/signup` and `POST /api/auth/login`.

use actix_web::{HttpRequest, HttpResponse, post, web};
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
        (status = 429, description = "Trop de tentatives depuis cette adresse ou pour ce compte (`too_many_attempts`)", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let admission = state.login.enter(&request, &domain::account::Email::normalise(&body.email))?;
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
    password::check_policy(&body.password, "password")?;
    let organisation_id = body.organisation_id;
    let organisation = state.db.run(move |conn| Ok(store::organisations::find(conn, organisation_id)?)).await?;
    if organisation.is_none() {
        return Err(ApiError::not_found("Structure"));
    }
    // Hashed with no connection held: a slow hash must never keep the pool from other requests.
    let given = body.password;
    let hash = admission.hash(move || password::hash(&given)).await??;
    let me = state
        .db
        .run(move |conn| {
            let user = crate::db::write_transaction(conn, |conn| {
                let user = store::users::insert(conn, &body.email, &hash, &full_name, false)?;
                store::memberships::insert(conn, user.id, organisation_id, MembershipStatus::Pending, false)?;
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
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Identifiants incorrects", body = contract::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`) : limite de débit, ou compte verrouillé après des échecs répétés", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de vérifications de mot de passe simultanées (`authentication_busy`)", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password: given } = body.into_inner();
    let email = domain::account::Email::normalise(&email);
    let admission = state.login.enter(&request, &email)?;
    let lookup = email.clone();
    let (user, lock) = state
        .db
        .run(move |conn| {
            Ok((store::users::find_by_email(conn, &lookup)?, store::login_failures::state(conn, &lookup)?))
        })
        .await?;
    if let Some(seconds) = lock.retry_after(store::precise_now()) {
        return Err(ApiError::too_many_attempts(seconds));
    }
    // Verify against a decoy when the e-mail is unknown so timing does not reveal which accounts exist.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = admission
        .hash(move || password::verify(&given, stored.as_deref().unwrap_or_else(|| password::decoy_hash())))
        .await?;
    drop(admission);
    let Some(user) = user.filter(|_| matches) else {
        let policy = *state.login.lockout();
        state
            .db
            .run(move |conn| Ok(store::login_failures::record_failure(conn, &email, &policy, store::precise_now())?))
            .await?;
        return Err(ApiError::unauthorized("invalid_credentials", "Adresse e-mail ou mot de passe incorrect."));
    };
    let tokens = state.tokens.clone();
    let had_failures = lock.failures > 0;
    let response = state
        .db
        .run(move |conn| {
            if had_failures {
                store::login_failures::clear(conn, &email)?;
            }
            Ok(LoginResponse {
                access_token: tokens.issue(user.id, user.token_version, chrono::Utc::now().timestamp())?,
                token_type: "Bearer".to_owned(),
                expires_in: tokens.ttl_seconds(),
                memberships: store::memberships::of_user(conn, user.id)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(response))
}
