//! The route tree, in one place: public pages share `PublicLayout`, pages that need a logged-in user
//! share `AuthenticatedLayout` (header, organisation switcher). A new screen is one `Route` line here.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{AuthenticatedLayout, CurrentUser, PublicLayout};
use crate::pages::admin::{lheo_import::LheoImportPage, outbox::OutboxPage, pending_members::PendingMembersPage};
use crate::pages::applications::{
    dashboard::ApplicationsDashboardPage, detail::ApplicationPage, session_list::SessionApplicationsPage,
};
use crate::pages::invitation::InvitationPage;
use crate::pages::members::MembersPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::password::{ForgottenPasswordPage, ResetPasswordPage};
use crate::pages::prescriber::{apply::ApplyPage, availability::AvailabilityPage, my_applications::MyApplicationsPage};
use crate::pages::sessions::form::SessionPage;
use crate::pages::sessions::funder_outcomes::FunderOutcomesPage;
use crate::pages::trainings::{create::CreateTrainingPage, form::TrainingPage, list::TrainingListPage};
use crate::pages::{home::HomePage, login::LoginPage, not_found::NotFound, signup::SignupPage};
use crate::session::Session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::from_storage());
    provide_context(CurrentUser::default());
    view! {
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=PublicLayout>
                    <Route path=path!("connexion") view=LoginPage />
                    <Route path=path!("inscription") view=SignupPage />
                    <Route path=path!("mot-de-passe-oublie") view=ForgottenPasswordPage />
                    <Route path=path!("mot-de-passe/nouveau") view=ResetPasswordPage />
                    <Route path=path!("invitation") view=InvitationPage />
                </ParentRoute>
                <ParentRoute path=path!("") view=AuthenticatedLayout>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("formations") view=TrainingListPage />
                    <Route path=path!("formations/:reference") view=TrainingPage />
                    <Route path=path!("nouvelle-formation") view=CreateTrainingPage />
                    <Route path=path!("sessions/:reference") view=SessionPage />
                    <Route path=path!("sessions/:reference/candidatures") view=SessionApplicationsPage />
                    <Route path=path!("suites-de-parcours") view=FunderOutcomesPage />
                    <Route path=path!("candidatures") view=ApplicationsDashboardPage />
                    <Route path=path!("candidatures/:reference") view=ApplicationPage />
                    <Route path=path!("disponibilites") view=AvailabilityPage />
                    <Route path=path!("disponibilites/:reference/candidature") view=ApplyPage />
                    <Route path=path!("mes-candidatures") view=MyApplicationsPage />
                    <Route path=path!("admin/messages") view=OutboxPage />
                    <Route path=path!("admin/rattachements") view=PendingMembersPage />
                    <Route path=path!("admin/import-lheo") view=LheoImportPage />
                    <Route path=path!("membres") view=MembersPage />
                    <Route path=path!("mes-notifications") view=NotificationsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Sets the browser tab title (RGAA: each page has its own title).
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} – Tremplin"));
}
