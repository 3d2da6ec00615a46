//! Settings read from the environment (API.md § Server), with defaults that work on a fresh clone.

use std::path::{Path, PathBuf};

use rand::RngCore;

use crate::auth::LoginSettings;
use crate::auth::client_ip::TrustedProxies;
use crate::auth::limits::PerMinute;
use crate::db::{BackendKind, DatabaseUrl, DbSetupError};

/// Everything `tremplin serve` needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: String,
    pub jwt_secret: Vec<u8>,
    /// Lifetime of an access token.
    pub token_ttl_seconds: i64,
    /// `STATIC_DIR`: a built web app to serve instead of the one embedded in the binary (development).
    pub static_dir: Option<PathBuf>,
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
    /// Rate limits, hashing concurrency and lockout of the authentication routes.
    pub login: LoginSettings,
    /// `SMTP_URL`: the server e-mail leaves through; unset, messages wait in the outbox.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: the sender of every message.
    pub mail_from: String,
    /// `PUBLIC_URL`: where users reach the web app (links in e-mail, host of the `Message-ID`s).
    pub public_url: String,
    /// `LHEO_IMPORT_MAX_BYTES`: the largest LHEO file an upload or `tremplin lheo import` accepts.
    pub lheo_import_max_bytes: usize,
    /// `SLOW_QUERY_MS`: statements running longer are logged (SQL only); unset, none is.
    pub slow_query: Option<std::time::Duration>,
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
    #[error(
        "JWT_SECRET is {length} bytes long; it must be at least {MIN_JWT_SECRET_BYTES} (e.g. `openssl rand -hex 32`)"
    )]
    WeakSecret { length: usize },
    #[error("{0}")]
    Proxies(String),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailSetupError),
}

/// The shortest `JWT_SECRET` accepted: HS256 keys shorter than its 256-bit output weaken it (RFC 7518 §3.2).
pub(crate) const MIN_JWT_SECRET_BYTES: usize = 32;

pub(crate) const DEFAULT_DATABASE_URL: &str = "sqlite://data/tremplin.db";

impl Config {
    /// Reads the environment. `JWT_SECRET` absent → a random secret kept beside the data (the SQLite file's
    /// folder, or `data/`), so tokens survive a restart and several instances can share it by file or variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings from `lookup` (the environment, or a test's table).
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let settings = Settings(&lookup);
        let url = lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let database = DatabaseUrl::parse(&url)?;
        let jwt_secret = match lookup("JWT_SECRET") {
            Some(secret) if !secret.is_empty() => strong_secret(secret.into_bytes())?,
            _ => load_or_create_secret(&data_dir(&database).join("jwt_secret"))?,
        };
        let bind = lookup("BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let public_url = lookup("PUBLIC_URL")
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_owned();
        let smtp_url = lookup("SMTP_URL").filter(|u| !u.trim().is_empty());
        let mail_from = lookup("MAIL_FROM")
            .filter(|f| !f.trim().is_empty())
            .unwrap_or_else(|| "Tremplin <ne-pas-repondre@localhost>".to_owned());
        // Bad mail settings stop the start, not the first delivery hours later.
        crate::mail::public_host(&public_url)?;
        if let Some(smtp_url) = &smtp_url {
            crate::mail::MailDelivery::new(smtp_url, &mail_from, &public_url)?;
        }
        Ok(Self {
            bind,
            smtp_url,
            mail_from,
            public_url,
            token_ttl_seconds: settings.number("TOKEN_TTL_SECONDS", 8 * 3600)?,
            static_dir: lookup("STATIC_DIR").filter(|d| !d.trim().is_empty()).map(PathBuf::from),
            pool_size: u32::try_from(settings.number("DATABASE_POOL_SIZE", 10)?)
                .map_err(|_| ConfigError::Number { name: "DATABASE_POOL_SIZE", value: "out of range".into() })?,
            jobs_interval: settings.millis("JOBS_INTERVAL_SECONDS", 3600)?.saturating_mul(1000),
            kairos_url: lookup("KAIROS_URL").filter(|u| !u.trim().is_empty()),
            kairos_secret: lookup("KAIROS_SECRET").filter(|s| !s.is_empty()),
            retry: crate::forwarder::RetryPolicy {
                max_attempts: u32::try_from(settings.number("OUTBOX_MAX_ATTEMPTS", 10)?.clamp(1, 1000)).unwrap_or(10),
                base: settings.millis("OUTBOX_BASE_DELAY_MS", 2_000)?,
                cap: settings.millis("OUTBOX_MAX_DELAY_MS", 3_600_000)?,
            },
            outbox_interval: settings.millis("OUTBOX_INTERVAL_MS", 1_000)?,
            outbox_lease: settings.millis("OUTBOX_LEASE_SECONDS", 60)?.saturating_mul(1000),
            retention: domain::retention::Retention::months(settings.number("RETENTION_MONTHS", 24)?)
                .map_err(|e| ConfigError::Number { name: "RETENTION_MONTHS", value: e.received.to_string() })?,
            webhook_policy: crate::net_guard::Policy {
                allow_http_loopback: settings.flag("WEBHOOK_ALLOW_HTTP_LOOPBACK", false)?,
            },
            lheo_import_max_bytes: usize::try_from(settings.number(
                "LHEO_IMPORT_MAX_BYTES",
                i64::try_from(crate::state::LHEO_IMPORT_MAX_BYTES).unwrap_or(i64::MAX),
            )?)
            .map_err(|_| ConfigError::Number { name: "LHEO_IMPORT_MAX_BYTES", value: "out of range".into() })?,
            slow_query: settings.optional_millis("SLOW_QUERY_MS")?,
            metrics_token: lookup("METRICS_TOKEN").filter(|t| !t.trim().is_empty()),
            metrics_bind: lookup("METRICS_BIND").filter(|b| !b.trim().is_empty()),
            login: login_settings(&settings, &lookup)?,
            database,
            jwt_secret,
        })
    }
}

/// HS256 with a short key can be brute-forced offline from one token: refuse it rather than run with it.
fn strong_secret(secret: Vec<u8>) -> Result<Vec<u8>, ConfigError> {
    if secret.len() < MIN_JWT_SECRET_BYTES {
        return Err(ConfigError::WeakSecret { length: secret.len() });
    }
    Ok(secret)
}

fn login_settings(
    settings: &Settings<'_, impl Fn(&str) -> Option<String>>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<LoginSettings, ConfigError> {
    let defaults = LoginSettings::default();
    let lockout = domain::lockout::LockoutPolicy {
        failures_before_lock: settings.count("LOGIN_LOCK_AFTER_FAILURES", defaults.lockout.failures_before_lock)?,
        first_lock_seconds: settings.count("LOGIN_LOCK_FIRST_SECONDS", defaults.lockout.first_lock_seconds)?,
        max_lock_seconds: settings.count("LOGIN_LOCK_MAX_SECONDS", defaults.lockout.max_lock_seconds)?,
        forget_after_seconds: defaults.lockout.forget_after_seconds,
    };
    let trusted_proxies = TrustedProxies::parse(&lookup("TRUSTED_PROXIES").unwrap_or_default())
        .map_err(|e| ConfigError::Proxies(e.to_string()))?;
    Ok(LoginSettings {
        per_ip: PerMinute::at_least_one(settings.count("LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", defaults.per_ip.0.get())?),
        per_account: PerMinute::at_least_one(
            settings.count("LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE", defaults.per_account.0.get())?,
        ),
        hash_concurrency: settings.count("PASSWORD_HASH_CONCURRENCY", defaults.hash_concurrency)?,
        hash_queue: settings.count("PASSWORD_HASH_QUEUE", defaults.hash_queue)?,
        lockout,
        trusted_proxies,
    })
}

/// Numbers read through one lookup.
struct Settings<'a, L>(&'a L);

impl<L: Fn(&str) -> Option<String>> Settings<'_, L> {
    fn millis(&self, name: &'static str, default: i64) -> Result<std::time::Duration, ConfigError> {
        let value = self.number(name, default)?;
        u64::try_from(value.max(1))
            .map(std::time::Duration::from_millis)
            .map_err(|_| ConfigError::Number { name, value: value.to_string() })
    }

    /// A duration that is off when unset or empty; `0` means every time.
    fn optional_millis(&self, name: &'static str) -> Result<Option<std::time::Duration>, ConfigError> {
        match (self.0)(name).filter(|value| !value.trim().is_empty()) {
            Some(value) => value
                .trim()
                .parse()
                .map(|millis| Some(std::time::Duration::from_millis(millis)))
                .map_err(|_| ConfigError::Number { name, value }),
            None => Ok(None),
        }
    }

    fn number(&self, name: &'static str, default: i64) -> Result<i64, ConfigError> {
        match (self.0)(name) {
            Some(value) => value.trim().parse().map_err(|_| ConfigError::Number { name, value }),
            None => Ok(default),
        }
    }

    fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match (self.0)(name) {
            Some(value) => match value.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" | "" => Ok(false),
                _ => Err(ConfigError::Flag { name, value }),
            },
            None => Ok(default),
        }
    }

    /// A non-negative count of any unsigned type.
    fn count<T: std::str::FromStr>(&self, name: &'static str, default: T) -> Result<T, ConfigError> {
        match (self.0)(name) {
            Some(value) => value.trim().parse().map_err(|_| ConfigError::Number { name, value }),
            None => Ok(default),
        }
    }
}

/// The folder holding local state: the SQLite file's folder, or `data/` for PostgreSQL.
pub(crate) fn data_dir(database: &DatabaseUrl) -> PathBuf {
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
        Ok(secret) if secret.len() >= MIN_JWT_SECRET_BYTES => return Ok(secret),
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
    /// A pool of `max_size` connections to the configured database.
    pub fn open_db(&self, max_size: u32) -> Result<crate::db::Db, crate::db::DbSetupError> {
        crate::db::Db::connect_logging(&self.database, max_size, self.slow_query)
    }

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
            mail: self
                .smtp_url
                .as_deref()
                .map(|url| crate::mail::MailDelivery::new(url, &self.mail_from, &self.public_url))
                .transpose()?,
            policy: self.retry,
            lease: self.outbox_lease,
            batch: 50,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let dir = std::env::temp_dir().join("tremplin-config-test");
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .chain([("DATABASE_URL".into(), url)])
            .collect();
        Config::from_lookup(move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn a_jwt_secret_shorter_than_32_bytes_is_refused_at_start() {
        let error = config(&[("JWT_SECRET", "trop-court-31-octets-0123456789")]).err();
        assert!(matches!(error, Some(ConfigError::WeakSecret { length: 31 })), "{error:?}");
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("JWT_SECRET") && message.contains("32"), "{message}");
    }

    #[test]
    fn slow_queries_are_logged_only_when_asked() {
        assert_eq!(config(&[]).unwrap().slow_query, None);
        assert_eq!(config(&[("SLOW_QUERY_MS", " ")]).unwrap().slow_query, None);
        let config_of_ms = |value| config(&[("SLOW_QUERY_MS", value)]).map(|c| c.slow_query);
        assert_eq!(config_of_ms("25").unwrap(), Some(std::time::Duration::from_millis(25)));
        assert_eq!(config_of_ms("0").unwrap(), Some(std::time::Duration::ZERO));
        let refused = config_of_ms("-1").err();
        assert!(matches!(refused, Some(ConfigError::Number { name: "SLOW_QUERY_MS", .. })), "{refused:?}");
    }

    #[test]
    fn a_jwt_secret_of_32_bytes_is_accepted() {
        let config = config(&[("JWT_SECRET", "0123456789abcdef0123456789abcdef")]).unwrap();
        assert_eq!(config.jwt_secret.len(), 32);
    }

    #[test]
    fn login_protections_are_settings() {
        let config = config(&[
            ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", "5"),
            ("LOGIN_LOCK_FIRST_SECONDS", "2"),
            ("PASSWORD_HASH_QUEUE", "3"),
            ("TRUSTED_PROXIES", "10.0.0.0/8"),
        ])
        .unwrap();
        assert_eq!(config.login.per_ip, PerMinute::at_least_one(5));
        assert_eq!(config.login.lockout.first_lock_seconds, 2);
        assert_eq!(config.login.hash_queue, 3);
        assert!(config.login.trusted_proxies != TrustedProxies::default());
        let refused =
            super::tests::config(&[("JWT_SECRET", "0123456789abcdef0123456789abcdef"), ("TRUSTED_PROXIES", "x")]);
        assert!(matches!(refused, Err(ConfigError::Proxies(_))));
    }

    #[test]
    fn mail_settings_default_to_waiting_and_bad_ones_stop_the_start() {
        let secret = ("JWT_SECRET", "0123456789abcdef0123456789abcdef");
        let config = config(&[secret, ("BIND", "0.0.0.0:9000")]).unwrap();
        assert_eq!((config.smtp_url, config.public_url.as_str()), (None, "http://0.0.0.0:9000"));
        let config = config_of(&[
            secret,
            ("PUBLIC_URL", "https://tremplin.example.fr/"),
            ("SMTP_URL", "smtps://u:p@mx.example.fr"),
        ]);
        assert_eq!(config.unwrap().public_url, "https://tremplin.example.fr");
        assert!(matches!(config_of(&[secret, ("PUBLIC_URL", "tremplin.fr")]), Err(ConfigError::Mail(_))));
        assert!(matches!(config_of(&[secret, ("SMTP_URL", "http://x")]), Err(ConfigError::Mail(_))));
        assert!(matches!(
            config_of(&[secret, ("SMTP_URL", "smtp://x"), ("MAIL_FROM", "x")]),
            Err(ConfigError::Mail(_))
        ));
    }

    fn config_of(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        config(pairs)
    }
}
