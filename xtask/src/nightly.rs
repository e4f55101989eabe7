//! The nightly toolchain: Miri for the runtime's unsafe code, and the builds that need
//! `-Zbuild-std` (`panic = "unwind"`). Installed when missing, saying so, as the other
//! tools are.

use crate::process::{capture, root, run, sh, stdout_of, Step};
use crate::report::Report;

/// Makes sure `rustup`'s nightly toolchain has `components`: installs the toolchain
/// (minimal profile) and the components that are missing, announcing each.
pub fn ensure(report: &Report, components: &[&str]) -> Step {
    let present = capture(
        sh().cmd("rustup")
            .args(["run", "nightly", "rustc", "--version"]),
    )
    .is_ok_and(|output| output.status.success());
    if !present {
        report.announce("installing the nightly toolchain with rustup (about 1-2 minutes, once)");
        run(
            report,
            sh().cmd("rustup")
                .args(["toolchain", "install", "nightly", "--profile", "minimal"]),
        )?;
    }
    let installed = stdout_of(sh().cmd("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        "nightly",
    ]))?;
    let missing: Vec<&str> = components
        .iter()
        .copied()
        .filter(|component| !installed.lines().any(|line| line.starts_with(component)))
        .collect();
    if !missing.is_empty() {
        report.announce(&format!(
            "installing {} for the nightly toolchain with rustup (about a minute, once)",
            missing.join(" and ")
        ));
        run(
            report,
            sh().cmd("rustup")
                .args(["component", "add", "--toolchain", "nightly"])
                .args(&missing),
        )?;
    }
    Ok(())
}

/// Makes sure the nightly toolchain has the standard library for `target` installed
/// (announcing the install).
pub fn ensure_target(report: &Report, target: &str) -> Step {
    let installed = stdout_of(sh().cmd("rustup").args([
        "target",
        "list",
        "--installed",
        "--toolchain",
        "nightly",
    ]))?;
    if !installed.lines().any(|line| line.trim() == target) {
        report.announce(&format!(
            "installing the {target} target for the nightly toolchain with rustup (once)"
        ));
        run(
            report,
            sh().cmd("rustup")
                .args(["target", "add", "--toolchain", "nightly", target]),
        )?;
    }
    Ok(())
}

/// The runtime's host tests under Miri: the state machines' property tests (fewer cases:
/// Miri is slow) and the waker's vtable, the runtime's unsafe code on the host. Leaks are
/// not errors here: after a trap the runtime leaks futures on purpose, and the tests'
/// model does the same.
pub fn miri(report: &Report) -> Step {
    ensure(report, &["miri", "rust-src"])?;
    run(
        report,
        sh().cmd("cargo")
            .args([
                "+nightly",
                "miri",
                "test",
                "-p",
                "wasm-bindgen-async",
                "--lib",
            ])
            .env("CARGO_TARGET_DIR", root().join("target/miri"))
            .env("MIRIFLAGS", "-Zmiri-ignore-leaks")
            .env("WBGA_PROPTEST_CASES", "4")
            .env_remove("RUSTFLAGS"),
    )
}
