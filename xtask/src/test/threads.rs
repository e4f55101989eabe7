//! Threads (`+atomics`): the builds of multi-threaded wasm (nightly, `-Zbuild-std`,
//! shared memory), as `wasm-bindgen-rayon` users make them.

use std::path::Path;

use crate::browsers;
use crate::nightly;
use crate::process::{capture, root, run, sh, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen;

/// The flags of a threaded build: the target features, and the linker's shared, imported
/// memory with the thread-local storage symbols wasm-bindgen's thread support needs.
const RUSTFLAGS: &str = "-Ctarget-feature=+atomics,+bulk-memory,+mutable-globals \
    -Clink-arg=--shared-memory -Clink-arg=--max-memory=1073741824 \
    -Clink-arg=--import-memory -Clink-arg=--export=__wasm_init_tls \
    -Clink-arg=--export=__tls_size -Clink-arg=--export=__tls_align \
    -Clink-arg=--export=__tls_base";

/// `cargo +nightly <subcommand>` for wasm32 with the standard library rebuilt for
/// threads, into `target/atomics`.
fn threaded(subcommand: &str) -> xshell::Cmd<'static> {
    sh().cmd("cargo")
        .args([
            "+nightly",
            subcommand,
            "-Zbuild-std=std,panic_abort",
            "--target",
            WASM,
        ])
        .env("CARGO_TARGET_DIR", root().join("target/atomics"))
        .env("RUSTFLAGS", RUSTFLAGS)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("WASM_BINDGEN_USE_JS_SYS")
}

fn wasm_of(lib: &str) -> std::path::PathBuf {
    root()
        .join("target/atomics")
        .join(WASM)
        .join("debug")
        .join(format!("{lib}.wasm"))
}

/// The threaded build in headless Chromium (`e2e/targets/threads.html`: the main thread
/// and a worker on one memory, each with its own await table), the drop-in differential
/// of that build in Node, and the `!Send` half of the `Send` proof.
pub(crate) fn threads(report: &Report) -> Step {
    nightly::ensure(report, &["rust-src"])?;
    nightly::ensure_target(report, WASM)?;
    let chromium = browsers::chromium(report)?;

    run(report, threaded("build").args(["-p", "targets"]))?;
    let out = root().join("target/targets-threads");
    bindgen(report, &wasm_of("targets"), &out.join("threads"), "web")?;
    run(
        report,
        sh().cmd("node")
            .arg(root().join("e2e/targets/browser.mjs"))
            .arg(&chromium)
            .arg(&out)
            .arg("threads"),
    )?;

    drop_in(report)?;
    not_send(report)
}

/// The drop-in crates built for threads with each attribute: the same results.
fn drop_in(report: &Report) -> Step {
    let pkgs = root().join("target/drop-in-pkgs");
    super::drop_in::each_build(report, &pkgs, "atomics", |package, features| {
        run(
            report,
            threaded("build").args(["-p", package]).args(features),
        )?;
        Ok(root().join("target/atomics").join(WASM).join("debug"))
    })?;
    super::drop_in::same_results(report, &pkgs, Some("atomics"))
}

/// Under `+atomics` an async import's future is `!Send`: `e2e/targets` with
/// `--cfg targets_assert_send` must fail to compile, at the `assert_send` call, because
/// that future cannot be sent between threads (E0277, which rustc words so for futures).
fn not_send(report: &Report) -> Step {
    let output = capture(threaded("rustc").args([
        "-p",
        "targets",
        "--lib",
        "--",
        "--cfg",
        "targets_assert_send",
    ]))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let at = Path::new("e2e/targets/src/lib.rs").display().to_string();
    if !output.status.success()
        && stderr.contains("future cannot be sent between threads safely")
        && stderr.contains(&format!("--> {at}:"))
        && stderr.contains("assert_send(identity(1));")
    {
        report.note("+atomics: an async import's future is !Send (rejected at assert_send)");
        Ok(())
    } else {
        Err(format!(
            "+atomics: expected \"future cannot be sent between threads safely\" at {at}; the build {}:\n{stderr}",
            if output.status.success() {
                "succeeded"
            } else {
                "failed otherwise"
            }
        ))
    }
}
