//! The read scenarios: the requests each screen sends, found through the API itself (lists, availability)
//! from the manifest's users, then replayed by the clients.

use std::sync::Arc;
use std::time::Instant;

use contract::{
    ApplicationListQuery, AvailabilityQuery, PeriodTab, SessionApplicationsQuery, SessionListQuery, Sort,
    TrainingListQuery,
};
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::training::TrainingTab;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::BenchError;
use crate::api::{Api, Auth, outcome_name};
use crate::load::{Sample, Walker};
use crate::manifest::Manifest;

/// Rows per page, as in the issue's measurements.
const PER_PAGE: u32 = 50;
/// Pages a client reads by following `next` (or the page number) before going to page 1 of its next list.
const PAGES_FOLLOWED: u32 = 5;

/// One request of a scenario.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: String,
    pub auth: Auth,
    /// Follow the answer's `next` cursor for a few pages.
    pub follow: bool,
    /// The status that counts as success (a web app that is not built answers its 503 at the ceiling).
    pub expect: StatusCode,
}

impl Target {
    fn new(path: String, auth: &Auth) -> Self {
        Self { path, auth: auth.clone(), follow: false, expect: StatusCode::OK }
    }

    fn paged(path: String, auth: &Auth) -> Self {
        Self { follow: true, ..Self::new(path, auth) }
    }
}

/// A named list of requests the clients go through in turn.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub targets: Arc<Vec<Target>>,
}

/// A client of a read scenario: each request in turn, following cursors on lists that have them.
pub struct Reader {
    api: Api,
    client: usize,
    targets: Arc<Vec<Target>>,
    next_target: usize,
    /// The list being paged through: its target, how to reach the next page and how many pages were read.
    cursor: Option<(usize, Follow, u32)>,
}

impl Reader {
    pub fn new(api: Api, client: usize, targets: Arc<Vec<Target>>) -> Self {
        // Clients start at different requests so they do not all read the same list at once.
        let next_target = client % targets.len().max(1);
        Self { api, client, targets, next_target, cursor: None }
    }
}

/// Where the next page is: the `next` cursor, or else the page number while `total` says there is more.
#[derive(Deserialize)]
struct NextPage {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    total: Option<u64>,
    #[serde(default)]
    per_page: Option<u64>,
}

/// How a client reaches the following page of a list.
enum Follow {
    Cursor(String),
    Page(u32),
}

impl NextPage {
    fn after(self, pages: u32) -> Option<Follow> {
        if let Some(cursor) = self.next {
            return Some(Follow::Cursor(cursor));
        }
        let (total, per_page) = (self.total?, self.per_page?);
        (u64::from(pages) * per_page < total).then_some(Follow::Page(pages + 1))
    }
}

impl Walker for Reader {
    async fn step(&mut self) -> Option<Sample> {
        let (index, path, pages) = match self.cursor.take() {
            Some((index, follow, pages)) => {
                let target = self.targets.get(index)?;
                let separator = if target.path.contains('?') { '&' } else { '?' };
                let query = match follow {
                    Follow::Cursor(cursor) => serde_urlencoded::to_string([("cursor", cursor)]).unwrap_or_default(),
                    Follow::Page(page) => format!("page={page}"),
                };
                (index, format!("{}{separator}{query}", target.path), pages)
            }
            None => {
                let index = self.next_target;
                self.next_target = (self.next_target + 1) % self.targets.len().max(1);
                (index, self.targets.get(index)?.path.clone(), 1)
            }
        };
        let target = self.targets.get(index)?;
        let started = Instant::now();
        let response = match self.api.get(self.client, &path, Some(&target.auth)).send().await {
            Ok(response) => response,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        let status = response.status();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        let sample = if status == target.expect {
            Sample::timed(started, status.as_u16().to_string(), None)
        } else {
            let outcome = outcome_name(status, &body);
            Sample::timed(started, outcome.clone(), Some(format!("GET {path}: {outcome}")))
        };
        if status == StatusCode::OK
            && target.follow
            && pages < PAGES_FOLLOWED
            && let Some(follow) = serde_json::from_slice::<NextPage>(&body).ok().and_then(|n| n.after(pages))
        {
            self.cursor = Some((index, follow, pages + 1));
        }
        Some(sample)
    }
}

/// What discovery found, written in the results so a run can be told apart from another.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Discovery {
    pub ceiling_path: String,
    pub ceiling_status: u16,
    /// Set when the web app is not built and the ceiling is its "not built" answer (still no database).
    pub ceiling_note: Option<String>,
    /// Whether lists answer a `next` cursor; otherwise the clients follow page numbers.
    pub cursor_pagination: bool,
    pub list_organisations: Vec<String>,
    pub prescribers: Vec<String>,
    pub export_session_reader: Option<String>,
}

/// The users of the read scenarios, logged in once.
pub struct Readers {
    pub organisations: Vec<Auth>,
    pub prescribers: Vec<Auth>,
}

impl Readers {
    pub async fn log_in(api: &Api, manifest: &Manifest) -> Result<Self, BenchError> {
        let mut organisations = Vec::new();
        for user in manifest.list_organisations() {
            organisations.push(api.log_in(manifest, user).await?);
        }
        let mut prescribers = Vec::new();
        for user in manifest.busy_prescribers(4) {
            prescribers.push(api.log_in(manifest, user).await?);
        }
        if organisations.is_empty() || prescribers.is_empty() {
            return Err(BenchError::Manifest("no training organisation or no prescriber to read as".to_owned()));
        }
        Ok(Self { organisations, prescribers })
    }
}

#[derive(Deserialize)]
struct ListPage<T> {
    items: Vec<T>,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
struct ApplicationItem {
    reference: String,
    candidate_name: String,
}

#[derive(Deserialize)]
struct SessionItem {
    reference: String,
}

#[derive(Deserialize)]
struct AvailableItem {
    department: String,
    commune: String,
    training_title: String,
}

fn query<T: Serialize>(path: &str, query: &T) -> String {
    match serde_urlencoded::to_string(query) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

fn list(per_page: u32) -> ApplicationListQuery {
    ApplicationListQuery { per_page: Some(per_page), ..ApplicationListQuery::default() }
}

/// The ceiling: a file of the web app, served from memory without the database.
pub async fn ceiling(api: &Api, discovery: &mut Discovery) -> Result<Scenario, BenchError> {
    for path in ["/style.css", "/index.html", "/"] {
        let response = api.get(0, path, None).send().await.map_err(|e| BenchError::Http(format!("GET {path}: {e}")))?;
        let status = response.status();
        if status == StatusCode::OK || (path == "/" && status == StatusCode::SERVICE_UNAVAILABLE) {
            discovery.ceiling_path = path.to_owned();
            discovery.ceiling_status = status.as_u16();
            if status != StatusCode::OK {
                discovery.ceiling_note = Some(
                    "web app not built (`make frontend`): the ceiling is its 503 \"not built\" answer, still without the database".to_owned(),
                );
            }
            let anonymous = Auth { email: String::new(), token: "".into(), organisation: None };
            let target = Target { path: path.to_owned(), auth: anonymous, follow: false, expect: status };
            return Ok(Scenario { name: CEILING.to_owned(), targets: Arc::new(vec![target]) });
        }
    }
    Err(BenchError::Http("no static file answers: is this a tremplin server?".to_owned()))
}

pub const CEILING: &str = "ceiling (static file)";

/// Every read scenario, in the order they run.
pub async fn scenarios(
    api: &Api,
    manifest: &Manifest,
    readers: &Readers,
    export_auth: Option<&Auth>,
    discovery: &mut Discovery,
) -> Result<Vec<Scenario>, BenchError> {
    let mut out = Vec::new();
    let mut push = |name: &str, targets: Vec<Target>| {
        if !targets.is_empty() {
            out.push(Scenario { name: name.to_owned(), targets: Arc::new(targets) });
        }
    };
    let health_auth = readers.organisations[0].clone();
    push("health (database ping)", vec![Target::new("/api/health".to_owned(), &health_auth)]);

    // Page 1 of each organisation: the cursor support, a surname to search, references to open.
    let mut surnames = Vec::new();
    let mut org_applications = Vec::new();
    for auth in &readers.organisations {
        let page: ListPage<ApplicationItem> = api.get_json(&query("/api/applications", &list(PER_PAGE)), auth).await?;
        discovery.cursor_pagination |= page.next.is_some();
        let surname = page.items.first().and_then(|i| i.candidate_name.split_whitespace().next().map(str::to_owned));
        surnames.push((auth.clone(), surname));
        org_applications
            .extend(page.items.into_iter().map(|i| Target::new(format!("/api/applications/{}", i.reference), auth)));
        discovery.list_organisations.push(auth.email.clone());
    }
    let orgs = &readers.organisations;
    let per_org = |make: &dyn Fn() -> ApplicationListQuery| -> Vec<Target> {
        orgs.iter().map(|auth| Target::paged(query("/api/applications", &make()), auth)).collect()
    };
    push("applications (org)", per_org(&|| list(PER_PAGE)));
    for (name, period) in [("current", PeriodTab::Current), ("finished", PeriodTab::Finished)] {
        push(
            &format!("applications period={name}"),
            per_org(&|| ApplicationListQuery { period: Some(period), ..list(PER_PAGE) }),
        );
    }
    for state in [
        ApplicationState::Pending,
        ApplicationState::Retained,
        ApplicationState::NotRetained,
        ApplicationState::NoDecisionSent,
        ApplicationState::RefusedSessionFull,
        ApplicationState::RefusedSessionCancelled,
    ] {
        let name = serde_plain(&state);
        push(
            &format!("applications state={name}"),
            per_org(&|| ApplicationListQuery { state: Some(state), ..list(PER_PAGE) }),
        );
    }
    for sort in [Sort::ReceivedDesc, Sort::ReceivedAsc, Sort::Candidate, Sort::SessionStart] {
        push(
            &format!("applications sort={}", serde_plain(&sort)),
            per_org(&|| ApplicationListQuery { sort: Some(sort), ..list(PER_PAGE) }),
        );
    }
    for role in SessionRole::ALL {
        let name = serde_plain(&role);
        push(
            &format!("applications role={name}"),
            per_org(&|| ApplicationListQuery { role: Some(role), ..list(PER_PAGE) }),
        );
    }
    let searches = surnames
        .iter()
        .filter_map(|(auth, surname)| {
            let q = ApplicationListQuery { q: surname.clone(), ..list(PER_PAGE) };
            surname.as_ref().map(|_| Target::paged(query("/api/applications", &q), auth))
        })
        .collect();
    push("applications search (surname)", searches);
    let numbered = orgs
        .iter()
        .flat_map(|auth| {
            (1..=10).map(move |page| {
                Target::new(
                    query("/api/applications", &ApplicationListQuery { page: Some(page), ..list(PER_PAGE) }),
                    auth,
                )
            })
        })
        .collect();
    push("applications page=1..10", numbered);
    let prescriber_lists = readers
        .prescribers
        .iter()
        .map(|auth| Target::paged(query("/api/applications", &list(PER_PAGE)), auth))
        .collect();
    push("applications (prescriber)", prescriber_lists);

    // A session's applications: the export session (the largest) and sessions of the largest organisation.
    let mut session_targets = Vec::new();
    let export = &manifest.export_session.reference;
    let mut sessions: Vec<(String, Auth)> = Vec::new();
    if let Some(auth) = export_auth {
        sessions.push((export.clone(), auth.clone()));
    }
    let first = &orgs[0];
    let listed: ListPage<SessionItem> = api
        .get_json(
            &query("/api/sessions", &SessionListQuery { per_page: Some(4), ..SessionListQuery::default() }),
            first,
        )
        .await?;
    sessions.extend(listed.items.into_iter().map(|s| (s.reference, first.clone())));
    for (reference, auth) in &sessions {
        let path = format!("/api/sessions/{reference}/applications");
        let all = SessionApplicationsQuery { per_page: Some(PER_PAGE), ..SessionApplicationsQuery::default() };
        session_targets.push(Target::paged(query(&path, &all), auth));
        for state in [ApplicationState::Pending, ApplicationState::Retained, ApplicationState::NoDecisionSent] {
            session_targets.push(Target::paged(
                query(&path, &SessionApplicationsQuery { state: Some(state), ..all.clone() }),
                auth,
            ));
        }
    }
    push("session applications (tabs)", session_targets);

    for (name, period) in [("current", PeriodTab::Current), ("finished", PeriodTab::Finished)] {
        let q = SessionListQuery { period: Some(period), per_page: Some(PER_PAGE), ..SessionListQuery::default() };
        push(
            &format!("sessions period={name}"),
            orgs.iter().map(|auth| Target::paged(query("/api/sessions", &q), auth)).collect(),
        );
    }
    let trainings = orgs
        .iter()
        .flat_map(|auth| {
            [
                TrainingTab::Alerts,
                TrainingTab::Published,
                TrainingTab::AwaitingValidation,
                TrainingTab::AwaitingPublication,
                TrainingTab::Archived,
                TrainingTab::Deleted,
            ]
            .into_iter()
            .map(move |tab| {
                let q = TrainingListQuery { tab: Some(tab), per_page: Some(PER_PAGE), ..TrainingListQuery::default() };
                Target::paged(query("/api/trainings", &q), auth)
            })
        })
        .collect();
    push("trainings (tabs)", trainings);

    // Availability as prescribers: all, then filters taken from what the unfiltered search shows.
    let prescribers = &readers.prescribers;
    let open: Vec<AvailableItem> = api.get_json("/api/availability", &prescribers[0]).await?;
    let pick = |i: usize| open.get(i * 7 % open.len().max(1));
    let availability = |make: &dyn Fn(usize) -> Option<AvailabilityQuery>| -> Vec<Target> {
        (0..prescribers.len() * 3)
            .filter_map(|i| {
                make(i).map(|q| Target::new(query("/api/availability", &q), &prescribers[i % prescribers.len()]))
            })
            .collect()
    };
    push("availability", availability(&|_| Some(AvailabilityQuery::default())));
    push(
        "availability department",
        availability(&|i| {
            pick(i)
                .map(|s| AvailabilityQuery { department: Some(s.department.clone()), ..AvailabilityQuery::default() })
        }),
    );
    push(
        "availability commune",
        availability(&|i| {
            pick(i).map(|s| AvailabilityQuery {
                commune: Some(s.commune.chars().take(5).collect()),
                ..AvailabilityQuery::default()
            })
        }),
    );
    push(
        "availability text",
        availability(&|i| {
            let word = pick(i)?.training_title.split_whitespace().max_by_key(|w| w.chars().count())?.to_owned();
            Some(AvailabilityQuery { q: Some(word), ..AvailabilityQuery::default() })
        }),
    );

    // The dashboard is the training organisations' screen (prescribers get a 403).
    let dashboards =
        orgs.iter().map(|auth| Target::new("/api/dashboard/application-counts".to_owned(), auth)).collect();
    push("dashboard", dashboards);
    push("application page (org)", org_applications);
    let mut prescriber_applications = Vec::new();
    for auth in prescribers {
        let page: ListPage<ApplicationItem> = api.get_json(&query("/api/applications", &list(PER_PAGE)), auth).await?;
        prescriber_applications
            .extend(page.items.into_iter().map(|i| Target::new(format!("/api/applications/{}", i.reference), auth)));
        discovery.prescribers.push(auth.email.clone());
    }
    push("application page (prescriber)", prescriber_applications);

    if !discovery.cursor_pagination {
        eprintln!("  lists answer no `next` cursor: clients follow page numbers instead");
    }
    Ok(out)
}

/// A user who may read the export session's applications: its trainer's (the platform admin reads the
/// session), else whichever listed organisation the server lets in.
pub async fn export_reader(
    api: &Api,
    manifest: &Manifest,
    readers: &Readers,
    discovery: &mut Discovery,
) -> Option<Auth> {
    let reference = &manifest.export_session.reference;
    let path = format!("/api/sessions/{reference}/applications?per_page=1");
    let mut candidates = Vec::new();
    if let Some(trainer) = export_trainer(api, manifest).await
        && let Some(user) = manifest.training_organisations.iter().find(|u| u.organisation_id == trainer)
        && let Ok(auth) = api.log_in(manifest, user).await
    {
        candidates.push(auth);
    }
    candidates.extend(readers.organisations.iter().cloned());
    if let Ok(auth) = api.log_in(manifest, &manifest.intake_organisation).await {
        candidates.push(auth);
    }
    for auth in candidates {
        if let Ok(response) = api.get(0, &path, Some(&auth)).send().await
            && response.status() == StatusCode::OK
        {
            discovery.export_session_reader = Some(auth.email.clone());
            return Some(auth);
        }
    }
    eprintln!("  no listed organisation may read the export session {reference}");
    None
}

/// The organisation id of the export session's trainer, as the platform admin reads it.
async fn export_trainer(api: &Api, manifest: &Manifest) -> Option<i64> {
    #[derive(Deserialize)]
    struct SessionOrganisations {
        trainer_organisation: contract::OrganisationRef,
    }
    let admin = api.log_in_as(manifest.platform_admin.as_deref()?, &manifest.password).await.ok()?;
    let path = format!("/api/sessions/{}", manifest.export_session.reference);
    let session: SessionOrganisations = api.get_json(&path, &admin).await.ok()?;
    Some(session.trainer_organisation.id)
}

/// An enum's name as it appears in a query string (`not_retained`).
fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(json: &str, pages: u32) -> Option<String> {
        serde_json::from_str::<NextPage>(json).unwrap().after(pages).map(|f| match f {
            Follow::Cursor(c) => format!("cursor {c}"),
            Follow::Page(p) => format!("page {p}"),
        })
    }

    #[test]
    fn clients_follow_the_cursor_else_the_page_numbers_while_rows_remain() {
        assert_eq!(next(r#"{"items": [], "next": "abc", "total": 10, "per_page": 50}"#, 1), Some("cursor abc".into()));
        assert_eq!(next(r#"{"items": [], "total": 120, "per_page": 50}"#, 2), Some("page 3".into()));
        assert_eq!(next(r#"{"items": [], "total": 100, "per_page": 50}"#, 2), None);
        assert_eq!(next(r#"{"items": [], "next": null}"#, 1), None);
    }
}
