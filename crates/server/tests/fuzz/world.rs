//! One run: a fresh server with the demo data, the fuzz actors and sessions, and how each step is sent.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, FUNDER, TRAINER, TestApp, member_of};
use crate::ops::{BatchKind, Change, Draft, Op, Who};

/// A session made for the run.
pub struct FuzzSession {
    pub reference: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The organisation giving the decisions (R-ACC-3: the positioner, else the trainer).
    pub decider: Who,
    /// Training organisations with a role on it; others must not see its applications.
    pub parties: Vec<Who>,
}

/// An application the run created.
pub struct FuzzApplication {
    pub reference: String,
    pub session: usize,
    pub by: Who,
}

/// One HTTP answer, as the checks need it.
pub struct Answer {
    pub step: String,
    pub status: u16,
    pub problem_code: Option<String>,
    pub problem_json: bool,
    /// What the model knows this answer must be (tenancy), if anything.
    pub expected_status: Option<u16>,
}

pub struct World {
    pub app: TestApp,
    tokens: HashMap<Who, String>,
    pub sessions: Vec<FuzzSession>,
    pub applications: Vec<FuzzApplication>,
    etags: HashMap<usize, String>,
    pub jobs_failures: Vec<String>,
    /// Concurrent edit rounds so far (distinct comments).
    edits: u32,
}

const PEOPLE: [&str; 8] = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"];

fn candidate(person: u8) -> Value {
    let name = PEOPLE[usize::from(person) % PEOPLE.len()];
    // Two people share each name but not their birth date: the identity is name and birth date.
    let born = if person.is_multiple_of(2) { "1991-04-12" } else { "1987-11-30" };
    json!({"last_name": name, "first_name": "Camille", "birth_date": born,
        "email": format!("{}{person}@example.org", name.to_lowercase()), "phone": "06 12 34 56 78",
        "postcode": "24000", "city": "Périgueux", "employment_situation": "Demandeur d'emploi",
        "education_level": "CAP", "last_diploma": "CAP"})
}

impl World {
    pub async fn start(backend: Backend) -> World {
        let app = TestApp::spawn_with_demo(backend).await;
        let mut tokens = HashMap::new();
        tokens.insert(Who::TrainerA, app.login(TRAINER).await);
        tokens.insert(Who::FranceTravail, app.login(COUNSELLOR).await);
        tokens.insert(Who::Funder, app.login(FUNDER).await);
        tokens.insert(Who::Platform, app.login(ADMIN).await);
        tokens.insert(Who::TrainerB, member_of(&app, "Atelier Formation Agenais", "b@fuzz.example.org").await);
        tokens.insert(
            Who::MissionLocale,
            member_of(&app, "Mission Locale du Grand Périgueux", "ml@fuzz.example.org").await,
        );
        let mut world = World {
            app,
            tokens,
            sessions: Vec::new(),
            applications: Vec::new(),
            etags: HashMap::new(),
            jobs_failures: Vec::new(),
            edits: 0,
        };
        world.create_offer().await;
        world
    }

    fn today(&self) -> NaiveDate {
        self.app.clock.today()
    }

    fn day(&self, offset: i64) -> NaiveDate {
        let today = self.today();
        if offset >= 0 { today + Days::new(offset.unsigned_abs()) } else { today - Days::new(offset.unsigned_abs()) }
    }

    async fn create_offer(&mut self) {
        let a = self.app.organisation_id("Forma'Bois Périgord").await;
        let b = self.app.organisation_id("Atelier Formation Agenais").await;
        let funder = self.app.organisation_id("France Travail Nouvelle-Aquitaine").await;
        // (start, end, registration, late entry, capacity, coefficient, positioner is B)
        let of_a = [(10, 60, 5, 20, 2, 2, false), (3, 30, 1, 10, 3, 1, false), (15, 45, 10, 25, 1, 3, true)];
        let of_b = [(7, 40, 5, 15, 2, 2, false)];
        for (responsible, plan) in [(a, &of_a[..]), (b, &of_b[..])] {
            let sessions: Vec<Value> = plan
                .iter()
                .map(|&(start, end, registration, late, capacity, coefficient, positioned_by_b)| {
                    json!({"start_date": self.day(start), "end_date": self.day(end),
                        "registration_deadline": self.day(registration), "late_entry_deadline": self.day(late),
                        "department": "24", "commune": "Périgueux", "trainer_organisation_id": responsible,
                        "positioner_organisation_id": positioned_by_b.then_some(b),
                        "capacity": capacity, "coefficient": coefficient})
                })
                .collect();
            let body = json!({"title": "[POEC] Agent de fabrication", "funder_organisation_id": funder,
                "contract_number": "FUZZ-1", "scheme": "POEC", "measure": "POEC",
                "responsible_organisation_id": responsible, "publish": true, "sessions": sessions});
            let response = self.app.post_json("/api/trainings", Some(&self.tokens[&Who::Platform]), body).await;
            assert_eq!(response.status(), 201, "fuzz offer");
            let created: Value = response.json().await.unwrap_or_default();
            for (index, plan) in plan.iter().enumerate() {
                let trainer = if responsible == a { Who::TrainerA } else { Who::TrainerB };
                let positioned_by_b = plan.6;
                self.sessions.push(FuzzSession {
                    reference: created["sessions"][index]["reference"].as_str().unwrap_or_default().to_owned(),
                    start: self.day(plan.0),
                    end: self.day(plan.1),
                    decider: if positioned_by_b { Who::TrainerB } else { trainer },
                    parties: if positioned_by_b { vec![Who::TrainerA, Who::TrainerB] } else { vec![trainer] },
                });
            }
        }
    }

    fn token(&self, who: Who) -> &str {
        &self.tokens[&who]
    }

    fn session_index(&self, index: u8) -> usize {
        usize::from(index) % self.sessions.len()
    }

    fn application_index(&self, index: u8) -> Option<usize> {
        (!self.applications.is_empty()).then(|| usize::from(index) % self.applications.len())
    }

    async fn answer(step: String, response: reqwest::Response, expected_status: Option<u16>) -> (Answer, Value) {
        let status = response.status().as_u16();
        let problem_json = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/problem+json"));
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let problem_code = body["code"].as_str().map(str::to_owned);
        (Answer { step, status, problem_code, problem_json, expected_status }, body)
    }

    /// Runs one step and returns every HTTP answer it got.
    pub async fn run(&mut self, op: &Op) -> Vec<Answer> {
        match op {
            Op::Apply { by, session, person, key } => {
                let session = self.session_index(*session);
                vec![self.apply(*by, session, *person, *key).await]
            }
            Op::Burst { by, session, first_person, count } => {
                let session = self.session_index(*session);
                let sends =
                    (0..*count).map(|n| self.send_application(*by, session, first_person.wrapping_add(n), None));
                let answers = join_all(sends).await;
                let mut out = Vec::new();
                for (answer, body) in answers {
                    self.remember(session, *by, &answer, &body);
                    out.push(answer);
                }
                out
            }
            Op::SaveDraft { by, application, draft } => {
                let Some(index) = self.application_index(*application) else { return Vec::new() };
                let by = by.unwrap_or(self.sessions[self.applications[index].session].decider);
                vec![self.save_draft(by, index, *draft).await]
            }
            Op::Decide { by, application, draft } => {
                let Some(index) = self.application_index(*application) else { return Vec::new() };
                let by = by.unwrap_or(self.sessions[self.applications[index].session].decider);
                vec![self.save_draft(by, index, *draft).await, self.validate(by, index).await]
            }
            Op::Validate { by, application } => {
                let Some(index) = self.application_index(*application) else { return Vec::new() };
                let by = by.unwrap_or(self.sessions[self.applications[index].session].decider);
                vec![self.validate(by, index).await]
            }
            Op::ValidateRace { application, count, draft } => {
                let Some(index) = self.application_index(*application) else { return Vec::new() };
                let by = self.sessions[self.applications[index].session].decider;
                let mut answers = vec![self.save_draft(by, index, *draft).await];
                answers.extend(join_all((0..*count).map(|_| self.validate(by, index))).await);
                answers
            }
            Op::Batch { by, session, applications, kind } => {
                let session = self.session_index(*session);
                let by = by.unwrap_or(self.sessions[session].decider);
                vec![self.batch(by, session, applications, *kind).await]
            }
            Op::EditSession { by, session, change, fresh } => {
                let session = self.session_index(*session);
                if *fresh || !self.etags.contains_key(&session) {
                    self.refresh_etag(session).await;
                }
                vec![self.edit(*by, session, *change).await]
            }
            Op::EditRace { session, count } => {
                let session = self.session_index(*session);
                self.refresh_etag(session).await;
                self.edits += 1;
                let changes = (0..u32::from(*count)).map(|n| Change::DistinctComment(self.edits * 100 + n));
                let answers = join_all(changes.map(|change| self.edit(Who::Funder, session, change))).await;
                let accepted = answers.iter().filter(|a| a.status == 200).count();
                let mut answers = answers;
                if accepted > 1 {
                    answers.push(Answer {
                        step: format!("{accepted} concurrent edits with one ETag were all accepted"),
                        status: 200,
                        problem_code: None,
                        problem_json: false,
                        expected_status: Some(412),
                    });
                }
                answers
            }
            Op::Cancel { by, session } => {
                let session = self.session_index(*session);
                let path = format!("/api/sessions/{}/cancel", self.sessions[session].reference);
                let response = self.app.post_json(&path, Some(self.token(*by)), json!({})).await;
                vec![Self::answer(format!("POST {path}"), response, None).await.0]
            }
            Op::Read { by, application } => {
                let Some(index) = self.application_index(*application) else { return Vec::new() };
                let application = &self.applications[index];
                let session = &self.sessions[application.session];
                let outsider = (by.is_prescriber() && *by != application.by)
                    || (matches!(by, Who::TrainerA | Who::TrainerB) && !session.parties.contains(by));
                let path = format!("/api/applications/{}", application.reference);
                let response = self.app.get(&path, Some(self.token(*by))).await;
                vec![Self::answer(format!("GET {path} as {by:?}"), response, outsider.then_some(404)).await.0]
            }
            Op::List { by } => vec![self.list(*by).await],
            Op::RunJobs => {
                let (db, today) = (self.app.db.clone(), self.today());
                let retention = domain::retention::Retention::default();
                let report = actix_web::web::block(move || {
                    tremplin::jobs::run_due(&db, today, retention, "http://tremplin.test")
                })
                .await
                .unwrap();
                self.jobs_failures.extend(report.failures);
                Vec::new()
            }
            Op::Advance { days } => {
                self.app.clock.advance_days(i64::from(*days));
                Vec::new()
            }
        }
    }

    /// The caller's application list; an application of this run it may not see makes the answer wrong.
    async fn list(&self, by: Who) -> Answer {
        let path = "/api/applications?per_page=100";
        let (mut answer, body) =
            Self::answer(format!("GET {path} as {by:?}"), self.app.get(path, Some(self.token(by))).await, None).await;
        let items = body["items"].as_array().cloned().unwrap_or_default();
        for item in items {
            let Some(seen) = self.applications.iter().find(|a| item["reference"] == a.reference.as_str()) else {
                continue;
            };
            let allowed = match by {
                Who::FranceTravail | Who::MissionLocale => seen.by == by,
                Who::TrainerA | Who::TrainerB => self.sessions[seen.session].parties.contains(&by),
                Who::Funder | Who::Platform => true,
            };
            if !allowed {
                answer.step = format!("{} lists {} of {:?}", answer.step, seen.reference, seen.by);
                answer.expected_status = Some(404);
            }
        }
        answer
    }

    async fn send_application(&self, by: Who, session: usize, person: u8, key: Option<u8>) -> (Answer, Value) {
        let path = format!("/api/sessions/{}/applications", self.sessions[session].reference);
        let body = json!({"candidate": candidate(person), "presentation": "Projet validé, permis B."});
        let mut request = self.app.client.post(self.app.url(&path)).bearer_auth(self.token(by)).json(&body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", format!("fuzz-key-{key}"));
        }
        Self::answer(format!("POST {path} person {person}"), request.send().await.unwrap(), None).await
    }

    async fn apply(&mut self, by: Who, session: usize, person: u8, key: Option<u8>) -> Answer {
        let (answer, body) = self.send_application(by, session, person, key).await;
        self.remember(session, by, &answer, &body);
        answer
    }

    fn remember(&mut self, session: usize, by: Who, answer: &Answer, body: &Value) {
        let Some(reference) = body["reference"].as_str() else { return };
        if answer.status == 201 && !self.applications.iter().any(|a| a.reference == reference) {
            self.applications.push(FuzzApplication { reference: reference.to_owned(), session, by });
        }
    }

    fn draft_body(&self, index: usize, draft: Draft) -> Value {
        let session = &self.sessions[self.applications[index].session];
        let on = |days: i8| self.day(i64::from(days));
        match draft {
            Draft::Planned { days } => json!({"invites": [{"date": on(days)}]}),
            Draft::Recruited { days } => json!({"invites": [{"date": on(days), "result": "present"}],
                "recruited": true, "entry_date": session.start, "exit_date": session.end, "weekly_hours": 35.0}),
            Draft::Refused { days } => json!({"invites": [{"date": on(days), "result": "present"}],
                "recruited": false, "refusal_reason": "prerequisites_not_met", "refusal_detail": "Permis requis"}),
            Draft::Unexcused { days } => json!({"invites": [{"date": on(days), "result": "unexcused_absence"}]}),
            Draft::ExcusedThenPresent { days } => json!({"invites": [
                {"date": on(days.saturating_sub(2)), "result": "excused_absence"},
                {"date": on(days), "result": "present"}]}),
        }
    }

    async fn save_draft(&self, by: Who, index: usize, draft: Draft) -> Answer {
        let body = self.draft_body(index, draft);
        let path = format!("/api/applications/{}/decision", self.applications[index].reference);
        let response = self.app.client.put(self.app.url(&path)).bearer_auth(self.token(by)).json(&body).send().await;
        Self::answer(format!("PUT {path} as {by:?}"), response.unwrap(), None).await.0
    }

    async fn validate(&self, by: Who, index: usize) -> Answer {
        let path = format!("/api/applications/{}/decision/validate", self.applications[index].reference);
        let response = self.app.post_json(&path, Some(self.token(by)), json!({})).await;
        Self::answer(format!("POST {path} as {by:?}"), response, None).await.0
    }

    async fn batch(&self, by: Who, session: usize, picks: &[u8], kind: BatchKind) -> Answer {
        let own: Vec<&FuzzApplication> = self.applications.iter().filter(|a| a.session == session).collect();
        let references: Vec<String> = picks
            .iter()
            .map(|&pick| match own.get(usize::from(pick)) {
                Some(application) => application.reference.clone(),
                // Past the session's own: another session's application, or an unknown reference.
                None => self
                    .applications
                    .get(usize::from(pick) % self.applications.len().max(1))
                    .map_or_else(|| "0000000001".to_owned(), |a| a.reference.clone()),
            })
            .collect();
        let action = match kind {
            BatchKind::InviteDate { days } => json!({"type": "set_invite_date", "date": self.day(i64::from(days))}),
            BatchKind::Present => json!({"type": "set_invite_result", "result": "present"}),
            BatchKind::NotRetained => {
                json!({"type": "not_retained", "reason": "candidate_withdrew", "detail": "Désistement"})
            }
        };
        let path = format!("/api/sessions/{}/applications/batch", self.sessions[session].reference);
        let body = json!({"references": references, "action": action});
        let response = self.app.post_json(&path, Some(self.token(by)), body).await;
        Self::answer(format!("POST {path} as {by:?}"), response, None).await.0
    }

    async fn refresh_etag(&mut self, session: usize) {
        let path = format!("/api/sessions/{}", self.sessions[session].reference);
        let response = self.app.get(&path, Some(self.token(Who::Funder))).await;
        if let Some(etag) = response.headers().get("etag").and_then(|v| v.to_str().ok()) {
            self.etags.insert(session, etag.to_owned());
        }
    }

    async fn edit(&self, by: Who, session: usize, change: Change) -> Answer {
        let body = match change {
            Change::Capacity(capacity) => json!({"capacity": capacity}),
            Change::Coefficient(coefficient) => json!({"coefficient": coefficient}),
            Change::PostponeStart(days) => {
                json!({"start_date": self.sessions[session].start + Days::new(u64::from(days))})
            }
            Change::Comment => json!({"comment": "Modifié par le fuzzer"}),
            Change::DistinctComment(n) => json!({"comment": format!("Modification concurrente {n}")}),
        };
        let path = format!("/api/sessions/{}", self.sessions[session].reference);
        let mut request = self.app.client.patch(self.app.url(&path)).bearer_auth(self.token(by)).json(&body);
        if let Some(etag) = self.etags.get(&session) {
            request = request.header("If-Match", etag);
        }
        Self::answer(format!("PATCH {path} as {by:?} {change:?}"), request.send().await.unwrap(), None).await.0
    }
}
