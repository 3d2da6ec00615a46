//! The authenticated caller of a request and the organisation it acts for (R-ACC-2).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use contract::{Membership, MembershipStatus, OrganisationKind};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Header naming the organisation a request acts for.
pub const ORGANISATION_HEADER: &str = "X-Organisation-Id";

/// The organisation a request acts for, through an approved membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActingOrg {
    pub id: i64,
    pub kind: OrganisationKind,
    /// May approve the organisation's other members.
    pub is_admin: bool,
}

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
    /// The organisation this request acts for: the `X-Organisation-Id` header, or the only approved
    /// membership when there is exactly one. Never an organisation without an approved membership.
    pub fn organisation(&self) -> Result<ActingOrg, ApiError> {
        let approved = || self.memberships.iter().filter(|m| m.status == MembershipStatus::Approved);
        let membership = match self.requested_org {
            Some(id) => match self.memberships.iter().find(|m| m.organisation_id == id) {
                Some(m) if m.status == MembershipStatus::Approved => m,
                Some(_) => {
                    return Err(ApiError::forbidden(
                        "membership_pending",
                        "Votre rattachement à cette structure est en attente de validation.",
                    ));
                }
                None => {
                    return Err(ApiError::forbidden("not_a_member", "Vous n'êtes pas membre de cette structure."));
                }
            },
            None => {
                let mut all = approved();
                match (all.next(), all.next()) {
                    (Some(only), None) => only,
                    (None, _) => {
                        return Err(ApiError::forbidden(
                            "no_approved_membership",
                            "Aucun rattachement validé : attendez la validation de votre demande.",
                        ));
                    }
                    (Some(_), Some(_)) => {
                        return Err(ApiError::bad_request(
                            "organisation_required",
                            "Vous êtes rattaché à plusieurs structures : précisez-la avec l'en-tête X-Organisation-Id.",
                        ));
                    }
                }
            }
        };
        Ok(ActingOrg {
            id: membership.organisation_id,
            kind: membership.organisation_kind,
            is_admin: membership.is_admin,
        })
    }

    /// Platform admins, or else an error saying so.
    pub fn require_platform_admin(&self) -> Result<(), ApiError> {
        if self.platform_admin {
            Ok(())
        } else {
            Err(ApiError::forbidden("platform_admin_required", "Action réservée à l'administration de la plateforme."))
        }
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
            let user_id = state.tokens.verify(&token)?;
            let (user, memberships) = state
                .db
                .run(move |conn| {
                    let user = store::users::find(conn, user_id)?;
                    let memberships = store::memberships::of_user(conn, user_id)?;
                    Ok((user, memberships))
                })
                .await?;
            let user = user.ok_or_else(|| ApiError::unauthorized("invalid_token", "Ce compte n'existe plus."))?;
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
