//! `/metrics` in the Prometheus text format: requests by route and status, request latency, outbox depth by
//! state, background job runs, and the size of SQLite's commit groups.

use std::sync::LazyLock;

use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, web};
use prometheus::{
    CounterVec, Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::state::AppState;

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    outbox: IntGaugeVec,
    job_runs: IntCounterVec,
    job_items: IntCounterVec,
    job_seconds: CounterVec,
    write_groups: Histogram,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("tremplin".to_owned()), None)?;
    let requests = IntCounterVec::new(
        Opts::new("http_requests_total", "HTTP requests by route and status"),
        &["method", "route", "status"],
    )?;
    let latency = HistogramVec::new(
        HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route")
            .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
        &["method", "route"],
    )?;
    let outbox = IntGaugeVec::new(Opts::new("outbox_messages", "Outbox messages by delivery state"), &["state"])?;
    let job_runs = IntCounterVec::new(Opts::new("job_runs_total", "Background job passes"), &["job"])?;
    let job_items = IntCounterVec::new(Opts::new("job_items_total", "Items changed by background jobs"), &["job"])?;
    registry.register(Box::new(requests.clone()))?;
    registry.register(Box::new(latency.clone()))?;
    registry.register(Box::new(outbox.clone()))?;
    registry.register(Box::new(job_runs.clone()))?;
    let job_seconds = CounterVec::new(Opts::new("job_seconds_total", "Time spent in background job passes"), &["job"])?;
    registry.register(Box::new(job_items.clone()))?;
    registry.register(Box::new(job_seconds.clone()))?;
    let write_groups = Histogram::with_opts(
        HistogramOpts::new("sqlite_write_group_size", "Use cases written in one SQLite commit (db/commit_group.rs)")
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
    )?;
    registry.register(Box::new(write_groups.clone()))?;
    Ok(Metrics { registry, requests, latency, outbox, job_runs, job_items, job_seconds, write_groups })
}

static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| build().ok());

/// The method as a label: the standard ones by name, any invented one as `other`, so a client cannot add
/// series (label values) at will.
pub(crate) fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// Counts one answered request; `route` is the matched pattern (`/api/sessions/{reference}`), never the raw
/// path, so label values stay few and carry no references; paths no route matches count as `unmatched`.
pub(crate) fn observe_request(method: &Method, route: Option<&str>, status: u16, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        let (method, route) = (method_label(method), route.unwrap_or("unmatched"));
        m.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        m.latency.with_label_values(&[method, route]).observe(seconds);
    }
}

/// Counts one pass of a job, the items it changed and the time it took.
pub(crate) fn job_ran(job: &str, items: usize, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        m.job_runs.with_label_values(&[job]).inc();
        m.job_seconds.with_label_values(&[job]).inc_by(seconds);
        m.job_items.with_label_values(&[job]).inc_by(u64::try_from(items).unwrap_or(0));
    }
}

/// Counts one SQLite commit of `size` use cases: how much the writer groups tells an operator whether writes
/// queue for it.
pub(crate) fn write_group(size: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.write_groups.observe(size as f64);
    }
}

/// Who `/metrics` answers on a listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Not served here: 404.
    Hidden,
    /// Only `Authorization: Bearer <token>`.
    Token(String),
    /// Anyone who reaches the listener: the metrics-only listener of `METRICS_BIND` without `METRICS_TOKEN`.
    Open,
}

impl MetricsAccess {
    /// On the main listener: behind the token, and not at all when the metrics have their own listener.
    pub fn main_listener(token: Option<&str>, own_listener: bool) -> Self {
        match token {
            Some(token) if !own_listener => Self::Token(token.to_owned()),
            _ => Self::Hidden,
        }
    }

    /// On the metrics-only listener of `METRICS_BIND`: the token still applies when set.
    pub fn own_listener(token: Option<&str>) -> Self {
        token.map_or(Self::Open, |token| Self::Token(token.to_owned()))
    }
}

/// Whether the request carries `Authorization: Bearer <expected>`. Both sides are hashed first so the
/// comparison takes the same time whatever the token's length or how much of it matches.
fn bearer_matches(request: &HttpRequest, expected: &str) -> bool {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    Sha256::digest(given.trim().as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes())).into()
}

/// The Prometheus scrape, for the holder of `METRICS_TOKEN` only (or on the `METRICS_BIND` listener): route names,
/// volumes and queue depths tell an outsider too much. Without either setting the endpoint does not exist.
#[utoipa::path(
    tag = "système",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Métriques au format texte de Prometheus", content_type = "text/plain", body = String),
        (status = 401, description = "Jeton absent ou faux"),
        (status = 404, description = "METRICS_TOKEN n'est pas réglé"),
    )
)]
#[get("/metrics")]
pub(crate) async fn scrape(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let allowed = match &state.metrics {
        MetricsAccess::Hidden => return Err(ApiError::not_found("Page")),
        MetricsAccess::Token(expected) => bearer_matches(&request, expected),
        MetricsAccess::Open => true,
    };
    if !allowed {
        let mut refused =
            ApiError::unauthorized("invalid_metrics_token", "Les métriques demandent le jeton METRICS_TOKEN.")
                .error_response();
        refused.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        return Ok(refused);
    }
    let depth = state.db.run(|conn| Ok(crate::store::outbox::depth(conn)?)).await?;
    let metrics = METRICS.as_ref().ok_or_else(|| ApiError::internal("metrics registry"))?;
    for (label, count) in depth {
        metrics.outbox.with_label_values(&[label]).set(count);
    }
    let mut text = Vec::new();
    TextEncoder::new().encode(&metrics.registry.gather(), &mut text).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The histogram's count and sum, from the registry as `/metrics` reads it.
    fn write_groups_seen() -> (u64, f64) {
        let families = METRICS.as_ref().unwrap().registry.gather();
        let family = families.iter().find(|f| f.name() == "tremplin_sqlite_write_group_size").expect("registered");
        let histogram = family.get_metric()[0].get_histogram();
        (histogram.get_sample_count(), histogram.get_sample_sum())
    }

    #[test]
    fn a_write_group_is_counted_with_its_size() {
        let (count, sum) = write_groups_seen();
        write_group(3);
        let (after_count, after_sum) = write_groups_seen();
        // Other tests of this process may write groups meanwhile: never fewer than this one.
        assert!(after_count > count, "{count} -> {after_count}");
        assert!(after_sum >= sum + 3.0, "{sum} -> {after_sum}");
    }

    #[test]
    fn invented_methods_share_one_label() {
        let invented = Method::from_bytes(b"BLOWUP123").unwrap();
        assert_eq!(method_label(&invented), "other");
        assert_eq!(method_label(&Method::from_bytes(b"get").unwrap()), "other", "methods are case-sensitive");
        assert_eq!(method_label(&Method::PATCH), "PATCH");
    }

    #[test]
    fn metrics_with_their_own_listener_leave_the_main_one() {
        assert_eq!(MetricsAccess::main_listener(None, false), MetricsAccess::Hidden);
        assert_eq!(MetricsAccess::main_listener(Some("t"), false), MetricsAccess::Token("t".into()));
        assert_eq!(MetricsAccess::main_listener(Some("t"), true), MetricsAccess::Hidden);
        assert_eq!(MetricsAccess::own_listener(None), MetricsAccess::Open);
        assert_eq!(MetricsAccess::own_listener(Some("t")), MetricsAccess::Token("t".into()));
    }

    #[test]
    fn only_the_exact_bearer_token_opens_the_metrics() {
        let with = |value: &str| {
            actix_web::test::TestRequest::default().insert_header((header::AUTHORIZATION, value)).to_http_request()
        };
        assert!(bearer_matches(&with("Bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(&with("Bearer s3cre"), "s3cret"));
        assert!(!bearer_matches(&with("Bearer s3cret2"), "s3cret"));
        assert!(!bearer_matches(&with("Basic s3cret"), "s3cret"));
        assert!(!bearer_matches(&actix_web::test::TestRequest::default().to_http_request(), "s3cret"));
    }
}
