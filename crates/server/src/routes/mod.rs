//! HTTP handlers, one file per resource, each documented for the OpenAPI spec.

pub mod admin_outbox;
pub mod applications;
pub mod auth;
pub mod health;
pub mod invitations;
pub mod lheo;
pub mod me;
pub mod members;
pub mod memberships;
pub mod method_not_allowed;
pub mod notifications;
pub mod organisations;
pub mod outcomes;
pub mod password;
mod reference;
pub mod sessions;
pub mod trainings;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every API route under `/api`.
pub fn api(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/api")
            .service(health::health)
            .service(auth::signup)
            .service(auth::login)
            .service(me::me)
            .service(password::change_password)
            .service(notifications::show)
            .service(notifications::change)
            .service(organisations::list)
            .service(organisations::create)
            .service(memberships::approve)
            .service(memberships::refuse)
            .service(memberships::set_admin)
            .service(memberships::remove)
            .service(members::list)
            .service(members::pending)
            .service(invitations::create)
            .service(invitations::list)
            .service(invitations::lookup)
            .service(invitations::accept)
            .service(password::request_reset)
            .service(password::reset)
            .service(trainings::list::list)
            .service(trainings::create::create)
            .service(trainings::show::show)
            .service(trainings::edit::edit)
            .service(trainings::certification::approve)
            .service(trainings::certification::reject)
            .service(trainings::history::history)
            .service(sessions::list::list)
            .service(sessions::show::show)
            .service(sessions::edit::edit)
            .service(sessions::cancel::cancel)
            .service(sessions::history::history)
            .service(applications::create::create)
            .service(applications::session_list::session_list)
            .service(applications::csv_export::csv_export)
            .service(applications::batch::batch)
            .service(applications::list::list)
            .service(applications::show::show)
            .service(applications::candidate_export::candidate_export)
            .service(applications::decision::save)
            .service(applications::decision::validate)
            .service(applications::dashboard::dashboard)
            .service(applications::availability::availability)
            .service(outcomes::record)
            .service(outcomes::of_session)
            .service(outcomes::of_funder)
            .service(webhooks::create)
            .service(webhooks::list)
            .service(webhooks::remove)
            .service(admin_outbox::list)
            .service(admin_outbox::retry)
            .service(lheo::export)
            .service(lheo::import)
            // The scope takes every /api path: a known one with another method gets a problem+json 405, an
            // unknown one a problem+json 404, never the web app.
            .default_service(actix_web::web::to(method_not_allowed::fallback)),
    );
}
