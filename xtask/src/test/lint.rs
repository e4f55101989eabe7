//! Formatting, clippy, docs, and the host tests.

use crate::process::{cargo, run, Step, WASM};
use crate::report::Report;

pub(crate) fn format_check(report: &Report) -> Step {
    run(report, cargo(["fmt", "--all", "--check"]))
}

pub(crate) fn clippy_host(report: &Report) -> Step {
    run(
        report,
        cargo([
            "clippy",
            "--workspace",
            "--exclude",
            "js-sys-only",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )
}

/// How the user-side clippy step lints a wasm-only crate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lint {
    /// With the others (their sources deny clippy's pedantic group).
    Pedantic,
    /// With `WASM_BINDGEN_USE_JS_SYS` set (it has no `wasm-bindgen-futures`).
    JsSysOnly,
    /// In its own step (`drop_in`, once per attribute).
    OwnStep,
}

/// The workspace's wasm-only crates (user-side crates built for wasm32 and run in a JS
/// engine), the one list of them: host tests exclude them, clippy lints them for wasm32.
pub(crate) const WASM_CRATES: [(&str, Lint); 8] = [
    ("imports", Lint::Pedantic),
    ("exports", Lint::Pedantic),
    ("start-main", Lint::Pedantic),
    ("targets", Lint::Pedantic),
    ("demo", Lint::Pedantic),
    ("js-sys-only", Lint::JsSysOnly),
    ("drop-in", Lint::OwnStep),
    ("drop-in-renamed", Lint::OwnStep),
];

/// The user-side crates deny clippy's pedantic group in their own sources, so generated
/// code must be clean under it; flags here would also lint our path dependencies. The
/// runtime crate is linted for wasm32 with them.
pub(crate) fn clippy_user_crates(report: &Report) -> Step {
    let clippy = |lint: Lint, also: &[&str]| {
        let packages = WASM_CRATES
            .iter()
            .filter(|(_, how)| *how == lint)
            .map(|(package, _)| *package)
            .chain(also.iter().copied());
        cargo(["clippy", "--target", WASM, "--all-targets"])
            .args(packages.flat_map(|package| ["-p", package]))
            .args(["--", "-D", "warnings"])
    };
    run(report, clippy(Lint::Pedantic, &["wasm-bindgen-async"]))?;
    run(
        report,
        clippy(Lint::JsSysOnly, &[]).env("WASM_BINDGEN_USE_JS_SYS", "1"),
    )
}

/// Rustdoc of the attribute and the support crate, warning-free (the examples run as
/// doctests in `host_tests`).
pub(crate) fn docs(report: &Report) -> Step {
    // Public docs as users see them, then with private items too, so that intra-doc
    // links between the pipeline's modules are checked.
    for private in [false, true] {
        let command = cargo([
            "doc",
            "--no-deps",
            "-p",
            "wasm-bindgen-async",
            "-p",
            "wasm-bindgen-async-support",
        ])
        .args(private.then_some("--document-private-items"));
        run(report, command.env("RUSTDOCFLAGS", "-D warnings"))?;
    }
    Ok(())
}

pub(crate) fn host_tests(report: &Report) -> Step {
    run(
        report,
        cargo(["test", "--workspace"]).args(
            WASM_CRATES
                .iter()
                .flat_map(|(package, _)| ["--exclude", package]),
        ),
    )
}
