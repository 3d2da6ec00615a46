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
