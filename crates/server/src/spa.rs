//! Serves the built web app: files from `frontend/dist`, and `index.html` for every other non-API path
//! so the client-side router can take deep links.

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

/// Registers the static files, with the SPA fallback.
pub fn configure(cfg: &mut web::ServiceConfig, dir: PathBuf) {
    let index = dir.join("index.html");
    cfg.service(Files::new("/", dir).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let response = match NamedFile::open(&index) {
                    Ok(file) => file.into_response(&req),
                    Err(_) => HttpResponse::ServiceUnavailable()
                        .content_type("text/plain; charset=utf-8")
                        .body("L'application web n'est pas construite : lancez `make run`."),
                };
                Ok(ServiceResponse::new(req, response))
            }
        },
    )));
}
