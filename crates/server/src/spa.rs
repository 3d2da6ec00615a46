//! Serves the web app built into `frontend/dist`: embedded in the binary at compile time, so `tremplin serve`
//! runs from any folder, or read from `STATIC_DIR` while developing. `index.html` answers every other non-API
//! path so the client-side router can take deep links.

use std::borrow::Cow;
use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, EntityTag, IfNoneMatch};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;

/// Where the web app's files come from.
#[derive(Debug, Clone, Default)]
pub enum WebApp {
    /// The files of `frontend/dist` as they were when the server was compiled.
    #[default]
    Embedded,
    /// A folder read at each request (`STATIC_DIR`): rebuild the web app without recompiling the server.
    Folder(PathBuf),
}

impl From<PathBuf> for WebApp {
    fn from(dir: PathBuf) -> Self {
        Self::Folder(dir)
    }
}

impl From<Option<PathBuf>> for WebApp {
    fn from(dir: Option<PathBuf>) -> Self {
        dir.map_or(Self::Embedded, Self::Folder)
    }
}

/// `frontend/dist` at compile time; build.rs creates the folder empty when the web app is not built yet.
#[derive(RustEmbed)]
#[folder = "../../frontend/dist/"]
struct Built;

const NOT_BUILT: &str = "L'application web n'est pas construite : lancez `make run`.";

/// Registers the web app, with the SPA fallback.
pub fn configure(cfg: &mut web::ServiceConfig, web_app: WebApp) {
    match web_app {
        WebApp::Embedded => {
            cfg.default_service(web::to(|request: HttpRequest| async move { answer::<Built>(&request) }));
        }
        WebApp::Folder(dir) => serve_folder(cfg, dir),
    }
}

/// The file at the request's path, else `index.html`. Every answer is revalidated (`no-cache` + `ETag`): the
/// file names carry no hash, so a cached `frontend.js` could outlive the `frontend_bg.wasm` it was built with.
fn answer<Assets: RustEmbed>(request: &HttpRequest) -> HttpResponse {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "GET, HEAD"))
            .content_type("text/plain; charset=utf-8")
            .body("Request did not meet this resource's requirements.");
    }
    let path = request.path().trim_start_matches('/');
    let Some(file) = Assets::get(path).filter(|_| !path.is_empty()).or_else(|| Assets::get("index.html")) else {
        return HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body(NOT_BUILT);
    };
    let hash = file.metadata.sha256_hash();
    let tag = EntityTag::new_strong(hash[..16].iter().map(|byte| format!("{byte:02x}")).collect());
    let unchanged = match request.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|known| known.weak_eq(&tag)),
        None => false,
    };
    let mut response = HttpResponse::build(if unchanged { StatusCode::NOT_MODIFIED } else { StatusCode::OK });
    response.insert_header(header::ETag(tag)).insert_header((header::CACHE_CONTROL, "no-cache"));
    if unchanged {
        return response.finish();
    }
    let body = match file.data {
        Cow::Borrowed(embedded) => Bytes::from_static(embedded),
        Cow::Owned(read) => Bytes::from(read),
    };
    response.content_type(content_type(file.metadata.mimetype())).body(body)
}

/// Text gets its charset, as actix-files does for the `STATIC_DIR` folder.
fn content_type(mimetype: &str) -> String {
    let text = mimetype.starts_with("text/") || matches!(mimetype, "application/javascript" | "application/json");
    if text && !mimetype.contains("charset") { format!("{mimetype}; charset=utf-8") } else { mimetype.to_owned() }
}

fn serve_folder(cfg: &mut web::ServiceConfig, dir: PathBuf) {
    let index = dir.join("index.html");
    cfg.service(Files::new("/", dir).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let response = match NamedFile::open(&index) {
                    Ok(file) => file.into_response(&req),
                    Err(_) => {
                        HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body(NOT_BUILT)
                    }
                };
                Ok(ServiceResponse::new(req, response))
            }
        },
    )));
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;
    use actix_web::test::TestRequest;

    use super::*;

    #[derive(RustEmbed)]
    #[folder = "tests/fixtures/web_app/"]
    struct Fixture;

    #[derive(RustEmbed)]
    #[folder = "tests/fixtures/no_web_app/"]
    #[allow_missing = true]
    struct Missing;

    async fn get<Assets: RustEmbed>(path: &str) -> (HttpResponse<()>, String) {
        let (head, body) = answer::<Assets>(&TestRequest::get().uri(path).to_http_request()).into_parts();
        (head, String::from_utf8(to_bytes(body).await.unwrap().to_vec()).unwrap())
    }

    fn header(response: &HttpResponse<()>, name: header::HeaderName) -> &str {
        response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    #[actix_web::test]
    async fn files_are_served_with_their_type_and_must_be_revalidated() {
        for (path, mimetype) in [
            ("/frontend_bg.wasm", "application/wasm"),
            ("/style.css", "text/css; charset=utf-8"),
            ("/", "text/html; charset=utf-8"),
        ] {
            let (response, _) = get::<Fixture>(path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header(&response, header::CONTENT_TYPE), mimetype, "{path}");
            assert_eq!(header(&response, header::CACHE_CONTROL), "no-cache", "{path}");
            assert!(header(&response, header::ETAG).starts_with('"'), "{path}");
        }
    }

    #[actix_web::test]
    async fn other_paths_get_index_html_for_the_client_side_router() {
        let (index, page) = get::<Fixture>("/").await;
        let (deep, deep_page) = get::<Fixture>("/sessions/12/candidatures").await;
        assert_eq!((deep.status(), deep_page), (StatusCode::OK, page));
        assert_eq!(header(&deep, header::ETAG), header(&index, header::ETAG));
    }

    #[actix_web::test]
    async fn an_unchanged_file_answers_304() {
        let (first, _) = get::<Fixture>("/style.css").await;
        let tag = header(&first, header::ETAG).to_owned();
        let request =
            TestRequest::get().uri("/style.css").insert_header((header::IF_NONE_MATCH, tag)).to_http_request();
        assert_eq!(answer::<Fixture>(&request).status(), StatusCode::NOT_MODIFIED);
    }

    #[actix_web::test]
    async fn only_get_and_head_are_answered() {
        let request = TestRequest::post().uri("/").to_http_request();
        assert_eq!(answer::<Fixture>(&request).status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[actix_web::test]
    async fn without_a_built_web_app_the_server_says_how_to_build_it() {
        let (response, body) = get::<Missing>("/").await;
        assert_eq!((response.status(), body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT));
    }

    #[actix_web::test]
    async fn the_built_web_app_is_embedded_when_it_was_built() {
        let built = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/dist/index.html");
        let (response, body) = get::<Built>("/").await;
        if built.exists() {
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(body, std::fs::read_to_string(built).unwrap());
        } else {
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        }
    }
}
