//! Settings read from the environment (API.md § Server), with defaults that work on a fresh clone.

use std::path::{Path, PathBuf};

use rand::RngCore;

use crate::db::{BackendKind, DatabaseUrl, DbSetupError};

/// Everything `tremplin serve` needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: String,
    pub jwt_secret: Vec<u8>,
    /// Lifetime of an access token.
    pub token_ttl_seconds: i64,
    /// Where the built web app lives (`frontend/dist`).
    pub static_dir: PathBuf,
    pub pool_size: u32,
    /// How often `serve` runs the due background jobs.
    pub jobs_interval: std::time::Duration,
    /// France Travail's KAIROS endpoint (R-AVIS-7) and the secret its deliveries are signed with.
    pub kairos_url: Option<String>,
    pub kairos_secret: Option<String>,
    pub retry: crate::forwarder::RetryPolicy,
    /// How often `serve` delivers the outbox.
    pub outbox_interval: std::time::Duration,
    /// How long a forwarder keeps the messages it claimed; a crashed instance's claims free up after it.
    pub outbox_lease: std::time::Duration,
    /// How long candidates' personal data is kept after their session ends (R-GDPR-2).
    pub retention: domain::retention::Retention,
    /// Where webhooks may point (`WEBHOOK_ALLOW_HTTP_LOOPBACK`).
    pub webhook_policy: crate::net_guard::Policy,
    /// `METRICS_TOKEN`: the bearer token Prometheus sends; unset, `/metrics` answers 404.
    pub metrics_token: Option<String>,
    /// `METRICS_BIND`: a separate address serving `/metrics` only (then not served on `bind`).
    pub metrics_bind: Option<String>,
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("cannot read or write the JWT secret file {path}: {source}")]
    Secret { path: String, source: std::io::Error },
    #[error("HTTP client: {0}")]
    Http(String),
    #[error("{name} is not a valid number: {value:?}")]
    Number { name: &'static str, value: String },
    #[error("{name} must be true or false, not {value:?}")]
    Flag { name: &'static str, value: String },
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tremplin.db";

impl Config {
    /// Reads the environment. `JWT_SECRET` absent → a random secret kept beside the data (the SQLite file's
    /// folder, or `data/`), so tokens survive a restart and several instances can share it by file or variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned());
        let database = DatabaseUrl::parse(&url)?;
        let jwt_secret = match std::env::var("JWT_SECRET") {
            Ok(secret) if !secret.is_empty() => secret.into_bytes(),
            _ => load_or_create_secret(&data_dir(&database).join("jwt_secret"))?,
        };
        Ok(Self {
            bind: std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned()),
            token_ttl_seconds: number("TOKEN_TTL_SECONDS", 8 * 3600)?,
            static_dir: std::env::var("STATIC_DIR").map_or_else(|_| PathBuf::from("frontend/dist"), PathBuf::from),
            pool_size: u32::try_from(number("DATABASE_POOL_SIZE", 10)?)
                .map_err(|_| ConfigError::Number { name: "DATABASE_POOL_SIZE", value: "out of range".into() })?,
            jobs_interval: millis("JOBS_INTERVAL_SECONDS", 3600)?.saturating_mul(1000),
            kairos_url: std::env::var("KAIROS_URL").ok().filter(|u| !u.trim().is_empty()),
            kairos_secret: std::env::var("KAIROS_SECRET").ok().filter(|s| !s.is_empty()),
            retry: crate::forwarder::RetryPolicy {
                max_attempts: u32::try_from(number("OUTBOX_MAX_ATTEMPTS", 10)?.clamp(1, 1000)).unwrap_or(10),
                base: millis("OUTBOX_BASE_DELAY_MS", 2_000)?,
                cap: millis("OUTBOX_MAX_DELAY_MS", 3_600_000)?,
            },
            outbox_interval: millis("OUTBOX_INTERVAL_MS", 1_000)?,
            outbox_lease: millis("OUTBOX_LEASE_SECONDS", 60)?.saturating_mul(1000),
            retention: domain::retention::Retention::months(number("RETENTION_MONTHS", 24)?)
                .map_err(|e| ConfigError::Number { name: "RETENTION_MONTHS", value: e.received.to_string() })?,
            webhook_policy: crate::net_guard::Policy {
                allow_http_loopback: flag("WEBHOOK_ALLOW_HTTP_LOOPBACK", false)?,
            },
            metrics_token: std::env::var("METRICS_TOKEN").ok().filter(|t| !t.trim().is_empty()),
            metrics_bind: std::env::var("METRICS_BIND").ok().filter(|b| !b.trim().is_empty()),
            database,
            jwt_secret,
        })
    }
}

fn millis(name: &'static str, default: i64) -> Result<std::time::Duration, ConfigError> {
    let value = number(name, default)?;
    u64::try_from(value.max(1))
        .map(std::time::Duration::from_millis)
        .map_err(|_| ConfigError::Number { name, value: value.to_string() })
}

fn flag(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match std::env::var(name) {
        Ok(value) => match value.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            _ => Err(ConfigError::Flag { name, value }),
        },
        Err(_) => Ok(default),
    }
}

fn number(name: &'static str, default: i64) -> Result<i64, ConfigError> {
    match std::env::var(name) {
        Ok(value) => value.trim().parse().map_err(|_| ConfigError::Number { name, value }),
        Err(_) => Ok(default),
    }
}

/// The folder holding local state: the SQLite file's folder, or `data/` for PostgreSQL.
pub fn data_dir(database: &DatabaseUrl) -> PathBuf {
    match database.kind {
        BackendKind::Sqlite => Path::new(&database.target)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        BackendKind::Postgres => PathBuf::from("data"),
    }
}

fn load_or_create_secret(path: &Path) -> Result<Vec<u8>, ConfigError> {
    let io = |source| ConfigError::Secret { path: path.display().to_string(), source };
    match std::fs::read(path) {
        Ok(secret) if secret.len() >= 32 => return Ok(secret),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(path, secret.as_bytes()).map_err(io)?;
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents)
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

impl Config {
    /// The outbox forwarder these settings describe.
    pub fn forwarder(&self, db: crate::db::Db) -> Result<crate::forwarder::Forwarder, ConfigError> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .user_agent(concat!("tremplin/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConfigError::Http(e.to_string()))?;
        let webhooks = crate::forwarder::WebhookDelivery::new(self.webhook_policy)
            .map_err(|e| ConfigError::Http(e.to_string()))?;
        Ok(crate::forwarder::Forwarder {
            db,
            client,
            webhooks,
            kairos_url: self.kairos_url.clone(),
            kairos_secret: self.kairos_secret.clone(),
            policy: self.retry,
            lease: self.outbox_lease,
            batch: 50,
        })
    }
}
