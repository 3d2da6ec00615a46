//! The committed `openapi/openapi.json` is exactly what the code generates (`make openapi` rewrites it),
//! and every operation documents its error answers.

use serde_json::Value;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let generated = tremplin::openapi::document_json().unwrap();
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(committed == generated, "openapi/openapi.json is out of date: run `make openapi` and commit the result");
}

#[test]
fn every_operation_documents_an_error_response_as_problem_json() {
    let doc: Value = serde_json::from_str(&tremplin::openapi::document_json().unwrap()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/auth/login"));
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let error = responses.iter().find(|(status, _)| status.starts_with('4') || status.starts_with('5'));
            let (_, error) = error.unwrap_or_else(|| panic!("{method} {path} documents no error response"));
            assert!(
                error["content"]["application/problem+json"].is_object(),
                "{method} {path}: errors are problem+json"
            );
        }
    }
}

fn document() -> Value {
    serde_json::from_str(&tremplin::openapi::document_json().unwrap()).unwrap()
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.to_uppercase(), path.clone(), operation.clone()));
        }
    }
    found
}

#[test]
fn every_operation_has_its_own_operation_id() {
    let doc = document();
    let mut seen = std::collections::HashMap::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(
            id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{method} {path}: operationId {id} is not lowerCamelCase"
        );
        if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
            panic!("operationId {id} names both {other} and {method} {path}");
        }
    }
}

#[test]
fn every_reference_resolves() {
    fn walk(value: &Value, doc: &Value, dangling: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let target = reference.strip_prefix('#').map(|pointer| doc.pointer(pointer));
                    if !matches!(target, Some(Some(_))) {
                        dangling.push(reference.clone());
                    }
                }
                map.values().for_each(|v| walk(v, doc, dangling));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, doc, dangling)),
            _ => {}
        }
    }
    let doc = document();
    let mut dangling = Vec::new();
    walk(&doc, &doc, &mut dangling);
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
}

#[test]
fn answers_any_request_can_get_are_declared_everywhere() {
    let doc = document();
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        let declares = |status: &str| responses.contains_key(status);
        assert!(declares("503"), "{method} {path}: the database can be out of reach");
        if operation["security"].as_array().is_some_and(|s| !s.is_empty()) {
            assert!(declares("401") && declares("403"), "{method} {path}: token and X-Organisation-Id");
            let header = operation["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "X-Organisation-Id");
            assert!(header, "{method} {path} documents X-Organisation-Id");
        }
        if operation.get("requestBody").is_some() {
            assert!(declares("400") && declares("413") && declares("415"), "{method} {path}: body refusals");
        }
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            assert!(declares("400"), "{method} {path}: parameter refusals");
            let schema = parameter["schema"].to_string();
            assert!(!schema.contains("\"null\""), "{method} {path}: {} cannot carry null", parameter["name"]);
        }
    }
}
