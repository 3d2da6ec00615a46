//! Assembles the HTTP application: API routes, docs, static web app, middleware.

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::middleware::{Compress, DefaultHeaders, Logger, NormalizePath, TrailingSlash};
use actix_web::{App, HttpServer, web};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, UtoipaApp};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::extractors;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::state::AppState;

/// The API routes as a utoipa app: the server and the spec generator share this one registration.
pub fn api_app() -> UtoipaApp<
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

/// Starts serving on an already bound listener (port 0 in tests).
pub fn serve(state: AppState, static_dir: PathBuf, listener: TcpListener) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let doc = crate::openapi::document();
    let server = HttpServer::new(move || {
        // The docs go first: the /api scope answers every path under it.
        let docs = App::new()
            .service(web::redirect("/api/docs", "/api/docs/"))
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc.clone()));
        let static_dir = static_dir.clone();
        with_api(docs)
            .into_app()
            .app_data(data.clone())
            .configure(extractors::configure)
            .service(crate::metrics::scrape)
            .configure(move |cfg| crate::spa::configure(cfg, static_dir))
            .wrap_fn(|request, service| {
                let started = std::time::Instant::now();
                let method = request.method().to_string();
                let route = request.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
                let response = service.call(request);
                async move {
                    let response = response.await?;
                    let status = response.status().as_u16();
                    crate::metrics::observe_request(&method, &route, status, started.elapsed().as_secs_f64());
                    Ok(response)
                }
            })
            .wrap(actix_web::middleware::from_fn(crate::nul_guard::refuse_nul))
            .wrap(Compress::default())
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .wrap(NormalizePath::new(TrailingSlash::MergeOnly))
            .wrap(Logger::new("%r %s %Dms").exclude("/api/health"))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
