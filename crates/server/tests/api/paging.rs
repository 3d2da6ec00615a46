//! Page numbers on every list: out of range or overflowing → 400 problem+json, never a 500 or a wrap.

use serde_json::Value;

use crate::helpers::{Backend, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(overflowing_or_out_of_range_page_numbers_are_refused_with_400_on_every_list);

const LISTS: [(&str, u32); 4] = [
    ("/api/applications", 100),
    ("/api/trainings", 100),
    ("/api/sessions", 100),
    ("/api/sessions/00512345/applications", 500),
];

async fn overflowing_or_out_of_range_page_numbers_are_refused_with_400_on_every_list(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    for (list, max_per_page) in LISTS {
        let bad = [
            "page=99999999999".to_owned(),
            "page=-1".to_owned(),
            "page=0".to_owned(),
            "page=1000001".to_owned(),
            // page × per_page overflows 32 bits: used to panic (debug) or wrap (release).
            "page=4294967295&per_page=100".to_owned(),
            "page=42949674&per_page=100".to_owned(),
            "per_page=-5".to_owned(),
            "per_page=0".to_owned(),
            format!("per_page={}", max_per_page + 1),
            "per_page=99999999999999999999".to_owned(),
        ];
        for query in bad {
            let response = app.get(&format!("{list}?{query}"), Some(&trainer)).await;
            let (status, body) = problem(response).await;
            assert_eq!(status, 400, "{list}?{query}: {body}");
        }
        let last_page = format!("{list}?page=1000000&per_page={max_per_page}");
        let response = app.get(&last_page, Some(&trainer)).await;
        assert_eq!(response.status(), 200, "{last_page}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["items"], serde_json::json!([]), "{last_page}: far beyond the end, empty");
        assert_eq!(page["page"], 1_000_000);
    }
    let (_, body) = problem(app.get("/api/trainings?page=0", Some(&trainer)).await).await;
    assert_eq!((body["code"].as_str(), body["errors"][0]["field"].as_str()), (Some("invalid_page"), Some("page")));
    let (_, body) = problem(app.get("/api/sessions?per_page=101", Some(&trainer)).await).await;
    assert_eq!(body["code"], "invalid_per_page");
}
