//! `tremplin serve` is the whole product: started from a folder that is not the repository, with no
//! `STATIC_DIR`, it serves the web app it embeds (or, before `frontend/build.sh` ran, says how to build it).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `tremplin serve` process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The raw answer to `GET path`, or `None` while the server is not listening yet.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

#[test]
fn serve_from_another_folder_serves_the_embedded_web_app() {
    let folder = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .arg("serve")
        .current_dir(folder.path())
        .env_remove("STATIC_DIR")
        .env("DATABASE_URL", format!("sqlite://{}", folder.path().join("tremplin.db").display()))
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("JWT_SECRET", "one-binary-test-secret-one-binary-test")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    let started = Instant::now();
    while !get(port, "/api/health").is_some_and(|answer| answer.starts_with("HTTP/1.1 200")) {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let answer = get(port, "/formations").unwrap();
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/dist/index.html");
    if built.exists() {
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.to_ascii_lowercase().contains("content-type: text/html; charset=utf-8"), "{answer}");
        assert!(answer.ends_with(&std::fs::read_to_string(built).unwrap()), "{answer}");
    } else {
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(answer.contains("make run"), "{answer}");
    }
}
