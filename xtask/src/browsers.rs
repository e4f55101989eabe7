//! Headless browsers (Chromium, Firefox) and their WebDriver servers for the tests and
//! the benchmark: found on the machine, or installed when we can: the browsers and
//! chromedriver from Debian's archive (CI runs as root), geckodriver from crates.io into
//! `target/tools`. Some pages are driven without WebDriver (the browser is started on the
//! page's URL and the page posts its results to a loopback server, `e2e/headless.mjs`),
//! others over WebDriver (`e2e/webdriver.mjs`, and `wasm-bindgen-test-runner`).

use std::path::{Path, PathBuf};

use crate::process::{run, sh};
use crate::report::Report;

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/// Where Debian's `chromium-driver` package puts chromedriver.
const CHROMEDRIVER: &[&str] = &["/usr/bin/chromedriver"];

/// Where Debian's `firefox-esr` package puts the browser.
const FIREFOX: &[&str] = &["/usr/bin/firefox-esr", "/usr/bin/firefox"];

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates
        .iter()
        .map(Path::new)
        .find(|path| path.exists())
        .map(Path::to_path_buf)
}

/// Chromium, installed with `apt-get` when missing (as root, on Debian or Ubuntu).
pub fn chromium(report: &Report) -> Result<PathBuf, String> {
    install(report, CHROMIUM, "chromium")
}

/// Firefox ESR, installed with `apt-get` when missing (as root, on Debian or Ubuntu).
pub fn firefox(report: &Report) -> Result<PathBuf, String> {
    install(report, FIREFOX, "firefox-esr")
}

/// chromedriver (Debian's `chromium-driver`, of the same version as `chromium`),
/// installed with `apt-get` when missing.
pub fn chromedriver(report: &Report) -> Result<PathBuf, String> {
    install(report, CHROMEDRIVER, "chromium-driver")
}

/// geckodriver: on PATH, or in `target/tools/bin`, or installed there from crates.io
/// (`cargo install geckodriver`; global binaries are left alone).
pub fn geckodriver(report: &Report) -> Result<PathBuf, String> {
    let tools = crate::process::root().join("target/tools");
    let local = tools.join("bin/geckodriver");
    let works = |binary: &Path| sh().cmd(binary).arg("--version").read().is_ok();
    if works(Path::new("geckodriver")) {
        return Ok(PathBuf::from("geckodriver"));
    }
    if !works(&local) {
        report.announce(
            "installing geckodriver from crates.io into target/tools (about 2-4 minutes, once)",
        );
        run(
            report,
            sh().cmd(crate::process::cargo_program())
                .args(["install", "--quiet", "geckodriver", "--root"])
                .arg(&tools),
        )?;
    }
    Ok(local)
}

fn install(report: &Report, candidates: &[&str], package: &str) -> Result<PathBuf, String> {
    if let Some(found) = find(candidates) {
        return Ok(found);
    }
    let is_root = sh().cmd("id").arg("-u").read().is_ok_and(|id| id == "0");
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        return Err(format!(
            "a headless browser is needed for the browser tests: install it \
             (`sudo apt-get install {package}` on Debian) and rerun"
        ));
    }
    report.announce(&format!(
        "installing {package} with apt-get (Debian's package; about 1-2 minutes)"
    ));
    // The package lists once per run.
    static UPDATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !UPDATED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        run(report, sh().cmd("apt-get").args(["update", "-qq"]))?;
    }
    run(
        report,
        sh().cmd("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    find(candidates).ok_or_else(|| format!("apt-get installed {package}, but no binary was found"))
}
