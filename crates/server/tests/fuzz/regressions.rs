//! Sequences that once broke an invariant, replayed on both backends. Add each one the fuzzer finds, as it
//! printed it, with a name saying what broke.

pub const SEQUENCES: &[(&str, &str)] = &[
    // A batch naming one application five times moved the session's counters five times: a full session
    // then took more pending applications than its quota (found by hand before the fuzzer existed).
    (
        "batch_repeating_a_reference_frees_one_place",
        r#"[
        {"Burst":{"by":"FranceTravail","session":0,"first_person":0,"count":4}},
        {"Batch":{"by":null,"session":0,"applications":[0,0,0,0,0],"kind":"NotRetained"}},
        {"Burst":{"by":"MissionLocale","session":0,"first_person":8,"count":5}}
    ]"#,
    ),
];
