//! The drop-in check: upstream's attribute and ours on the same crates.

use crate::process::{cargo, root, run, sh, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen_nodejs;

use super::node::js_tests;

/// The drop-in check: the crates under `e2e/drop-in/` built with upstream's attribute and
/// with ours, warning-free under clippy, must pass the same JS tests with the same
/// results, in debug and in release builds (our value checks differ by
/// `debug_assertions`). Packages go to `target/drop-in-pkgs/<lib>-<attribute>-<profile>`.
pub(crate) fn drop_in(report: &Report) -> Step {
    const CRATES: [(&str, &str); 2] = [
        ("drop-in", "drop_in"),
        ("drop-in-renamed", "drop_in_renamed"),
    ];
    const ATTRIBUTES: [(&str, &[&str]); 2] = [("upstream", &[]), ("ours", &["--features", "ours"])];
    const PROFILES: [(&str, &[&str]); 2] = [("debug", &[]), ("release", &["--release"])];
    let target = root().join("target");
    let pkgs = target.join("drop-in-pkgs");
    for (package, lib) in CRATES {
        for (attribute, features) in ATTRIBUTES {
            run(
                report,
                cargo(["clippy", "--target", WASM, "-p", package])
                    .args(features)
                    .args(["--", "-D", "warnings"]),
            )?;
            for (profile, flags) in PROFILES {
                run(
                    report,
                    cargo(["build", "--target", WASM, "-p", package])
                        .args(flags)
                        .args(features),
                )?;
                bindgen_nodejs(
                    report,
                    &target.join(WASM).join(profile).join(format!("{lib}.wasm")),
                    &pkgs.join(format!("{lib}-{attribute}-{profile}")),
                )?;
            }
        }
    }
    run(
        report,
        sh().cmd("node")
            .arg("--test")
            .args(js_tests("e2e/drop-in/test")?)
            .env("DROP_IN_PKGS", &pkgs),
    )
}
