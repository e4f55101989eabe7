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
            "--test",
            "streams",
            "--test",
            "iterators",
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
    if seen.contains(r#""uncaught":["PanicError: panic in async export `start`: boom in start"#) {
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

/// With `panic = "unwind"` (nightly: the standard library rebuilt with
/// `-Zbuild-std=std,panic_unwind`), a panic in an async export rejects as upstream's
/// attribute rejects in the same build, with wasm-bindgen's `PanicError` (`name`
/// "PanicError", the bare panic message), and poisons nothing: the same export resolves
/// when it does not panic, and other exports, pending or called later, resolve.
/// `unwind-child.mjs` calls each panicking export of ours beside its upstream twin, in
/// one build.
pub(crate) fn panic_unwind(report: &Report) -> Step {
    crate::nightly::ensure(report, &["rust-src"])?;
    crate::nightly::ensure_target(report, WASM)?;
    let target_dir = root().join("target/panic-unwind");
    let pkg = variant_pkg(
        report,
        sh().cmd("cargo")
            .args([
                "+nightly",
                "build",
                "-Zbuild-std=std,panic_unwind",
                "--target",
                WASM,
            ])
            .args(["-p", "exports"])
            .env("CARGO_TARGET_DIR", &target_dir)
            // Node 20's V8 runs the legacy exception-handling instructions; the newer
            // ones (`exnref`) need Node 22.
            .env(
                "RUSTFLAGS",
                "-Cpanic=unwind -Cllvm-args=-wasm-use-legacy-eh",
            )
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("EXPORTS_E2E_TRAP_PANICS"),
        &target_dir,
        "exports.wasm",
        "exports-unwind-pkg",
    )?;
    let seen = stdout_of(
        sh().cmd("node")
            .arg(root().join("e2e/exports/test/unwind-child.mjs"))
            .env("EXPORTS_E2E_PKG", &pkg),
    )?;
    // The same for both attributes: the very same class of wasm-bindgen's.
    let side = concat!(
        r#"{"now":["rejected PanicError (PanicError): boom at the first poll","#,
        r#""rejected PanicError (PanicError): boom at the first poll"],"#,
        r#""afterAwaits":"rejected PanicError (PanicError): boom after two awaits","#,
        r#""ifOdd":["rejected PanicError (PanicError): boom number 1","resolved 2","#,
        r#""rejected PanicError (PanicError): boom number 3"],"#,
        r#""pending":"resolved 30","later":"resolved 3"}"#
    );
    let expected = format!(r#"{{"uncaught":[],"ours":{side},"upstream":{side}}}"#);
    if seen.trim() == expected {
        report.note(
            "panic = \"unwind\": ours rejected with upstream's PanicError, as upstream did, \
             and nothing was poisoned",
        );
        Ok(())
    } else {
        Err(format!(
            "panic = \"unwind\": expected\n{expected}\ngot\n{}",
            seen.trim()
        ))
    }
}
