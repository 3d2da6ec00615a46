//! Serves the web app built into `frontend/dist`: embedded in the binary at compile time, so `tremplin serve`
//! runs from any folder, or read from `STATIC_DIR` while developing. `index.html` answers every other non-API
//! path so the client-side router can take deep links. Embedded files are sent as the brotli or gzip copy
//! `frontend/build.sh` wrote beside them at the best level, when the client accepts it.

use std::borrow::Cow;
use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, EntityTag, IfNoneMatch};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use rust_embed::{EmbeddedFile, RustEmbed};

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
    let name = if !path.is_empty() && Assets::get(path).is_some() { path } else { "index.html" };
    let Some(file) = Assets::get(name) else {
        return HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body(NOT_BUILT);
    };
    let mimetype = file.metadata.mimetype().to_owned();
    let copies = precompressed::<Assets>(name);
    let varies = !copies.is_empty();
    let (encoding, file) = negotiate(request, copies).unwrap_or((ContentEncoding::Identity, file));
    // Each copy has its own bytes, so its own tag: a cache must not answer a gzip request with a brotli body.
    let hash = file.metadata.sha256_hash();
    let tag = EntityTag::new_strong(hash[..16].iter().map(|byte| format!("{byte:02x}")).collect());
    let unchanged = match request.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|known| known.weak_eq(&tag)),
        None => false,
    };
    let mut response = HttpResponse::build(if unchanged { StatusCode::NOT_MODIFIED } else { StatusCode::OK });
    response.insert_header(header::ETag(tag)).insert_header((header::CACHE_CONTROL, "no-cache"));
    if varies {
        response.insert_header((header::VARY, "Accept-Encoding"));
    }
    if encoding != ContentEncoding::Identity {
        // Also tells the Compress middleware that the body is encoded already.
        response.insert_header((header::CONTENT_ENCODING, encoding));
    }
    if unchanged {
        return response.finish();
    }
    let body = match file.data {
        Cow::Borrowed(embedded) => Bytes::from_static(embedded),
        Cow::Owned(read) => Bytes::from(read),
    };
    response.content_type(content_type(&mimetype)).body(body)
}

/// The copies of `name` compressed at build time, best compression first.
fn precompressed<Assets: RustEmbed>(name: &str) -> Vec<(ContentEncoding, EmbeddedFile)> {
    [(ContentEncoding::Brotli, "br"), (ContentEncoding::Gzip, "gz")]
        .into_iter()
        .filter_map(|(encoding, extension)| Assets::get(&format!("{name}.{extension}")).map(|file| (encoding, file)))
        .collect()
}

/// The copy to send, by the client's `Accept-Encoding` (its q-values first, then brotli before gzip); `None`
/// for the file itself, which the Compress middleware may still encode in a way no copy offers.
fn negotiate(
    request: &HttpRequest,
    copies: Vec<(ContentEncoding, EmbeddedFile)>,
) -> Option<(ContentEncoding, EmbeddedFile)> {
    let accepted = request.get_header::<AcceptEncoding>()?;
    let offered: Vec<Encoding> =
        copies.iter().map(|(encoding, _)| Encoding::Known(*encoding)).chain([Encoding::identity()]).collect();
    let Encoding::Known(chosen) = accepted.negotiate(offered.iter())? else { return None };
    copies.into_iter().find(|(encoding, _)| *encoding == chosen)
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
    use actix_web::App;
    use actix_web::body::to_bytes;
    use actix_web::http::header::HeaderMap;
    use actix_web::middleware::Compress;
    use actix_web::test::{TestRequest, call_service, init_service, read_body};

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

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web_app").join(name))
            .unwrap()
    }

    /// The answer to `GET path` through the Compress middleware the server wraps every answer in.
    async fn get_through_compress(path: &str, accept_encoding: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let app = init_service(
            App::new()
                .wrap(Compress::default())
                .default_service(web::to(|request: HttpRequest| async move { answer::<Fixture>(&request) })),
        )
        .await;
        let mut request = TestRequest::get().uri(path);
        if let Some(accepted) = accept_encoding {
            request = request.insert_header((header::ACCEPT_ENCODING, accepted));
        }
        let response = call_service(&app, request.to_request()).await;
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, read_body(response).await.to_vec())
    }

    fn value(headers: &HeaderMap, name: header::HeaderName) -> &str {
        headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    #[actix_web::test]
    async fn a_client_accepting_brotli_gets_the_brotli_copy_compressed_once() {
        let (status, headers, body) = get_through_compress("/style.css", Some("gzip, deflate, br, zstd")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(value(&headers, header::CONTENT_ENCODING), "br");
        assert_eq!(value(&headers, header::CONTENT_TYPE), "text/css; charset=utf-8");
        assert_eq!(headers.get_all(header::VARY).collect::<Vec<_>>(), ["Accept-Encoding"]);
        assert_eq!(body, fixture("style.css.br"));
    }

    #[actix_web::test]
    async fn a_client_accepting_only_gzip_gets_the_gzip_copy() {
        for accepted in ["gzip", "br;q=0.5, gzip", "br;q=0, gzip;q=0.1"] {
            let (status, headers, body) = get_through_compress("/style.css", Some(accepted)).await;
            assert_eq!(status, StatusCode::OK, "{accepted}");
            assert_eq!(value(&headers, header::CONTENT_ENCODING), "gzip", "{accepted}");
            assert_eq!(body, fixture("style.css.gz"), "{accepted}");
        }
    }

    #[actix_web::test]
    async fn a_client_asking_no_encoding_gets_the_file_itself() {
        for accepted in [None, Some("identity"), Some("br;q=0, gzip;q=0")] {
            let (status, headers, body) = get_through_compress("/style.css", accepted).await;
            assert_eq!(status, StatusCode::OK, "{accepted:?}");
            assert!(!headers.contains_key(header::CONTENT_ENCODING), "{accepted:?}");
            assert_eq!(value(&headers, header::VARY), "Accept-Encoding", "{accepted:?}");
            assert_eq!(body, fixture("style.css"), "{accepted:?}");
        }
    }

    #[actix_web::test]
    async fn deep_links_get_the_compressed_index_html() {
        let (_, headers, body) = get_through_compress("/sessions/12/candidatures", Some("br")).await;
        assert_eq!(value(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8");
        assert_eq!((value(&headers, header::CONTENT_ENCODING), body), ("br", fixture("index.html.br")));
    }

    #[actix_web::test]
    async fn each_encoding_has_its_own_etag_and_revalidates_alone() {
        let tag = |accepted: &'static str| async move {
            value(&get_through_compress("/style.css", Some(accepted)).await.1, header::ETAG).to_owned()
        };
        let (brotli, gzip, identity) = (tag("br").await, tag("gzip").await, tag("identity").await);
        assert!(brotli != gzip && gzip != identity && brotli != identity, "{brotli} {gzip} {identity}");
        let revalidate = |accepted: &str, known: &str| {
            TestRequest::get()
                .uri("/style.css")
                .insert_header((header::ACCEPT_ENCODING, accepted.to_owned()))
                .insert_header((header::IF_NONE_MATCH, known.to_owned()))
                .to_http_request()
        };
        let unchanged = answer::<Fixture>(&revalidate("br", &brotli));
        assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(header(&unchanged.into_parts().0, header::CONTENT_ENCODING), "br");
        assert_eq!(answer::<Fixture>(&revalidate("gzip", &brotli)).status(), StatusCode::OK);
    }

    #[actix_web::test]
    async fn a_file_without_copies_is_left_to_the_compress_middleware() {
        let (_, headers, body) = get_through_compress("/frontend_bg.wasm", Some("gzip")).await;
        assert_eq!(value(&headers, header::CONTENT_ENCODING), "gzip");
        assert_eq!(headers.get_all(header::VARY).collect::<Vec<_>>(), ["accept-encoding"]);
        assert_ne!(body, fixture("frontend_bg.wasm"));
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
