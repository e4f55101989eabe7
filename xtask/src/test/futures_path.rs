//! The futures path: the `js-sys-only` crate (no `wasm-bindgen-futures` anywhere in its
//! `cargo tree`) must fail to build without an opt-in, and build and run in Node with
//! each of the four opt-ins (README, "The futures path"); removing an opt-in must bring
//! the failure back (no stale expansion).

use std::path::{Path, PathBuf};

use crate::process::{capture, cargo, root, run, sh, stdout_of, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen_nodejs;

const CRATE: &str = "js-sys-only";

/// The step: the tree, the default path, then the four opt-ins in turn.
pub(crate) fn futures_path(report: &Report) -> Step {
    no_futures_crate_in_tree(report)?;
    expect_default_path(report, "without an opt-in")?;
    let target = root().join("target");

    // 1. The environment variable `WASM_BINDGEN_USE_JS_SYS`, then unset again.
    clean(report, &target)?;
    run(report, build().env("WASM_BINDGEN_USE_JS_SYS", "1"))?;
    check_runs(report, "env", &target)?;
    expect_default_path(report, "once WASM_BINDGEN_USE_JS_SYS is unset again")?;

    // 2. The crate's own build script.
    run(
        report,
        build().env("JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT", "1"),
    )?;
    check_runs(report, "build-script", &target)?;
    expect_default_path(report, "once its build script stops setting the cfg")?;

    // 3. RUSTFLAGS. Flags apply to every crate, so they get their own target dir.
    let flags_target = flags_target();
    clean(report, &flags_target)?;
    run(
        report,
        build()
            .env("RUSTFLAGS", "--cfg=wasm_bindgen_use_js_sys")
            .env("CARGO_TARGET_DIR", &flags_target),
    )?;
    check_runs(report, "rustflags", &flags_target)?;

    // 4. `[target.wasm32-unknown-unknown] rustflags` in a `.cargo/config.toml`.
    clean(report, &flags_target)?;
    {
        let _in_dir = sh().push_dir(root().join("e2e/js-sys-only/config-toml"));
        run(report, build().env("CARGO_TARGET_DIR", &flags_target))?;
    }
    check_runs(report, "config-toml", &flags_target)
}

fn build() -> xshell::Cmd<'static> {
    cargo(["build", "--target", WASM, "-p", CRATE])
}

fn flags_target() -> PathBuf {
    root().join("target/js-sys-flags")
}

fn clean(report: &Report, target_dir: &Path) -> Step {
    run(
        report,
        cargo(["clean", "--target", WASM, "-p", CRATE]).env("CARGO_TARGET_DIR", target_dir),
    )
}

/// The build in `target_dir` runs in Node (`e2e/js-sys-only/run.mjs`).
fn check_runs(report: &Report, mode: &str, target_dir: &Path) -> Step {
    let wasm = target_dir.join(WASM).join("debug").join("js_sys_only.wasm");
    let pkg = root().join("target/futures-path").join(mode);
    bindgen_nodejs(report, &wasm, &pkg)?;
    run(
        report,
        sh().cmd("node")
            .arg(root().join("e2e/js-sys-only/run.mjs"))
            .arg(&pkg),
    )
}

fn no_futures_crate_in_tree(report: &Report) -> Step {
    let tree = stdout_of(cargo([
        "tree", "-p", CRATE, "--target", "all", "--prefix", "none",
    ]))?;
    if tree
        .lines()
        .any(|line| line.starts_with("wasm-bindgen-futures "))
    {
        return Err(format!(
            "{CRATE} must not depend on wasm-bindgen-futures:\n{tree}"
        ));
    }
    report.note(&format!(
        "cargo tree of {CRATE} has no wasm-bindgen-futures"
    ));
    Ok(())
}

/// The default path's only errors: one unresolved import per attribute.
fn expect_default_path(report: &Report, why: &str) -> Step {
    const EXPECTED: &str = "error[E0432]: unresolved import `wasm_bindgen_futures`";
    let output = capture(build())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("error["))
        .collect();
    if output.status.success() || errors.is_empty() || errors.iter().any(|error| *error != EXPECTED)
    {
        return Err(format!(
            "{CRATE} must fail to build on the default path {why}, with only `{EXPECTED}`; it \
             {}:\n{stderr}",
            if output.status.success() {
                "built"
            } else {
                "failed otherwise"
            }
        ));
    }
    report.note(&format!(
        "{CRATE} uses wasm_bindgen_futures {why}, as it must"
    ));
    Ok(())
}
