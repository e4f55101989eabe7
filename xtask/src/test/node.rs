//! The end-to-end tests in Node: imports (`wasm-bindgen-test-runner`), exports and async
//! `start`/`main` (`node --test`), and the panic checks of variant builds.

use std::path::{Path, PathBuf};

use xshell::Cmd;

use crate::process::{cargo, root, run, sh, stdout_of, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen_nodejs;

/// The import tests, in debug and in release builds: the generated code differs by
/// `debug_assertions` (number checks). The `panic_*` binaries run in debug only: after
/// the panic's trap the instance is undefined, and in release builds the runner's next
/// use of it crashes Node once the test has passed.
pub(crate) fn node_tests(report: &Report) -> Step {
    run(report, cargo(["test", "--target", WASM, "-p", "imports"]))?;
    run(
        report,
        cargo([
            "test",
            "--release",
            "--target",
            WASM,
            "-p",
            "imports",
            "--lib",
        ])
        .args([
            "--test",
            "imports",
            "--test",
            "names",
            "--test",
            "runtime_errors",
            "--test",
            "runtime",
            "--test",
            "abort",
        ]),
    )
}

/// `*.test.mjs` in `dir`, for `node --test`.
pub(crate) fn js_tests(dir: &str) -> Result<Vec<PathBuf>, String> {
    let dir = root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|err| format!("cannot list {}: {err}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}

/// Async exports, awaited from JS: `exports` (`e2e/exports`) (every return and argument kind,
/// methods, `.d.ts`, concurrency, panics) and `start-main` (async `start` and `main`,
/// each in a fresh process), in debug and in release builds.
pub(crate) fn export_tests(report: &Report) -> Step {
    let target = root().join("target");
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        run(
            report,
            cargo([
                "build",
                "--target",
                WASM,
                "-p",
                "exports",
                "-p",
                "start-main",
            ])
            .args(flags),
        )?;
        let wasm = target.join(WASM).join(profile);
        let exports_pkg = target.join(format!("exports-pkg-{profile}"));
        let start_main_pkg = target.join(format!("start-main-pkg-{profile}"));
        bindgen_nodejs(report, &wasm.join("exports.wasm"), &exports_pkg)?;
        bindgen_nodejs(report, &wasm.join("start_main.wasm"), &start_main_pkg)?;
        bindgen_nodejs(report, &wasm.join("start-main-bin.wasm"), &start_main_pkg)?;
        let mut tests = js_tests("e2e/exports/test")?;
        tests.extend(js_tests("e2e/start-main/test")?);
        run(
            report,
            sh().cmd("node")
                .arg("--test")
                .args(&tests)
                .env("EXPORTS_E2E_PKG", &exports_pkg)
                .env("EXPORTS_E2E_PROFILE", profile)
                .env("START_MAIN_PKG", &start_main_pkg),
        )?;
    }
    panic_opt_out(report)?;
    panic_in_start(report)
}

/// A variant build for one of the panic checks: runs `build`, wasm-bindgen
/// `--target nodejs` of `<target_dir>/wasm32-unknown-unknown/debug/<wasm>` into
/// `target/<pkg>`, and returns the package's directory.
pub(crate) fn variant_pkg(
    report: &Report,
    build: Cmd<'_>,
    target_dir: &Path,
    wasm: &str,
    pkg: &str,
) -> Result<PathBuf, String> {
    run(report, build)?;
    let pkg = root().join("target").join(pkg);
    bindgen_nodejs(
        report,
        &target_dir.join(WASM).join("debug").join(wasm),
        &pkg,
    )?;
    Ok(pkg)
}

/// What `panic-child.mjs` prints for `scenario` (none: its default) on the exports
/// package `pkg`.
pub(crate) fn panic_child(pkg: &Path, scenario: Option<&str>) -> Result<String, String> {
    stdout_of(
        sh().cmd("node")
            .arg(root().join("e2e/exports/test/panic-child.mjs"))
            .args(scenario)
            .env("EXPORTS_E2E_PKG", pkg),
    )
}

/// An async `start` that panics (`e2e/start-main` built with `START_MAIN_PANICS`): JS sees
/// an uncaught `Error` naming `start` and carrying the panic message.
pub(crate) fn panic_in_start(report: &Report) -> Step {
    let pkg = variant_pkg(
        report,
        cargo(["build", "--target", WASM, "-p", "start-main", "--lib"])
            .env("START_MAIN_PANICS", "1"),
        &root().join("target"),
        "start_main.wasm",
        "start-main-panics-pkg",
    )?;
    let seen = stdout_of(
        sh().cmd("node")
            .arg(root().join("e2e/start-main/test/child.mjs"))
            .arg(pkg.join("start_main.js")),
    )?;
    if seen.contains(r#""uncaught":["Error: panic in async export `start`: boom in start"#) {
        report.note("a panic in async start is thrown as an Error naming it and the panic");
        Ok(())
    } else {
        Err(format!(
            "a panic in async start: unexpected outcome {}",
            seen.trim()
        ))
    }
}

/// `cfg(wasm_bindgen_async_trap_panics)` (set by `e2e/exports/build.rs` when
/// `EXPORTS_E2E_TRAP_PANICS` is): a panic traps as with upstream's attribute (uncaught
/// `RuntimeError`, the promise pending, nothing poisoned: other exports still resolve).
pub(crate) fn panic_opt_out(report: &Report) -> Step {
    // The shared target directory: only this crate is rebuilt (its build script reads
    // the variable), and again by the next build without it.
    let pkg = variant_pkg(
        report,
        cargo(["build", "--target", WASM, "-p", "exports"]).env("EXPORTS_E2E_TRAP_PANICS", "1"),
        &root().join("target"),
        "exports.wasm",
        "exports-trap-pkg",
    )?;
    let seen = panic_child(&pkg, Some("panics_after_awaits"))?;
    let expected = r#"{"uncaught":["RuntimeError: unreachable"],"settled":"pending","other":"resolved 30","later":"resolved 3"}"#;
    if seen.trim() == expected {
        report.note("opted out of panic catching: the panic trapped, as with upstream's attribute");
        Ok(())
    } else {
        Err(format!(
            "with cfg(wasm_bindgen_async_trap_panics) expected {expected}, got {}",
            seen.trim()
        ))
    }
}

/// With `panic = "unwind"`, an async export's promise must reject with the panic
/// message. Stable Rust links wasm32-unknown-unknown against a standard library built
/// for `abort`, so a panic still aborts there even when the crate asks for `unwind`:
/// that case is reported as skipped, with what JS observed, rather than failed.
pub(crate) fn panic_unwind(report: &Report) -> Step {
    let target_dir = root().join("target/panic-unwind");
    let pkg = variant_pkg(
        report,
        cargo(["build", "--target", WASM, "-p", "exports"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("CARGO_PROFILE_DEV_PANIC", "unwind"),
        &target_dir,
        "exports.wasm",
        "exports-unwind-pkg",
    )?;
    let seen = panic_child(&pkg, None)?;
    let rejected =
        seen.contains("\"settled\":\"rejected") && seen.contains("boom from an async export");
    // Unwound, nothing is left broken and nothing is poisoned; trapped (the standard
    // library was built for abort), our runtime caught the trap and poisoned the instance.
    if rejected && !seen.contains("poisoned") {
        report.note("panic = \"unwind\": the promise rejected with the panic message");
        Ok(())
    } else if rejected {
        report.note(&format!("panic = \"unwind\" build: {}", seen.trim()));
        report.skip(format!(
            "this toolchain's standard library for {WASM} is built with panic = \"abort\", so \
             the panic trapped (our runtime caught the trap: rejected and poisoned); unwinding \
             needs a nightly toolchain with -Zbuild-std"
        ));
        Ok(())
    } else {
        Err(format!(
            "panic = \"unwind\": unexpected outcome {}",
            seen.trim()
        ))
    }
}
