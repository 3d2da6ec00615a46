//! The organisation the user works for, chosen "en haut à droite" among approved memberships.

use contract::{Membership, MembershipStatus};
use leptos::prelude::*;

use crate::session::Session;

/// Value of the option that means "act as the platform" (platform admins, no `X-Organisation-Id`).
const PLATFORM: &str = "";

/// A labelled `<select>` of the approved memberships; changing it changes `X-Organisation-Id`.
#[component]
pub fn OrgSwitcher(memberships: Vec<Membership>, platform_admin: bool) -> impl IntoView {
    let session = Session::use_context();
    let approved: Vec<Membership> =
        memberships.into_iter().filter(|m| m.status == MembershipStatus::Approved).collect();
    if approved.is_empty() && !platform_admin {
        return view! { <p class="org-switcher-empty">"Aucune structure validée"</p> }.into_any();
    }
    let on_change = move |ev| {
        let value = event_target_value(&ev);
        session.set_org(value.parse().ok());
    };
    let options = approved
        .into_iter()
        .map(|m| {
            let id = m.organisation_id;
            view! {
                <option value=id.to_string() prop:selected=move || session.org() == Some(id)>
                    {m.organisation_name}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="org-switcher">
            <label for="structure-active">"Structure active"</label>
            <select id="structure-active" on:change=on_change>
                {platform_admin
                    .then(|| {
                        view! {
                            <option value=PLATFORM prop:selected=move || session.org().is_none()>
                                "Plateforme (administration)"
                            </option>
                        }
                    })}
                {options}
            </select>
        </div>
    }
    .into_any()
}
