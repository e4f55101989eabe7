//! `cargo xtask demo [serve]`, and the demo step of `cargo xtask test`.

use std::path::PathBuf;

use crate::browsers;
use crate::process::{build_wasm, root, run, sh, Step};
use crate::report::Report;
use crate::tools::{bindgen, bindgen_nodejs};

/// The Node demo (`demo/run.mjs`); returns the `.wasm` it ran.
pub(crate) fn demo_node(report: &Report) -> Result<PathBuf, String> {
    let wasm = build_wasm(report, "demo", "demo", "debug")?;
    let pkg = root().join("target").join("demo-pkg");
    bindgen_nodejs(report, &wasm, &pkg)?;
    run(
        report,
        sh().cmd("node").arg(root().join("demo/run.mjs")).arg(&pkg),
    )?;
    Ok(wasm)
}

/// The demo: in Node, then in headless Chromium with real `fetch`es against a loopback
/// server (`demo/browser/serve.mjs`), which saves a screenshot of the finished page under
/// `target/` (the test command's step: Chromium is required).
pub(crate) fn demo(report: &Report) -> Step {
    let wasm = demo_node(report)?;
    let target = root().join("target");
    let chromium = browsers::chromium(report)?;
    let web_pkg = target.join("demo-web-pkg");
    bindgen(report, &wasm, &web_pkg, "web")?;
    run(
        report,
        sh().cmd("node")
            .arg(root().join("demo/browser/serve.mjs"))
            .arg(&web_pkg)
            .arg("check")
            .arg(chromium)
            .arg(target.join("demo-browser.png")),
    )
}

/// `cargo xtask demo`: as the test step's demo, but without a way to get Chromium (not
/// root, no apt-get) the browser part is skipped with the reason, after the Node demo.
pub(crate) fn demo_browser_if_possible(report: &Report) -> Step {
    if let Err(why) = browsers::chromium(report) {
        println!("xtask: the browser demo is skipped: {why}");
        return demo_node(report).map(|_| ());
    }
    demo(report)
}

/// A debug build of `package` for wasm32 (its library `<lib>.wasm`) through
/// `wasm-bindgen --target web` into `target/<out>`; returns that directory.
pub(crate) fn web_pkg(
    report: &Report,
    package: &str,
    lib: &str,
    out: &str,
) -> Result<PathBuf, String> {
    web_pkg_of(report, package, lib, out, "debug")
}

/// [`web_pkg`] of the `profile` build (`debug` or `release`).
pub(crate) fn web_pkg_of(
    report: &Report,
    package: &str,
    lib: &str,
    out: &str,
    profile: &str,
) -> Result<PathBuf, String> {
    let wasm = build_wasm(report, package, lib, profile)?;
    let pkg = root().join("target").join(out);
    bindgen(report, &wasm, &pkg, "web")?;
    Ok(pkg)
}

/// `cargo xtask demo serve`: the browser demo for your own browser.
pub(crate) fn demo_serve(report: &Report) -> Step {
    let web_pkg = web_pkg(report, "demo", "demo", "demo-web-pkg")?;
    run(
        report,
        sh().cmd("node")
            .arg(root().join("demo/browser/serve.mjs"))
            .arg(&web_pkg)
            .arg("serve"),
    )
}
