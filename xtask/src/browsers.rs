//! Headless browsers (Chromium, Firefox) for the tests and the benchmark: found on the
//! machine, or installed from Debian's archive when we can (CI runs as root). Pages are
//! driven without WebDriver: the browser is started on the page's URL and the page posts
//! its results to a loopback server (`e2e/headless.mjs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];

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
pub fn chromium() -> Result<PathBuf, String> {
    install(CHROMIUM, "chromium")
}

/// Firefox ESR, installed with `apt-get` when missing (as root, on Debian or Ubuntu).
pub fn firefox() -> Result<PathBuf, String> {
    install(FIREFOX, "firefox-esr")
}

fn install(candidates: &[&str], package: &str) -> Result<PathBuf, String> {
    if let Some(found) = find(candidates) {
        return Ok(found);
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        return Err(format!(
            "a headless browser is needed for the browser tests: install it \
             (`sudo apt-get install {package}` on Debian) and rerun"
        ));
    }
    println!("xtask: installing {package} with apt-get (Debian's package; about 1-2 minutes)");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    find(candidates).ok_or_else(|| format!("apt-get installed {package}, but no binary was found"))
}
