//! Assembles the HTTP application: API routes, docs, static web app, middleware.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::middleware::{Compress, DefaultHeaders, Logger, NormalizePath, TrailingSlash, from_fn};
use actix_web::{App, HttpServer, web};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, UtoipaApp};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::extractors;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::spa::WebApp;
use crate::state::AppState;

/// The API routes as a utoipa app: the server and the spec generator share this one registration.
pub(crate) fn api_app() -> UtoipaApp<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    with_api(App::new())
}

fn with_api<T>(app: App<T>) -> UtoipaApp<T>
where
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Error = actix_web::Error,
            InitError = (),
        >,
{
    app.into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::api)
}

/// Starts serving on an already bound listener (port 0 in tests). A folder for `web_app` overrides the
/// embedded web app.
pub fn serve(state: AppState, web_app: impl Into<WebApp>, listener: TcpListener) -> std::io::Result<Server> {
    let web_app = web_app.into();
    let data = web::Data::new(state);
    let doc = crate::openapi::document();
    let server = HttpServer::new(move || {
        // The docs go first: the /api scope answers every path under it.
        let docs = App::new()
            .service(web::redirect("/api/docs", "/api/docs/"))
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc.clone()));
        let web_app = web_app.clone();
        with_api(docs)
            .into_app()
            .app_data(data.clone())
            .configure(extractors::configure)
            .service(crate::metrics::scrape)
            .configure(move |cfg| crate::spa::configure(cfg, web_app))
            .wrap_fn(|request, service| {
                let started = std::time::Instant::now();
                let method = request.method().clone();
                let route = request.match_pattern();
                let response = service.call(request);
                async move {
                    let response = response.await?;
                    let (status, seconds) = (response.status().as_u16(), started.elapsed().as_secs_f64());
                    crate::metrics::observe_request(&method, route.as_deref(), status, seconds);
                    Ok(response)
                }
            })
            .wrap(actix_web::middleware::from_fn(crate::nul_guard::refuse_nul))
            .wrap(Compress::default())
            .wrap(from_fn(crate::csp::add_policy))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .wrap(NormalizePath::new(TrailingSlash::MergeOnly))
            .wrap(access_log())
    })
    // Compressed answers leave in two writes (headers, then the body); without this the second one waits for
    // the client's delayed ACK, about 40 ms on a kept-alive connection.
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Serves `/metrics` alone on its own listener (`METRICS_BIND`), e.g. an address only Prometheus reaches.
pub fn serve_metrics(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || App::new().app_data(data.clone()).service(crate::metrics::scrape))
        .workers(1)
        .listen(listener)?
        .run();
    Ok(server)
}

/// One line per request: method, path, status, duration. The path goes without its query string, which carries
/// searched names (`?q=`) and other personal data; health probes are left out.
pub(crate) fn access_log() -> Logger {
    Logger::new("%{method}xi %U %s %Dms")
        .custom_request_replace("method", |request| request.method().to_string())
        .exclude("/api/health")
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use actix_web::{HttpResponse, test};

    use super::*;

    /// Every line logged through `log` (actix's Logger writes there) by this test binary.
    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    struct Capture;

    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            LINES.lock().unwrap().push(record.args().to_string());
        }
        fn flush(&self) {}
    }

    static CAPTURE: Capture = Capture;

    #[actix_web::test]
    async fn the_access_log_leaves_out_query_strings() {
        if log::set_logger(&CAPTURE).is_ok() {
            log::set_max_level(log::LevelFilter::Info);
        }
        let app = test::init_service(
            App::new().wrap(access_log()).route("/api/applications", web::get().to(HttpResponse::Ok)),
        )
        .await;
        let request = test::TestRequest::get().uri("/api/applications?q=Dupont%20Marcelle&state=received");
        test::call_and_read_body(&app, request.to_request()).await;
        let lines = LINES.lock().unwrap();
        let line = lines.iter().find(|l| l.contains("/api/applications")).unwrap_or_else(|| panic!("{lines:?}"));
        assert!(line.starts_with("GET /api/applications 200 "), "{line}");
        assert!(!line.contains('?') && !line.contains("Dupont") && !line.contains("received"), "{line}");
    }
}
