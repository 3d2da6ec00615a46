//! `/metrics` in the Prometheus text format: requests by route and status, request latency, outbox depth by
//! state, and background job runs.

use std::sync::LazyLock;

use actix_web::{HttpResponse, get, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

use crate::error::ApiError;
use crate::state::AppState;

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    outbox: IntGaugeVec,
    job_runs: IntCounterVec,
    job_items: IntCounterVec,
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
    registry.register(Box::new(job_items.clone()))?;
    Ok(Metrics { registry, requests, latency, outbox, job_runs, job_items })
}

static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| build().ok());

/// Counts one answered request; `route` is the matched pattern (`/api/sessions/{reference}`), never the raw
/// path, so label values stay few and carry no references.
pub fn observe_request(method: &str, route: &str, status: u16, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        m.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        m.latency.with_label_values(&[method, route]).observe(seconds);
    }
}

/// Counts one pass of a job and the items it changed.
pub fn job_ran(job: &str, items: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.job_runs.with_label_values(&[job]).inc();
        m.job_items.with_label_values(&[job]).inc_by(u64::try_from(items).unwrap_or(0));
    }
}

/// The Prometheus scrape.
#[utoipa::path(
    tag = "système",
    responses(
        (status = 200, description = "Métriques au format texte de Prometheus", content_type = "text/plain", body = String),
        (status = 503, description = "Base de données injoignable", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn scrape(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let depth = state.db.run(crate::store::outbox::depth).await?;
    let metrics = METRICS.as_ref().ok_or_else(|| ApiError::internal("metrics registry"))?;
    for (label, count) in depth {
        metrics.outbox.with_label_values(&[label]).set(count);
    }
    let mut text = Vec::new();
    TextEncoder::new().encode(&metrics.registry.gather(), &mut text).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text))
}
