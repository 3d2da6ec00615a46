//! The banner of every logged-in page: product name, main navigation, structure switcher, log-out.

use contract::{Me, OrganisationKind};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::LOGIN_PATH;
use crate::components::org_switcher::OrgSwitcher;
use crate::session::Session;

/// Main navigation entries `(path, label)` of a training organisation (and of the platform).
const NAV: &[(&str, &str)] =
    &[("/", "Accueil"), ("/formations", "Gestion des formations"), ("/candidatures", "Gestion des candidatures")];
/// Main navigation entries of a prescriber (R-ACC-4).
const PRESCRIBER_NAV: &[(&str, &str)] =
    &[("/", "Accueil"), ("/disponibilites", "Sessions disponibles"), ("/mes-candidatures", "Mes candidatures")];
/// The platform admin's outbox screen (R-AVIS-7).
const ADMIN_MESSAGES: &str = "/admin/messages";
/// The platform admin's queue of membership requests (R-ACC-6).
const ADMIN_REQUESTS: &str = "/admin/rattachements";
/// The platform admin's upload of the regional LHEO offer (issue 13).
const ADMIN_LHEO: &str = "/admin/import-lheo";
/// An organisation admin's members screen (R-ACC-1).
const MEMBERS: &str = "/membres";
/// Where every user chooses the e-mail they receive (R-MAIL-1).
const NOTIFICATIONS: &str = "/mes-notifications";
/// Main navigation entries of a funder.
const FUNDER_NAV: &[(&str, &str)] =
    &[("/", "Accueil"), ("/formations", "Gestion des formations"), ("/suites-de-parcours", "Suites de parcours")];

/// The entries for the active organisation's kind.
fn nav_for(me: &Me, org: Option<i64>) -> &'static [(&'static str, &'static str)] {
    let kind = me.memberships.iter().find(|m| Some(m.organisation_id) == org).map(|m| m.organisation_kind);
    match kind {
        Some(OrganisationKind::PrescriberFranceTravail | OrganisationKind::PrescriberOther) => PRESCRIBER_NAV,
        Some(OrganisationKind::Funder) => FUNDER_NAV,
        Some(OrganisationKind::TrainingOrganisation) | None => NAV,
    }
}

/// Site header for a logged-in user.
#[component]
pub fn Header(me: Me) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let location = use_location();
    let nav_me = me.clone();
    let admin_me = me.clone();
    // Only the admins of the active organisation manage its members.
    let administers = Memo::new(move |_| {
        let org = session.org();
        admin_me
            .memberships
            .iter()
            .any(|m| Some(m.organisation_id) == org && m.is_admin && m.status == contract::MembershipStatus::Approved)
    });
    // Changes only with the active organisation's kind, not on every organisation change.
    let entries = Memo::new(move |_| nav_for(&nav_me, session.org()));
    let log_out = move |_| {
        session.log_out();
        navigate(LOGIN_PATH, NavigateOptions::default());
    };
    view! {
        <header class="app-header">
            <div class="app-header-inner">
                <a class="brand" href="/">
                    "Tremplin"
                </a>
                <nav class="main-nav" aria-label="Navigation principale">
                    <ul>
                        {move || entries.get()
                            .iter()
                            .map(|(path, label)| {
                                let path = *path;
                                // Plain links: `<A>` reads the router's context, which a re-render while
                                // logging out (org reset after the layout is gone) can no longer reach.
                                let current = move || {
                                    location.pathname.with(|p| {
                                        if path == "/" { p == "/" } else { p == path || p.starts_with(&format!("{path}/")) }
                                    })
                                    .then_some("page")
                                };
                                view! {
                                    <li>
                                        <a href=path aria-current=current>
                                            {*label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                        {move || administers.get().then(|| {
                            let current = move || location.pathname.with(|p| p == MEMBERS).then_some("page");
                            view! {
                                <li>
                                    <a href=MEMBERS aria-current=current>"Membres"</a>
                                </li>
                            }
                        })}
                        {me.platform_admin.then(|| {
                            let current = move || location.pathname.with(|p| p.starts_with(ADMIN_MESSAGES)).then_some("page");
                            let requests = move || location.pathname.with(|p| p.starts_with(ADMIN_REQUESTS)).then_some("page");
                            let lheo = move || location.pathname.with(|p| p.starts_with(ADMIN_LHEO)).then_some("page");
                            view! {
                                <li>
                                    <A href="/nouvelle-formation">"Saisir une formation"</A>
                                </li>
                                <li>
                                    <a href=ADMIN_MESSAGES aria-current=current>"Messages en échec"</a>
                                </li>
                                <li>
                                    <a href=ADMIN_REQUESTS aria-current=requests>"Demandes de rattachement"</a>
                                </li>
                                <li>
                                    <a href=ADMIN_LHEO aria-current=lheo>"Import LHEO"</a>
                                </li>
                            }
                        })}
                    </ul>
                </nav>
                <div class="header-tools">
                    <OrgSwitcher memberships=me.memberships.clone() platform_admin=me.platform_admin />
                    <span class="user-name">{me.full_name.clone()}</span>
                    <a
                        href=NOTIFICATIONS
                        aria-current=move || location.pathname.with(|p| p == NOTIFICATIONS).then_some("page")
                    >
                        "Mes notifications"
                    </a>
                    <button type="button" class="button button-secondary" on:click=log_out>
                        "Se déconnecter"
                    </button>
                </div>
            </div>
        </header>
    }
}
