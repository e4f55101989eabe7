//! The drop-in check: upstream's attribute and ours on the same crates.

use std::path::{Path, PathBuf};

use crate::process::{cargo, root, run, sh, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen_nodejs;

use super::node::js_tests;

/// The drop-in crates: package and library names.
const CRATES: [(&str, &str); 2] = [
    ("drop-in", "drop_in"),
    ("drop-in-renamed", "drop_in_renamed"),
];
/// Each attribute: its name in package directories and the features that select it.
const ATTRIBUTES: [(&str, &[&str]); 2] = [("upstream", &[]), ("ours", &["--features", "ours"])];

/// The drop-in check: the crates under `e2e/drop-in/` built with upstream's attribute and
/// with ours, warning-free under clippy, must pass the same JS tests with the same
/// results, in debug and in release builds (our value checks differ by
/// `debug_assertions`). Packages go to `target/drop-in-pkgs/<lib>-<attribute>-<profile>`.
pub(crate) fn drop_in(report: &Report) -> Step {
    const PROFILES: [(&str, &[&str]); 2] = [("debug", &[]), ("release", &["--release"])];
    let target = root().join("target");
    for (package, _) in CRATES {
        for (_, features) in ATTRIBUTES {
            run(
                report,
                cargo(["clippy", "--target", WASM, "-p", package])
                    .args(features)
                    .args(["--", "-D", "warnings"]),
            )?;
        }
    }
    let pkgs = target.join("drop-in-pkgs");
    for (profile, flags) in PROFILES {
        each_build(report, &pkgs, profile, |package, features| {
            run(
                report,
                cargo(["build", "--target", WASM, "-p", package])
                    .args(flags)
                    .args(features),
            )?;
            Ok(target.join(WASM).join(profile))
        })?;
    }
    same_results(report, &pkgs, None)
}

/// Each drop-in crate with each attribute: `build(package, features)` builds it and
/// returns the directory of its `.wasm`, which wasm-bindgen turns into
/// `<pkgs>/<lib>-<attribute>-<suffix>`.
pub(super) fn each_build(
    report: &Report,
    pkgs: &Path,
    suffix: &str,
    build: impl Fn(&str, &[&str]) -> Result<PathBuf, String>,
) -> Step {
    for (package, lib) in CRATES {
        for (attribute, features) in ATTRIBUTES {
            let dir = build(package, features)?;
            bindgen_nodejs(
                report,
                &dir.join(format!("{lib}.wasm")),
                &pkgs.join(format!("{lib}-{attribute}-{suffix}")),
            )?;
        }
    }
    Ok(())
}

/// The drop-in JS tests over the packages in `pkgs` (`profiles`: the suffixes they were
/// built with, when not debug and release).
pub(super) fn same_results(report: &Report, pkgs: &Path, profiles: Option<&str>) -> Step {
    let mut node = sh()
        .cmd("node")
        .arg("--test")
        .args(js_tests("e2e/drop-in/test")?)
        .env("DROP_IN_PKGS", pkgs);
    if let Some(profiles) = profiles {
        node = node.env("DROP_IN_PROFILES", profiles);
    }
    run(report, node)
}
