//! Starts the real server on port 0 with a fresh database per test, on SQLite or PostgreSQL.

use std::net::TcpListener;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use rand::Rng;
use serde_json::{Value, json};
use tremplin::auth::{LoginGuard, LoginSettings, Tokens};
use tremplin::clock::Clock;
use tremplin::db::{DatabaseUrl, Db};
use tremplin::state::AppState;

/// Which store a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each listed `async fn name(backend: Backend)` once per backend, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[actix_web::test] async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })+
        }
        mod postgres {
            $(#[actix_web::test] async fn $name() { super::$name($crate::helpers::Backend::Postgres).await })+
        }
    };
}

/// The PostgreSQL server tests use; a missing server fails the tests, it never skips them.
///
/// Loopback tests connect without TLS: libpq's OpenSSL clean-up runs at process exit while the test servers'
/// pool threads still hold TLS connections, and glibc then aborts the finished test binary
/// (`malloc_consolidate(): invalid chunk size`), failing a green run at random.
fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned())
}

/// The same server and options, another database.
fn with_database(url: &str, name: &str) -> String {
    let (address, options) = url.split_once('?').map_or((url, None), |(a, o)| (a, Some(o)));
    let base = address.rsplit_once('/').map_or(address, |(base, _)| base);
    match options {
        Some(options) => format!("{base}/{name}?{options}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh database; dropped with the guard.
enum TestDatabase {
    /// The folder is deleted when the guard drops.
    Sqlite(#[expect(dead_code, reason = "held for its Drop")] tempfile::TempDir),
    Postgres {
        name: String,
    },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { name } = self
            && let Ok(mut admin) = PgConnection::establish(&pg_admin_url())
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

/// A running server and an HTTP client for it.
pub struct TestApp {
    pub base: String,
    /// The test database, for other processes.
    pub database_url: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The server's clock: tests move "today" forward with it.
    pub clock: Clock,
    server: actix_web::dev::ServerHandle,
    _database: TestDatabase,
}

pub const ADMIN: (&str, &str) = ("admin@demo.tremplin.fr", "DemoAdmin2026!");
pub const TRAINER: (&str, &str) = ("formation@demo.tremplin.fr", "DemoFormation2026!");
pub const FUNDER: (&str, &str) = ("financeur@demo.tremplin.fr", "DemoFinanceur2026!");
pub const COUNSELLOR: (&str, &str) = ("conseiller@demo.tremplin.fr", "DemoConseil2026!");

/// The token `/metrics` answers to in tests (unless [`Options::metrics_token`] says otherwise).
pub const METRICS_TOKEN: &str = "metrics-test-token";

/// How a test server differs from production defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Loads the demo organisations and accounts.
    pub demo: bool,
    /// `WEBHOOK_ALLOW_HTTP_LOOPBACK`: webhooks to local receivers.
    pub allow_http_loopback: bool,
    pub metrics_token: Option<&'static str>,
    /// Log-in protections (short locks, tight or loose limits).
    pub login: LoginSettings,
    /// The largest LHEO upload.
    pub lheo_import_max_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            demo: false,
            allow_http_loopback: false,
            metrics_token: Some(METRICS_TOKEN),
            login: LoginSettings::default(),
            lheo_import_max_bytes: tremplin::state::LHEO_IMPORT_MAX_BYTES,
        }
    }
}

impl Options {
    /// Demo data, and webhooks allowed to this machine's local receivers.
    pub fn demo_with_local_receivers() -> Self {
        Self { demo: true, allow_http_loopback: true, ..Self::default() }
    }
}

impl TestApp {
    /// A server on an empty, migrated database.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, Options::default()).await
    }

    /// A server whose database holds the demo organisations and accounts.
    pub async fn spawn_with_demo(backend: Backend) -> TestApp {
        Self::spawn_with(backend, Options { demo: true, ..Options::default() }).await
    }

    /// The demo data, and log-in protections set by the test.
    pub async fn spawn_with_demo_and_login(backend: Backend, login: LoginSettings) -> TestApp {
        Self::spawn_with(backend, Options { demo: true, login, ..Options::default() }).await
    }

    pub async fn spawn_with(backend: Backend, options: Options) -> TestApp {
        let suffix: u64 = rand::rng().random();
        let (url, database) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                (format!("sqlite://{}", dir.path().join("test.db").display()), TestDatabase::Sqlite(dir))
            }
            Backend::Postgres => {
                let name = format!("tremplin_test_{suffix:x}");
                let mut admin = PgConnection::establish(&pg_admin_url())
                    .unwrap_or_else(|e| panic!("PostgreSQL is required for these tests ({}): {e}", pg_admin_url()));
                admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
                (with_database(&pg_admin_url(), &name), TestDatabase::Postgres { name })
            }
        };
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let migrate = parsed.clone();
        actix_web::web::block(move || migrate.migrate()).await.unwrap().unwrap();
        let db = Db::connect(&parsed, 10).unwrap();
        let tokens = Tokens::new(b"test-secret-test-secret-test-secret!", 3600).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let static_dir = std::env::temp_dir();
        let clock = Clock::default();
        if options.demo {
            let (db, today) = (db.clone(), clock.today());
            actix_web::web::block(move || tremplin::demo::load_once(&mut db.get()?, today)).await.unwrap().unwrap();
        }
        let state = AppState {
            db: db.clone(),
            tokens,
            clock: clock.clone(),
            login: LoginGuard::new(&options.login),
            webhook_policy: tremplin::net_guard::Policy { allow_http_loopback: options.allow_http_loopback },
            metrics: tremplin::metrics::MetricsAccess::main_listener(options.metrics_token, false),
            public_url: base.clone(),
            lheo_import_max_bytes: options.lheo_import_max_bytes,
        };
        let server = tremplin::app::serve(state, static_dir, listener).unwrap();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            base,
            database_url: url,
            client: test_client(reqwest::Client::builder()),
            db,
            clock,
            server: handle,
            _database: database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, (email, password): (&str, &str)) -> String {
        let response = self.post_json("/api/auth/login", None, json!({"email": email, "password": password})).await;
        assert_eq!(response.status(), 200, "login of {email}");
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: Value) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// The id of a demo organisation by exact name.
    pub async fn organisation_id(&self, name: &str) -> i64 {
        let list: Value =
            self.get(&format!("/api/organisations?q={}", urlencode(name)), None).await.json().await.unwrap();
        list.as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting before the database is dropped.
        drop(self.server.stop(false));
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads a problem+json answer, checking its shape, and returns (status, body).
pub async fn problem(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"), "status {status}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["code"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    (status, body)
}

/// An approved user of the named demo organisation, created through sign-up and the platform's approval.
pub async fn member_of(app: &TestApp, organisation: &str, email: &str) -> String {
    let org = app.organisation_id(organisation).await;
    let password = "mot de passe de test";
    let body = json!({"email": email, "password": password, "full_name": "Membre de test", "organisation_id": org});
    let me: Value = app.post_json("/api/auth/signup", None, body).await.json().await.unwrap();
    let admin = app.login(ADMIN).await;
    let approve = format!("/api/organisations/{org}/memberships/{}/approve", me["id"]);
    assert_eq!(app.post_json(&approve, Some(&admin), json!({})).await.status(), 204);
    app.login((email, password)).await
}

/// A client whose connections come from `127.0.0.<n>`: the loopback network lets a test act as many hosts.
pub fn client_from(n: u8) -> reqwest::Client {
    test_client(reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, n])))
}

/// A client that lets go of an idle connection well before the server's keep-alive (5 s) closes it: reusing one
/// the server is closing at that very moment fails the request ("IncompleteMessage"), which a loaded machine,
/// slowing the rounds of a concurrency test down to that window, made frequent.
fn test_client(builder: reqwest::ClientBuilder) -> reqwest::Client {
    builder.pool_idle_timeout(std::time::Duration::from_secs(1)).build().unwrap()
}

/// `POST /api/auth/login` from `client`.
pub async fn log_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
    client.post(app.url("/api/auth/login")).json(&json!({"email": email, "password": password})).send().await.unwrap()
}
