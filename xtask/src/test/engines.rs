//! The browsers: import tests through `wasm-bindgen-test-runner`, export cases over
//! WebDriver, and the `targets` crate in Node, Chromium and Firefox.

use std::path::PathBuf;

use crate::browsers;
use crate::demo::web_pkg_of;
use crate::process::{build_wasm, cargo, root, run, sh, Step, WASM};
use crate::report::Report;
use crate::tools::bindgen;

/// `e2e/targets` under `wasm-bindgen --target nodejs`, `web` and `no-modules`, loaded in
/// Node, and the `web` and `no-modules` builds in a page of headless Chromium and Firefox.
pub(crate) fn targets(report: &Report) -> Step {
    let chromium = browsers::chromium(report)?;
    let wasm = build_wasm(report, "targets", "targets", "debug")?;
    let out = root().join("target").join("targets");
    for name in ["nodejs", "web", "no-modules"] {
        bindgen(report, &wasm, &out.join(name), name)?;
    }
    run(
        report,
        sh().cmd("node")
            .arg(root().join("e2e/targets/run.mjs"))
            .arg(&out),
    )?;
    for browser in [chromium, browsers::firefox(report)?] {
        run(
            report,
            sh().cmd("node")
                .arg(root().join("e2e/targets/browser.mjs"))
                .arg(browser)
                .arg(&out),
        )?;
    }
    Ok(())
}

/// A browser and its WebDriver server.
pub(crate) struct Browser {
    name: &'static str,
    binary: PathBuf,
    driver: PathBuf,
    /// The variable `wasm-bindgen-test-runner` reads the driver from.
    driver_env: &'static str,
}

/// Headless Chromium and chromedriver, installed when missing.
pub(crate) fn chromium(report: &Report) -> Result<Browser, String> {
    Ok(Browser {
        name: "Chromium",
        binary: browsers::chromium(report)?,
        driver: browsers::chromedriver(report)?,
        driver_env: "CHROMEDRIVER",
    })
}

/// Headless Firefox ESR and geckodriver, installed when missing.
pub(crate) fn firefox(report: &Report) -> Result<Browser, String> {
    Ok(Browser {
        name: "Firefox",
        binary: browsers::firefox(report)?,
        driver: browsers::geckodriver(report)?,
        driver_env: "GECKODRIVER",
    })
}

/// The import tests (`e2e/imports`) through `wasm-bindgen-test-runner` in `browser`,
/// on both futures paths (the default, and `js_sys::futures` by
/// `WASM_BINDGEN_USE_JS_SYS`).
pub(crate) fn imports_in(report: &Report, browser: &Browser) -> Step {
    for js_sys in [false, true] {
        let command = cargo(["test", "--target", WASM, "-p", "imports"])
            .env("WASM_BINDGEN_USE_BROWSER", "1")
            .env(browser.driver_env, &browser.driver);
        let command = if js_sys {
            command.env("WASM_BINDGEN_USE_JS_SYS", "1")
        } else {
            command
        };
        run(report, command).map_err(|err| {
            let path = if js_sys { "js-sys" } else { "default" };
            format!("{} ({path} futures path): {err}", browser.name)
        })?;
    }
    Ok(())
}

pub(crate) fn imports_in_chromium(report: &Report) -> Step {
    imports_in(report, &chromium(report)?)
}

pub(crate) fn imports_in_firefox(report: &Report) -> Step {
    imports_in(report, &firefox(report)?)
}

/// The async export cases (`e2e/exports/test/cases.mjs`, also run in Node) in a real page
/// of `browser` over WebDriver: the `--target web` build of `e2e/exports` served from a
/// loopback server (`e2e/exports/browser/run.mjs`), debug and release (the runtime's
/// catch around a poll differs between them, see `runtime/src/__rt/task/catch.rs`).
pub(crate) fn exports_in(report: &Report, browser: &Browser) -> Step {
    for profile in ["debug", "release"] {
        let out = format!("exports-web-pkg-{profile}");
        let pkg = web_pkg_of(report, "exports", "exports", &out, profile)?;
        run(
            report,
            sh().cmd("node")
                .arg(root().join("e2e/exports/browser/run.mjs"))
                .arg(&browser.driver)
                .arg(&browser.binary)
                .arg(&pkg),
        )?;
    }
    Ok(())
}

pub(crate) fn exports_in_chromium(report: &Report) -> Step {
    exports_in(report, &chromium(report)?)
}

pub(crate) fn exports_in_firefox(report: &Report) -> Step {
    exports_in(report, &firefox(report)?)
}
