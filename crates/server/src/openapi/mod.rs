//! The OpenAPI document: the paths come from the registered handlers (utoipa-actix-web), so the routes
//! and the documentation cannot drift; this module adds the title, the bearer security scheme, the query
//! schemas that parameters reference, and the answers every operation shares ([`common_answers`]).

mod common_answers;
mod string_rules;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tremplin API",
        description = "Offres de formation POEC, sessions et candidatures. Erreurs au format RFC 9457 \
                       (application/problem+json) avec un `code` stable et un `detail` en français. \
                       Les requêtes agissent pour une structure : en-tête `X-Organisation-Id`.",
        license(name = "AGPL-3.0-or-later")
    ),
    // Query parameters reference these enums, but utoipa-actix-web only collects the schemas of bodies.
    components(schemas(
        contract::Problem,
        contract::FieldError,
        contract::KairosDocument,
        contract::WebhookEvent,
        contract::PeriodTab,
        contract::TrainingSort,
        contract::Sort,
        domain::training::TrainingTab,
    )),
    modifiers(&BearerAuth)
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The full document, built from the same route registration the server uses.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = crate::app::api_app().split_for_parts();
    common_answers::declare(&mut doc);
    list_problem_codes(&mut doc);
    doc
}

/// `Problem.code` as the closed list integrators switch on ([`contract::PROBLEM_CODES`]).
fn list_problem_codes(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;
    let schemas = doc.components.as_mut().map(|c| &mut c.schemas);
    let Some(RefOr::T(Schema::Object(problem))) = schemas.and_then(|s| s.get_mut("Problem")) else { return };
    if let Some(RefOr::T(Schema::Object(code))) = problem.properties.get_mut("code") {
        code.enum_values = Some(contract::PROBLEM_CODES.iter().map(|c| serde_json::json!(c)).collect());
        code.pattern = None;
    }
}

/// The document as committed in `openapi/openapi.json` (pretty JSON with a final newline).
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut json = serde_json::to_string_pretty(&document())?;
    json.push('\n');
    Ok(json)
}
