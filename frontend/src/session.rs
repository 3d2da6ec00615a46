//! Who is logged in and for which organisation they act, kept in `localStorage` so a reload keeps the
//! session, and mirrored in signals so the screens react when it changes.

use leptos::prelude::*;

/// `localStorage` key of the JWT returned by `POST /api/auth/login`.
pub const TOKEN_KEY: &str = "tremplin.token";
/// `localStorage` key of the organisation sent as `X-Organisation-Id`.
pub const ORG_KEY: &str = "tremplin.org";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten().filter(|v| !v.is_empty())
}

fn write(key: &str, value: Option<&str>) {
    // A browser that refuses storage (private mode, quota) only loses the session at the next reload.
    if let Some(storage) = storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// The stored bearer token, if any.
pub fn stored_token() -> Option<String> {
    read(TOKEN_KEY)
}

/// The stored active organisation, if any.
pub fn stored_org() -> Option<i64> {
    read(ORG_KEY).and_then(|v| v.parse().ok())
}

/// Forgets the token and the organisation (logout, expired token).
pub fn clear_storage() {
    write(TOKEN_KEY, None);
    write(ORG_KEY, None);
}

/// The reactive view of the session, provided once by `App` as a context.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    org: RwSignal<Option<i64>>,
}

impl Session {
    /// Reads what a previous visit stored.
    pub fn from_storage() -> Self {
        Self { token: RwSignal::new(stored_token()), org: RwSignal::new(stored_org()) }
    }

    /// The session provided by `App`; a fresh one from storage if called outside it.
    pub fn use_context() -> Self {
        use_context::<Self>().unwrap_or_else(Self::from_storage)
    }

    /// Whether a token is held (it may still turn out expired: the API then answers 401).
    pub fn is_logged_in(self) -> bool {
        self.token.with(Option::is_some)
    }

    /// The token, tracked.
    pub fn token(self) -> Option<String> {
        self.token.get()
    }

    /// The organisation the user acts for, tracked; `None` for "no header".
    pub fn org(self) -> Option<i64> {
        self.org.get()
    }

    /// The organisation the user acts for, not tracked (inside event handlers).
    pub fn org_untracked(self) -> Option<i64> {
        self.org.get_untracked()
    }

    /// Stores a fresh token after log-in.
    pub fn log_in(self, token: &str) {
        write(TOKEN_KEY, Some(token));
        self.token.set(Some(token.to_owned()));
    }

    /// Chooses the organisation to act for.
    pub fn set_org(self, org: Option<i64>) {
        let text = org.map(|id| id.to_string());
        write(ORG_KEY, text.as_deref());
        if self.org.get_untracked() != org {
            self.org.set(org);
        }
    }

    /// Forgets everything.
    pub fn log_out(self) {
        clear_storage();
        self.token.set(None);
        self.org.set(None);
    }
}

/// The page to go back to after logging in again: a path of this app only (never another site, `//host`, nor
/// the log-in page itself, which would loop).
pub fn return_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
    (local && !path.starts_with(crate::api::LOGIN_PATH) && path != "/").then_some(path)
}

/// Picks the organisation to act for: the stored one while it is still an approved membership, else the
/// first approved one, else none (a platform admin, or a user whose memberships are all pending).
pub fn choose_org(current: Option<i64>, memberships: &[contract::Membership]) -> Option<i64> {
    let approved: Vec<i64> = memberships
        .iter()
        .filter(|m| m.status == contract::MembershipStatus::Approved)
        .map(|m| m.organisation_id)
        .collect();
    match current {
        Some(id) if approved.contains(&id) => Some(id),
        _ => approved.first().copied(),
    }
}

/// The domain's actor for the page's own checks: the platform when a platform admin acts without an
/// organisation, else the active approved membership; `None` when neither applies (the API then decides).
pub fn actor(me: &contract::Me, org: Option<i64>) -> Option<domain::access::Actor> {
    use domain::access::Actor;
    match org {
        None => me.platform_admin.then_some(Actor::PlatformAdmin),
        Some(id) => me
            .memberships
            .iter()
            .find(|m| m.organisation_id == id && m.status == contract::MembershipStatus::Approved)
            .map(|m| Actor::organisation(domain::ids::OrganisationId(id), m.organisation_kind)),
    }
}
