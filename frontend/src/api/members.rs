//! An organisation's members, invitations (R-ACC-1, R-ACC-5..8) and the forgotten password (R-ACC-9).

use contract::{
    AcceptInvitation, AdminRole, CreateInvitation, Invitation, InvitationAccepted, InvitationPreview, Member,
    MemberList, MemberListQuery, MembershipRefusal, PasswordReset, PasswordResetRequest,
};
use gloo_net::http::Request;
use serde::Serialize;

use super::{ApiFailure, Auth, failure_from, get, patch, post, with_auth, with_query};

fn membership(organisation_id: i64, user_id: i64, action: &str) -> String {
    format!("/api/organisations/{organisation_id}/memberships/{user_id}/{action}")
}

/// A request whose success has no body (204, 202).
async fn send_empty(
    builder: gloo_net::http::RequestBuilder,
    body: Option<&impl Serialize>,
    auth: Auth,
) -> Result<(), ApiFailure> {
    let builder = with_auth(builder, auth);
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiFailure::network())?;
    if response.ok() { Ok(()) } else { Err(failure_from(response, auth).await) }
}

/// `GET /api/organisations/{id}/members?status=&page=`.
pub async fn list(organisation_id: i64, query: MemberListQuery) -> Result<MemberList, ApiFailure> {
    let path = with_query(&format!("/api/organisations/{organisation_id}/members"), &query);
    get(Request::get(&path), Auth::User).await
}

/// `GET /api/admin/pending-members`: every organisation's pending requests (platform).
pub async fn pending_everywhere() -> Result<Vec<Member>, ApiFailure> {
    get(Request::get("/api/admin/pending-members"), Auth::User).await
}

/// `POST …/approve` (204).
pub async fn approve(organisation_id: i64, user_id: i64) -> Result<(), ApiFailure> {
    send_empty(Request::post(&membership(organisation_id, user_id, "approve")), None::<&()>, Auth::User).await
}

/// `POST …/refuse` with the reason e-mailed to the person.
pub async fn refuse(organisation_id: i64, user_id: i64, reason: String) -> Result<Member, ApiFailure> {
    post(&membership(organisation_id, user_id, "refuse"), &MembershipRefusal { reason }, Auth::User).await
}

/// `PUT …/admin`.
pub async fn set_admin(organisation_id: i64, user_id: i64, is_admin: bool) -> Result<Member, ApiFailure> {
    patch(Request::put(&membership(organisation_id, user_id, "admin")), &AdminRole { is_admin }, Auth::User).await
}

/// `POST …/remove`.
pub async fn remove(organisation_id: i64, user_id: i64) -> Result<Member, ApiFailure> {
    post(&membership(organisation_id, user_id, "remove"), &(), Auth::User).await
}

/// `POST /api/organisations/{id}/invitations`.
pub async fn invite(organisation_id: i64, email: String) -> Result<Invitation, ApiFailure> {
    post(&format!("/api/organisations/{organisation_id}/invitations"), &CreateInvitation { email }, Auth::User).await
}

/// `GET /api/organisations/{id}/invitations`.
pub async fn invitations(organisation_id: i64) -> Result<Vec<Invitation>, ApiFailure> {
    get(Request::get(&format!("/api/organisations/{organisation_id}/invitations")), Auth::User).await
}

/// `GET /api/invitations/lookup?token=`.
pub async fn look_up_invitation(token: String) -> Result<InvitationPreview, ApiFailure> {
    get(Request::get("/api/invitations/lookup").query([("token", token.as_str())]), Auth::Public).await
}

/// `POST /api/invitations/accept`.
pub async fn accept_invitation(request: AcceptInvitation) -> Result<InvitationAccepted, ApiFailure> {
    post("/api/invitations/accept", &request, Auth::Public).await
}

/// `POST /api/password/reset-requests` (202 whatever the address).
pub async fn request_password_reset(email: String) -> Result<(), ApiFailure> {
    send_empty(Request::post("/api/password/reset-requests"), Some(&PasswordResetRequest { email }), Auth::Public).await
}

/// `POST /api/password/resets` (204).
pub async fn reset_password(token: String, password: String) -> Result<(), ApiFailure> {
    send_empty(Request::post("/api/password/resets"), Some(&PasswordReset { token, password }), Auth::Public).await
}
