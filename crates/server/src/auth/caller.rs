//! The authenticated caller of a request and the organisation it acts for (R-ACC-2).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use contract::{Membership, MembershipStatus};
use domain::access::{AccessError, Actor, active_organisation};
use domain::ids::OrganisationId;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Header naming the organisation a request acts for.
pub const ORGANISATION_HEADER: &str = "X-Organisation-Id";

/// A user with a valid token, loaded fresh from the database on each request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub email: String,
    pub full_name: String,
    pub platform_admin: bool,
    pub memberships: Vec<Membership>,
    requested_org: Option<i64>,
}

impl Caller {
    /// Who this request acts as (R-ACC-2): a platform admin without `X-Organisation-Id` acts as the platform;
    /// anyone else for the requested approved membership, or the only one. The domain decides.
    pub fn actor(&self) -> Result<Actor, ApiError> {
        if self.platform_admin && self.requested_org.is_none() {
            return Ok(Actor::PlatformAdmin);
        }
        let requested = self.requested_org.map(OrganisationId);
        active_organisation(&self.domain_memberships(), requested).map_err(|e| {
            // A pending membership of the requested organisation deserves its own message.
            let pending = self
                .memberships
                .iter()
                .any(|m| Some(m.organisation_id) == self.requested_org && m.status == MembershipStatus::Pending);
            // Someone refused or removed everywhere is no longer "waiting for approval".
            let waiting = self.memberships.iter().any(|m| m.status == MembershipStatus::Pending);
            if pending && e == AccessError::NotAMember {
                ApiError::rule(&AccessError::NoApprovedMembership)
            } else if e == AccessError::NoApprovedMembership && !waiting && !self.memberships.is_empty() {
                ApiError::rule(&AccessError::NotAMember)
            } else {
                ApiError::rule(&e)
            }
        })
    }

    /// The memberships as the domain's access rules take them.
    pub fn domain_memberships(&self) -> Vec<domain::access::Membership> {
        self.memberships
            .iter()
            .map(|m| domain::access::Membership {
                organisation: OrganisationId(m.organisation_id),
                organisation_kind: m.organisation_kind,
                status: m.status,
                is_admin: m.is_admin,
            })
            .collect()
    }

    /// Platform admins, or else the domain's refusal.
    pub fn require_platform_admin(&self) -> Result<(), ApiError> {
        domain::access::check_platform_admin(self.platform_admin).map_err(|e| ApiError::rule(&e))
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let missing = || ApiError::unauthorized("missing_token", "Authentification requise : connectez-vous.");
    let header = req.headers().get(actix_web::http::header::AUTHORIZATION).ok_or_else(missing)?;
    let value = header.to_str().map_err(|_| missing())?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")).ok_or_else(missing)?;
    Ok(token.trim().to_owned())
}

fn requested_org(req: &HttpRequest) -> Result<Option<i64>, ApiError> {
    let Some(value) = req.headers().get(ORGANISATION_HEADER) else { return Ok(None) };
    let parsed = value.to_str().ok().and_then(|v| v.trim().parse::<i64>().ok());
    parsed.map(Some).ok_or_else(|| {
        ApiError::bad_request(
            "invalid_organisation_header",
            "L'en-tête X-Organisation-Id doit être un identifiant numérique.",
        )
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let parsed = bearer(req).and_then(|token| Ok((token, requested_org(req)?)));
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("AppState missing"))?;
            let (token, requested_org) = parsed?;
            let verified = state.tokens.verify(&token)?;
            let user_id = verified.user_id;
            let (user, memberships) = state
                .db
                .run(move |conn| {
                    let user = store::users::find(conn, user_id)?;
                    let memberships = store::memberships::of_user(conn, user_id)?;
                    Ok((user, memberships))
                })
                .await?;
            let user = user.ok_or_else(|| ApiError::unauthorized("invalid_token", "Ce compte n'existe plus."))?;
            // A password change bumps the version: tokens issued before it no longer open the account.
            if user.token_version != verified.token_version {
                return Err(ApiError::unauthorized(
                    "revoked_token",
                    "Ce jeton a été révoqué (mot de passe modifié) ; reconnectez-vous.",
                ));
            }
            Ok(Caller {
                user_id: user.id,
                email: user.email,
                full_name: user.full_name,
                platform_admin: user.platform_admin,
                memberships,
                requested_org,
            })
        })
    }
}
