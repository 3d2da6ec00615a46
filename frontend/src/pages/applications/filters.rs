//! The filter form of "Gestion par candidatures" (and "Mes candidatures") and of "Gestion par sessions"
//! (R-LIST-2): the same session dates, role, text and "Type session" (R-LIST-TYPE-1), and each list's own state
//! select. One form for both lists, so a fix or a new filter reaches both.

use chrono::NaiveDate;
use contract::{ApplicationListQuery, SessionListQuery};
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::session::{SessionState, SessionType};
use leptos::prelude::*;

use crate::api::search_text;
use crate::components::input::{Control, Input};
use crate::components::session_type::{self, SessionTypeInput};
use crate::format::{iso, parse_iso};

/// What the form filters on, whichever list it filters; the state as its code, each list having its states.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterValues {
    pub session_type: Option<SessionType>,
    pub role: Option<SessionRole>,
    pub state: String,
    pub q: Option<String>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub end_from: Option<NaiveDate>,
    pub end_to: Option<NaiveDate>,
}

/// A list's query, seen through its filters; the tab, order and page stay the list's own.
pub trait Filtered: Clone + Default + Send + Sync + 'static {
    /// The filters of this query (a bookmarked list shows them in the form).
    fn filters(&self) -> FilterValues;
    /// A query holding these filters and nothing else.
    fn filtered(values: FilterValues) -> Self;
}

impl Filtered for ApplicationListQuery {
    fn filters(&self) -> FilterValues {
        FilterValues {
            session_type: self.session_type.clone(),
            role: self.role,
            state: self.state.map(|s| s.code().to_owned()).unwrap_or_default(),
            q: self.q.clone(),
            start_from: self.session_start_from,
            start_to: self.session_start_to,
            end_from: self.session_end_from,
            end_to: self.session_end_to,
        }
    }

    fn filtered(v: FilterValues) -> Self {
        Self {
            session_type: v.session_type,
            role: v.role,
            state: ApplicationState::from_code(&v.state),
            q: v.q,
            session_start_from: v.start_from,
            session_start_to: v.start_to,
            session_end_from: v.end_from,
            session_end_to: v.end_to,
            ..Self::default()
        }
    }
}

impl Filtered for SessionListQuery {
    fn filters(&self) -> FilterValues {
        FilterValues {
            session_type: self.session_type.clone(),
            role: self.role,
            state: self.state.map(|s| s.code().to_owned()).unwrap_or_default(),
            q: self.q.clone(),
            start_from: self.session_start_from,
            start_to: self.session_start_to,
            end_from: self.session_end_from,
            end_to: self.session_end_to,
        }
    }

    fn filtered(v: FilterValues) -> Self {
        Self {
            session_type: v.session_type,
            role: v.role,
            state: SessionState::ALL.into_iter().find(|s| s.code() == v.state),
            q: v.q,
            session_start_from: v.start_from,
            session_start_to: v.start_to,
            session_end_from: v.end_from,
            session_end_to: v.end_to,
            ..Self::default()
        }
    }
}

/// What differs between the lists' forms.
#[derive(Clone)]
pub struct FilterForm {
    /// Prefix of the fields' ids, unique on the page (both lists share "Gestion des candidatures").
    pub id_prefix: &'static str,
    /// The search landmark's name.
    pub name: &'static str,
    /// The hint under "Filtrer": what the text is matched against.
    pub text_hint: &'static str,
    /// The state select: its label and its choices (code, French label).
    pub state_label: &'static str,
    pub states: Vec<(&'static str, &'static str)>,
    /// Session dates, role and type: organisations' filters, not prescribers' (R-ACC-4).
    pub organisation_fields: bool,
}

/// The states of applications as the select offers them.
pub fn application_states() -> Vec<(&'static str, &'static str)> {
    ApplicationState::ALL.into_iter().map(|s| (s.code(), s.label())).collect()
}

/// The states of sessions as the select offers them.
pub fn session_states() -> Vec<(&'static str, &'static str)> {
    SessionState::ALL.into_iter().map(|s| (s.code(), s.label())).collect()
}

/// The form: "Appliquer les filtres" replaces the list's filters and goes back to page 1.
#[component]
pub fn Filters<Q: Filtered>(form: FilterForm, applied: RwSignal<Q>, page: RwSignal<u32>) -> impl IntoView {
    // A bookmarked list shows its filters in the form.
    let now = applied.with_untracked(Filtered::filters);
    let day = |d: Option<NaiveDate>| RwSignal::new(d.map(iso).unwrap_or_default());
    let (start_from, start_to) = (day(now.start_from), day(now.start_to));
    let (end_from, end_to) = (day(now.end_from), day(now.end_to));
    let text = RwSignal::new(now.q.clone().unwrap_or_default());
    let role = RwSignal::new(now.role.map(|r| r.code().to_owned()).unwrap_or_default());
    let state = RwSignal::new(now.state);
    let kind = RwSignal::new(now.session_type.as_ref().map(ToString::to_string).unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The field shows why a type cannot be one; the filters stay as they were until it can.
        let Ok(session_type) = session_type::parsed(&kind.get_untracked()) else { return };
        applied.set(Q::filtered(FilterValues {
            session_type,
            role: SessionRole::ALL.into_iter().find(|r| r.code() == role.get_untracked()),
            state: state.get_untracked(),
            q: search_text(&text.get_untracked()),
            start_from: parse_iso(&start_from.get_untracked()),
            start_to: parse_iso(&start_to.get_untracked()),
            end_from: parse_iso(&end_from.get_untracked()),
            end_to: parse_iso(&end_to.get_untracked()),
        }));
        page.set(1);
    };
    let prefix = form.id_prefix;
    let id = move |name: &str| format!("{prefix}-{name}");
    let organisation_fields = form.organisation_fields.then(|| {
        view! {
            <Input id=id("debut-du") label="Début session : du" value=start_from control=Control::Date />
            <Input id=id("debut-au") label="Début session : au" value=start_to control=Control::Date />
            <Input id=id("fin-du") label="Fin session : du" value=end_from control=Control::Date />
            <Input id=id("fin-au") label="Fin session : au" value=end_to control=Control::Date />
            <div class="field">
                <label for=id("role")>"Rôle organisme"</label>
                <select id=id("role") bind:value=role>
                    <option value="">"Tous"</option>
                    {SessionRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                </select>
            </div>
            <SessionTypeInput id=id("type") value=kind />
        }
    });
    view! {
        <form class="filters" role="search" aria-label=form.name on:submit=on_submit>
            <div class="grid-3">
                {organisation_fields}
                <Input id=id("texte") label="Filtrer" value=text hint=Some(form.text_hint.to_owned()) />
                <div class="field">
                    <label for=id("etat")>{form.state_label}</label>
                    <select id=id("etat") bind:value=state>
                        <option value="">"Tous"</option>
                        {form.states.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <button type="submit" class="button button-secondary">"Appliquer les filtres"</button>
        </form>
    }
}
