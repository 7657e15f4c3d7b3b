//! Runs `tests/browser/search.mjs` (headless Chromium through playwright-core) against the
//! sample site in `content/`, built into a temporary folder.
//!
//! Needs `node`, Chromium at `/usr/bin/chromium` (or `$CHROMIUM`) and
//! `tests/browser/node_modules` (`npm ci --prefix tests/browser`). When one is missing the
//! test says so and passes, unless `BANTIN_REQUIRE_BROWSER=1` (CI) makes that a failure.

use std::path::Path;
use std::process::Command;

use bantin::BuildOptions;

fn missing() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_string());
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium at {chromium}"));
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("tests/browser/node_modules (npm ci --prefix tests/browser)".to_string());
    }
    missing
}

#[test]
fn search_works_in_chromium() {
    let missing = missing();
    if !missing.is_empty() {
        let msg = format!("search_works_in_chromium needs {}", missing.join(", "));
        if std::env::var("BANTIN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("{msg}");
        }
        eprintln!("SKIPPED {msg}");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    bantin::build(root, Some(&out), BuildOptions::default(), false).expect("sample site builds");
    let run = Command::new("node")
        .arg(root.join("tests/browser/search.mjs"))
        .arg(&out)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        run.status.success() && stdout.contains("PASS"),
        "browser test failed"
    );
}
