//! Answers every operation shares, added to the generated document in one place so that a new route cannot
//! forget them: the extractors, the bearer check, the `X-Organisation-Id` header and the database can refuse
//! any request before its handler runs, and integrators (and schemathesis) must see those codes declared.
//! Every error answer is a [`contract::Problem`]: a handler declares its own 4xx with a status and a
//! description only, and the `application/problem+json` content is written here.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{Content, ContentBuilder, OpenApi, Ref, RefOr, Required, Response, ResponseBuilder};

use super::string_rules;
use crate::auth::caller::ORGANISATION_HEADER;

const PROBLEM_JSON: &str = "application/problem+json";

/// Declares the shared answers and parameters on every operation of `doc`.
pub fn declare(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            complete(operation);
        }
    }
    if let Some(components) = doc.components.as_mut() {
        components.schemas.values_mut().for_each(string_rules::assert);
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn complete(operation: &mut Operation) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    parameters.iter_mut().for_each(not_nullable);
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    if secured && !parameters.iter().any(|p| names(p, ORGANISATION_HEADER)) {
        parameters.push(RefOr::T(organisation_header()));
    }
    let has_parameters = !parameters.is_empty();
    if parameters.is_empty() {
        operation.parameters = None;
    }
    let has_body = operation.request_body.is_some();
    let unreadable = match (has_parameters, has_body) {
        (true, true) => Some("Paramètre invalide (chemin, requête ou en-tête) ou corps illisible"),
        (true, false) => Some("Paramètre invalide (chemin, requête ou en-tête)"),
        (false, true) => Some("Corps illisible"),
        (false, false) => None,
    };
    if let Some(description) = unreadable {
        problem(operation, "400", description);
    }
    if secured {
        problem(operation, "401", "Non connecté, ou jeton invalide ou expiré");
        problem(operation, "403", "Pas de rattachement validé à la structure demandée (X-Organisation-Id)");
    }
    if has_body {
        problem(operation, "413", "Corps trop volumineux");
        problem(operation, "415", "Le corps doit être du JSON (Content-Type: application/json)");
    }
    problem(operation, "503", "Base de données injoignable");
    operation.responses.responses.iter_mut().filter(|(status, _)| is_error(status)).for_each(|(_, r)| as_problem(r));
}

fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// An error answer declared without content carries a problem.
fn as_problem(response: &mut RefOr<Response>) {
    if let RefOr::T(response) = response
        && response.content.is_empty()
    {
        response.content.insert(PROBLEM_JSON.to_owned(), RefOr::T(problem_content()));
    }
}

fn problem_content() -> Content {
    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build()
}

fn names(parameter: &RefOr<Parameter>, name: &str) -> bool {
    matches!(parameter, RefOr::T(p) if p.name.eq_ignore_ascii_case(name))
}

/// A query string or a header cannot carry JSON `null`: `Option` fields are optional, not nullable, and a
/// client generated from a nullable parameter would send the text `null`.
fn not_nullable(parameter: &mut RefOr<Parameter>) {
    let RefOr::T(parameter) = parameter else { return };
    let Some(schema) = parameter.schema.take() else { return };
    let mut schema = without_null(schema);
    string_rules::assert(&mut schema);
    parameter.schema = Some(schema);
}

fn without_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::Object(mut object)) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let mut kept: Vec<Type> = types.iter().filter(|t| **t != Type::Null).cloned().collect();
                object.schema_type =
                    if kept.len() == 1 { SchemaType::Type(kept.remove(0)) } else { SchemaType::Array(kept) };
            }
            RefOr::T(Schema::Object(object))
        }
        RefOr::T(Schema::OneOf(one_of)) => {
            let null = |item: &RefOr<Schema>| matches!(item, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
            let mut kept: Vec<RefOr<Schema>> = one_of.items.iter().filter(|i| !null(i)).cloned().collect();
            if kept.len() == 1 { kept.remove(0) } else { RefOr::T(Schema::OneOf(one_of)) }
        }
        other => other,
    }
}

fn organisation_header() -> Parameter {
    ParameterBuilder::new()
        .name(ORGANISATION_HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "La structure pour laquelle la requête agit (identifiant) ; par défaut le seul rattachement validé, \
             ou la plateforme pour son administration.",
        ))
        .schema(Some(
            ObjectBuilder::new().schema_type(Type::Integer).format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
        ))
        .build()
}

fn problem(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
        RefOr::T(ResponseBuilder::new().description(description).content(PROBLEM_JSON, problem_content()).build())
    });
}
