//! Headless browsers for the tests and the benchmark: found on the machine, or installed
//! from Debian's archive when we can (CI runs as root).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/// The installed Chromium, if any.
pub fn find_chromium() -> Option<PathBuf> {
    CHROMIUM
        .iter()
        .map(Path::new)
        .find(|path| path.exists())
        .map(Path::to_path_buf)
}

/// Chromium, installed with `apt-get` when missing (as root, on Debian or Ubuntu).
pub fn chromium() -> Result<PathBuf, String> {
    if let Some(found) = find_chromium() {
        return Ok(found);
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        return Err(
            "headless Chromium is needed for the browser tests: install it \
             (`sudo apt-get install chromium` on Debian) and rerun"
                .to_owned(),
        );
    }
    println!("xtask: installing chromium with apt-get (Debian's package; about 1-2 minutes)");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    find_chromium().ok_or_else(|| "apt-get installed chromium, but no binary was found".to_owned())
}
