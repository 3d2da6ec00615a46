//! Rebuilds the binary when what it embeds changes: `embed_migrations!` reads the migration folders and
//! `spa::Built` the web app at compile time. On a fresh clone the web app is not built yet: an empty
//! `frontend/dist` lets the server compile (it then answers 503 for the web app) and, being watched,
//! recompiles it once `frontend/build.sh` has filled it.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
    let dist = std::path::Path::new("../../frontend/dist");
    if let Err(error) = std::fs::create_dir_all(dist) {
        println!("cargo:warning=cannot create frontend/dist: {error}");
    }
    println!("cargo:rerun-if-changed=../../frontend/dist");
}
