//! Project commands, run as `cargo xtask <command>` from anywhere in the repository.
//!
//! - `cargo xtask demo [serve]`: builds the demo to wasm and runs it in Node, then in
//!   headless Chromium against a loopback server (`serve`: for your own browser).
//! - `cargo xtask test [step]`: every check and test there is (formatting, clippy, unit,
//!   snapshot and UI tests, the end-to-end tests of imports and exports in Node and in
//!   headless Chromium and Firefox, drop-in, the futures-path opt-ins, targets, the
//!   demo), one line per step (see `report`).
//! - `cargo xtask bench [part]`: ours against upstream's attribute, side by side (compile
//!   time, runtime in Node and Chromium, `.wasm` size); see `bench.rs`.
//! - `cargo xtask soak`: a million round trips each way, checking that memory and the
//!   externref table do not keep growing.
//!
//! All of them install what they need when it is missing, never over global binaries:
//! the `wasm32-unknown-unknown` target, `wasm-bindgen-cli` of exactly the `wasm-bindgen`
//! version in `Cargo.lock` (into `target/tools`), the browsers and their drivers
//! (`browsers.rs`).
//!
//! Processes are `xshell` commands from one shell at the repository root (`sh`):
//! `cargo(..)` adds the clean flag environment, `run` the report of `cargo xtask test`
//! (output captured, counted and shown only on failure), `capture` and `stdout_of` the
//! two ways of reading a command's output.

mod bench;
mod browsers;
mod minimal;
mod nightly;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Output};
use std::time::Instant;

use xshell::{Cmd, Shell};

const WASM: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    let result = match command.as_deref() {
        Some("demo") => ensure_tools().and_then(|()| match std::env::args().nth(2).as_deref() {
            None => demo_browser_if_possible(),
            Some("serve") => demo_serve(),
            Some(other) => Err(format!("usage: cargo xtask demo [serve]; got {other:?}")),
        }),
        Some("test") => ensure_tools().and_then(|()| test_all(std::env::args().nth(2))),
        Some("bench") => ensure_tools().and_then(|()| bench::bench(std::env::args().nth(2))),
        Some("soak") => ensure_tools().and_then(|()| bench::soak()),
        _ => Err("usage: cargo xtask <demo [serve]|test [step]|bench [part]|soak>".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

type Step = Result<(), String>;

/// A named step of `cargo xtask test`.
struct Named(&'static str, fn() -> Step);

/// The repository root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// The shell every command runs in: from the repository root, and without incremental
/// state (the commands build once per run: it would only take space, about half a
/// gigabyte over the test command).
fn sh() -> &'static Shell {
    thread_local! {
        static SHELL: &'static Shell = {
            let sh = Shell::new().expect("the current directory is readable");
            sh.change_dir(root());
            sh.set_var("CARGO_INCREMENTAL", "0");
            Box::leak(Box::new(sh))
        };
    }
    SHELL.with(|sh| *sh)
}

/// The `cargo` running this xtask.
fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo <args>` in [`sh`], with a clean flag environment: the user's `RUSTFLAGS` or
/// our own opt-in variables would change what is built.
fn cargo<I, S>(args: I) -> Cmd<'static>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    sh().cmd(cargo_program())
        .args(args)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("WASM_BINDGEN_USE_JS_SYS")
        .env_remove("JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT")
}

/// What the steps of `cargo xtask test` report: quiet mode, and the counts of the step
/// that is running (read from the output of the commands it runs).
mod report {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    static QUIET: AtomicBool = AtomicBool::new(false);
    static ANNOUNCED: AtomicBool = AtomicBool::new(false);
    static COUNTS: Mutex<Counts> = Mutex::new(Counts::ZERO);
    static SKIPS: Mutex<Vec<String>> = Mutex::new(Vec::new());

    /// Tests run by a step, summed over the test harnesses it ran.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Counts {
        pub passed: u64,
        pub failed: u64,
        pub skipped: u64,
    }

    impl Counts {
        pub const ZERO: Counts = Counts {
            passed: 0,
            failed: 0,
            skipped: 0,
        };
    }

    /// Commands' output is captured and shown only when they fail (`cargo xtask test`).
    pub fn set_quiet(quiet: bool) {
        QUIET.store(
            quiet && std::env::var_os("XTASK_VERBOSE").is_none(),
            Ordering::Relaxed,
        );
    }

    pub fn quiet() -> bool {
        QUIET.load(Ordering::Relaxed)
    }

    /// A line of information: shown unless quiet.
    pub fn note(line: &str) {
        if !quiet() {
            println!("xtask: {line}");
        }
    }

    /// A line that must be seen even when quiet (a long install is starting): on its
    /// own line, the step's line continuing after it.
    pub fn announce(line: &str) {
        if quiet() {
            print!("\n    xtask: {line}");
            std::io::Write::flush(&mut std::io::stdout()).ok();
            ANNOUNCED.store(true, Ordering::Relaxed);
        } else {
            println!("xtask: {line}");
        }
    }

    /// Whether something was announced since the last call: the step's result then
    /// goes on a line of its own.
    pub fn take_announced() -> bool {
        ANNOUNCED.swap(false, Ordering::Relaxed)
    }

    /// Records that part of the running step was skipped, and why.
    pub fn skip(reason: String) {
        note(&format!("skipped: {reason}"));
        SKIPS.lock().expect("not poisoned").push(reason);
    }

    /// Adds the test counts found in a command's output: `test result: ok. N passed;
    /// M failed; K ignored` (libtest, wasm-bindgen-test-runner) and `# pass N` /
    /// `# fail M` / `# skipped K` (`node --test`).
    pub fn count(output: &str) {
        let mut counts = COUNTS.lock().expect("not poisoned");
        for line in output.lines() {
            let line = line.trim_start_matches(['#', ' ', '\u{2139}']);
            if let Some(rest) = line.strip_prefix("test result: ") {
                for part in rest.split(['.', ';']) {
                    let mut words = part.split_whitespace();
                    if let (Some(n), Some(what)) = (words.next(), words.next()) {
                        if let Ok(n) = n.parse::<u64>() {
                            match what {
                                "passed" => counts.passed += n,
                                "failed" => counts.failed += n,
                                "ignored" => counts.skipped += n,
                                _ => {}
                            }
                        }
                    }
                }
            } else if let Some((what, n)) = line.split_once(' ') {
                if let Ok(n) = n.trim().parse::<u64>() {
                    match what {
                        "pass" => counts.passed += n,
                        "fail" => counts.failed += n,
                        "skipped" | "todo" => counts.skipped += n,
                        _ => {}
                    }
                }
            }
        }
    }

    /// The counts and skips recorded since the last call, reset.
    pub fn take() -> (Counts, Vec<String>) {
        let counts = std::mem::replace(&mut *COUNTS.lock().expect("not poisoned"), Counts::ZERO);
        let skips = std::mem::take(&mut *SKIPS.lock().expect("not poisoned"));
        (counts, skips)
    }
}

/// Runs `command`; an error says which command failed. Quiet (`cargo xtask test`), its
/// output is captured, counted, and shown only when it fails; else it is inherited.
fn run(command: Cmd<'_>) -> Step {
    if !report::quiet() {
        println!("$ {command}");
        return command.quiet().run().map_err(|err| err.to_string());
    }
    let shown = command.to_string();
    let output = capture(command)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    report::count(&stdout);
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{shown}` failed ({}):\n{}\n{}",
            output.status,
            tail(&stdout, 80),
            tail(&stderr, 80)
        ))
    }
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs `command`, capturing its output, whatever its status.
fn capture(command: Cmd<'_>) -> Result<Output, String> {
    command
        .quiet()
        .ignore_status()
        .output()
        .map_err(|err| err.to_string())
}

/// The standard output of `command`, which must succeed.
fn stdout_of(command: Cmd<'_>) -> Result<String, String> {
    let shown = command.to_string();
    let output = capture(command)?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "`{shown}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The version of `name` recorded in `Cargo.lock`, as `cargo pkgid` reports it
/// (`registry+https://...#wasm-bindgen@0.2.130`).
fn locked_version(name: &str) -> Result<String, String> {
    let pkgid = stdout_of(cargo(["pkgid", name]))?;
    pkgid
        .trim()
        .rsplit_once('@')
        .map(|(_, version)| version.to_owned())
        .ok_or_else(|| format!("cannot read the version of {name} from `{}`", pkgid.trim()))
}

/// The `wasm-bindgen`, `js-sys` and `wasm-bindgen-futures` requirements of the root
/// `Cargo.toml`'s `[workspace.dependencies]`, as manifest lines, for the crates the
/// xtask generates (so that they build against the versions the tests pin).
fn workspace_versions() -> Result<String, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|err| format!("cannot read Cargo.toml: {err}"))?;
    let lines: Vec<&str> = manifest
        .lines()
        .skip_while(|line| line.trim() != "[workspace.dependencies]")
        .filter(|line| {
            ["wasm-bindgen =", "js-sys =", "wasm-bindgen-futures ="]
                .iter()
                .any(|name| line.starts_with(name))
        })
        .collect();
    if lines.len() == 3 {
        Ok(lines.join("\n") + "\n")
    } else {
        Err(format!(
            "the root Cargo.toml's [workspace.dependencies] must name wasm-bindgen, js-sys \
             and wasm-bindgen-futures; found {lines:?}"
        ))
    }
}

/// Installs the wasm32 target and the matching `wasm-bindgen-cli` when missing; checks
/// that Node is there.
fn ensure_tools() -> Step {
    let installed = stdout_of(sh().cmd("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|line| line.trim() == WASM) {
        run(sh().cmd("rustup").args(["target", "add", WASM]))?;
    }

    let wanted = locked_version("wasm-bindgen")?;
    let version = |bin: &Path| {
        capture(sh().cmd(bin.join("wasm-bindgen")).arg("--version"))
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let right = |bin: &Path| {
        version(bin).as_deref() == Some(&format!("wasm-bindgen {wanted}"))
            && capture(
                sh().cmd(bin.join("wasm-bindgen-test-runner"))
                    .arg("--version"),
            )
            .is_ok()
    };
    // The CLI of the locked version: from PATH if it is there, else from (or installed
    // into) target/tools, never over the user's global binaries.
    let tools = root().join("target/tools");
    let tools_bin = tools.join("bin");
    let on_path = Path::new("");
    if !right(on_path) {
        if !right(&tools_bin) {
            println!(
                "xtask: installing wasm-bindgen-cli {wanted} into target/tools (found {} on \
                 PATH; about 3-4 minutes, once; global binaries are left alone)",
                version(on_path).as_deref().unwrap_or("none")
            );
            run(sh()
                .cmd(crate::cargo_program())
                .args([
                    "install",
                    "--quiet",
                    "wasm-bindgen-cli",
                    "--version",
                    &wanted,
                ])
                .arg("--root")
                .arg(&tools))?;
        }
        // Children (wasm-bindgen, and cargo's test runner) find it first.
        let path = std::env::var_os("PATH").unwrap_or_default();
        let joined =
            std::env::join_paths(std::iter::once(tools_bin).chain(std::env::split_paths(&path)))
                .map_err(|err| format!("PATH: {err}"))?;
        std::env::set_var("PATH", joined);
    }

    let node = stdout_of(sh().cmd("node").arg("--version")).map_err(|_| {
        "Node.js is needed to run wasm in Node; install Node 20 or newer".to_owned()
    })?;
    println!(
        "xtask: wasm-bindgen {wanted}, node {}, target {WASM}",
        node.trim()
    );
    Ok(())
}

/// `wasm-bindgen --target <target>` of `wasm` into `out`.
fn bindgen(wasm: &Path, out: &Path, target: &str) -> Step {
    run(sh()
        .cmd("wasm-bindgen")
        .args(["--target", target, "--out-dir"])
        .arg(out)
        .arg(wasm))
}

/// `wasm-bindgen --target nodejs` of `wasm` into `out`.
fn bindgen_nodejs(wasm: &Path, out: &Path) -> Step {
    bindgen(wasm, out, "nodejs")
}

/// The Node demo (`demo/run.mjs`); returns the `.wasm` it ran.
fn demo_node() -> Result<PathBuf, String> {
    run(cargo(["build", "--quiet", "--target", WASM, "-p", "demo"]))?;
    let target = root().join("target");
    let wasm = target.join(WASM).join("debug").join("demo.wasm");
    let pkg = target.join("demo-pkg");
    bindgen_nodejs(&wasm, &pkg)?;
    run(sh().cmd("node").arg(root().join("demo/run.mjs")).arg(&pkg))?;
    Ok(wasm)
}

/// The demo: in Node, then in headless Chromium with real `fetch`es against a loopback
/// server (`demo/browser/serve.mjs`), which saves a screenshot of the finished page under
/// `target/` (the test command's step: Chromium is required).
fn demo() -> Step {
    let wasm = demo_node()?;
    let target = root().join("target");
    let chromium = browsers::chromium()?;
    let web_pkg = target.join("demo-web-pkg");
    bindgen(&wasm, &web_pkg, "web")?;
    run(sh()
        .cmd("node")
        .arg(root().join("demo/browser/serve.mjs"))
        .arg(&web_pkg)
        .arg("check")
        .arg(chromium)
        .arg(target.join("demo-browser.png")))
}

/// `cargo xtask demo`: as the test step's demo, but without a way to get Chromium (not
/// root, no apt-get) the browser part is skipped with the reason, after the Node demo.
fn demo_browser_if_possible() -> Step {
    if let Err(why) = browsers::chromium() {
        println!("xtask: the browser demo is skipped: {why}");
        return demo_node().map(|_| ());
    }
    demo()
}

/// A debug build of `package` for wasm32 (its library `<lib>.wasm`) through
/// `wasm-bindgen --target web` into `target/<out>`; returns that directory.
fn web_pkg(package: &str, lib: &str, out: &str) -> Result<PathBuf, String> {
    run(cargo(["build", "--quiet", "--target", WASM, "-p", package]))?;
    let target = root().join("target");
    let pkg = target.join(out);
    let wasm = target.join(WASM).join("debug").join(format!("{lib}.wasm"));
    bindgen(&wasm, &pkg, "web")?;
    Ok(pkg)
}

/// `cargo xtask demo serve`: the browser demo for your own browser.
fn demo_serve() -> Step {
    let web_pkg = web_pkg("demo", "demo", "demo-web-pkg")?;
    run(sh()
        .cmd("node")
        .arg(root().join("demo/browser/serve.mjs"))
        .arg(&web_pkg)
        .arg("serve"))
}

/// `e2e/targets` under `wasm-bindgen --target nodejs`, `web` and `no-modules`, loaded in
/// Node, and the `web` and `no-modules` builds in a page of headless Chromium and Firefox.
fn targets() -> Step {
    let chromium = browsers::chromium()?;
    run(cargo([
        "build", "--quiet", "--target", WASM, "-p", "targets",
    ]))?;
    let target = root().join("target");
    let wasm = target.join(WASM).join("debug").join("targets.wasm");
    let out = target.join("targets");
    for name in ["nodejs", "web", "no-modules"] {
        bindgen(&wasm, &out.join(name), name)?;
    }
    run(sh()
        .cmd("node")
        .arg(root().join("e2e/targets/run.mjs"))
        .arg(&out))?;
    for browser in [chromium, browsers::firefox()?] {
        run(sh()
            .cmd("node")
            .arg(root().join("e2e/targets/browser.mjs"))
            .arg(browser)
            .arg(&out))?;
    }
    Ok(())
}

/// A browser and its WebDriver server.
struct Browser {
    name: &'static str,
    binary: PathBuf,
    driver: PathBuf,
    /// The variable `wasm-bindgen-test-runner` reads the driver from.
    driver_env: &'static str,
}

/// Headless Chromium and chromedriver, installed when missing.
fn chromium() -> Result<Browser, String> {
    Ok(Browser {
        name: "Chromium",
        binary: browsers::chromium()?,
        driver: browsers::chromedriver()?,
        driver_env: "CHROMEDRIVER",
    })
}

/// Headless Firefox ESR and geckodriver, installed when missing.
fn firefox() -> Result<Browser, String> {
    Ok(Browser {
        name: "Firefox",
        binary: browsers::firefox()?,
        driver: browsers::geckodriver()?,
        driver_env: "GECKODRIVER",
    })
}

/// The import tests (`e2e/imports`) through `wasm-bindgen-test-runner` in `browser`,
/// on both futures paths (the default, and `js_sys::futures` by
/// `WASM_BINDGEN_USE_JS_SYS`).
fn imports_in(browser: &Browser) -> Step {
    for js_sys in [false, true] {
        let command = cargo(["test", "--target", WASM, "-p", "imports"])
            .env("WASM_BINDGEN_USE_BROWSER", "1")
            .env(browser.driver_env, &browser.driver);
        let command = if js_sys {
            command.env("WASM_BINDGEN_USE_JS_SYS", "1")
        } else {
            command
        };
        run(command).map_err(|err| {
            let path = if js_sys { "js-sys" } else { "default" };
            format!("{} ({path} futures path): {err}", browser.name)
        })?;
    }
    Ok(())
}

fn imports_in_chromium() -> Step {
    imports_in(&chromium()?)
}

fn imports_in_firefox() -> Step {
    imports_in(&firefox()?)
}

/// The async export cases (`e2e/exports/test/cases.mjs`, also run in Node) in a real page
/// of `browser` over WebDriver: the `--target web` build of `e2e/exports` served from a
/// loopback server (`e2e/exports/browser/run.mjs`).
fn exports_in(browser: &Browser) -> Step {
    let pkg = web_pkg("exports", "exports", "exports-web-pkg")?;
    run(sh()
        .cmd("node")
        .arg(root().join("e2e/exports/browser/run.mjs"))
        .arg(&browser.driver)
        .arg(&browser.binary)
        .arg(&pkg))
}

fn exports_in_chromium() -> Step {
    exports_in(&chromium()?)
}

fn exports_in_firefox() -> Step {
    exports_in(&firefox()?)
}

/// The futures path: the `js-sys-only` crate (no `wasm-bindgen-futures` at all) must fail
/// to build without an opt-in, and build and run in Node with each of the four.
fn futures_path() -> Step {
    const CRATE: &str = "js-sys-only";
    let target = root().join("target");
    let flags_target = target.join("js-sys-flags");
    let build = || cargo(["build", "--target", WASM, "-p", CRATE]);
    let clean = |target_dir: &Path| {
        run(cargo(["clean", "--target", WASM, "-p", CRATE]).env("CARGO_TARGET_DIR", target_dir))
    };
    let check_runs = |mode: &str, target_dir: &Path| -> Step {
        let wasm = target_dir.join(WASM).join("debug").join("js_sys_only.wasm");
        let pkg = target.join("futures-path").join(mode);
        bindgen_nodejs(&wasm, &pkg)?;
        run(sh()
            .cmd("node")
            .arg(root().join("e2e/js-sys-only/run.mjs"))
            .arg(&pkg))
    };
    // The default path's only errors: one unresolved import per attribute.
    let expect_default_path = |why: &str| -> Step {
        const EXPECTED: &str = "error[E0432]: unresolved import `wasm_bindgen_futures`";
        let output = capture(build())?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|line| line.starts_with("error["))
            .collect();
        if output.status.success()
            || errors.is_empty()
            || errors.iter().any(|error| *error != EXPECTED)
        {
            return Err(format!(
                "{CRATE} must fail to build on the default path {why}, with only \
                 `{EXPECTED}`; it {}:\n{stderr}",
                if output.status.success() {
                    "built"
                } else {
                    "failed otherwise"
                }
            ));
        }
        report::note(&format!(
            "{CRATE} uses wasm_bindgen_futures {why}, as it must"
        ));
        Ok(())
    };

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
    report::note(&format!(
        "cargo tree of {CRATE} has no wasm-bindgen-futures"
    ));

    expect_default_path("without an opt-in")?;

    // (d) the environment variable, then unset again: no stale expansion either way.
    clean(&target)?;
    run(build().env("WASM_BINDGEN_USE_JS_SYS", "1"))?;
    check_runs("env", &target)?;
    expect_default_path("once WASM_BINDGEN_USE_JS_SYS is unset again")?;

    // (c) the crate's own build script.
    run(build().env("JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT", "1"))?;
    check_runs("build-script", &target)?;
    expect_default_path("once its build script stops setting the cfg")?;

    // (a) RUSTFLAGS. Flags apply to every crate, so they get their own target dir.
    clean(&flags_target)?;
    run(build()
        .env("RUSTFLAGS", "--cfg=wasm_bindgen_use_js_sys")
        .env("CARGO_TARGET_DIR", &flags_target))?;
    check_runs("rustflags", &flags_target)?;

    // (b) `[target.wasm32-unknown-unknown] rustflags` in a .cargo/config.toml.
    clean(&flags_target)?;
    {
        let _in_dir = sh().push_dir(root().join("e2e/js-sys-only/config-toml"));
        run(build().env("CARGO_TARGET_DIR", &flags_target))?;
    }
    check_runs("config-toml", &flags_target)
}

fn format_check() -> Step {
    run(cargo(["fmt", "--all", "--check"]))
}

fn clippy_host() -> Step {
    run(cargo([
        "clippy",
        "--workspace",
        "--exclude",
        "js-sys-only",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// How the user-side clippy step lints a wasm-only crate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lint {
    /// With the others (their sources deny clippy's pedantic group).
    Pedantic,
    /// With `WASM_BINDGEN_USE_JS_SYS` set (it has no `wasm-bindgen-futures`).
    JsSysOnly,
    /// In its own step (`drop_in`, once per attribute).
    OwnStep,
}

/// The workspace's wasm-only crates (user-side crates built for wasm32 and run in a JS
/// engine), the one list of them: host tests exclude them, clippy lints them for wasm32.
const WASM_CRATES: [(&str, Lint); 8] = [
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
fn clippy_user_crates() -> Step {
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
    run(clippy(Lint::Pedantic, &["wasm-bindgen-async"]))?;
    run(clippy(Lint::JsSysOnly, &[]).env("WASM_BINDGEN_USE_JS_SYS", "1"))
}

/// Rustdoc of the attribute and the support crate, warning-free (the examples run as
/// doctests in `host_tests`).
fn docs() -> Step {
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
        run(command.env("RUSTDOCFLAGS", "-D warnings"))?;
    }
    Ok(())
}

fn host_tests() -> Step {
    run(cargo(["test", "--workspace"]).args(
        WASM_CRATES
            .iter()
            .flat_map(|(package, _)| ["--exclude", package]),
    ))
}

/// The import tests, in debug and in release builds: the generated code differs by
/// `debug_assertions` (number checks). The `panic_*` binaries run in debug only: after
/// the panic's trap the instance is undefined, and in release builds the runner's next
/// use of it crashes Node once the test has passed.
fn node_tests() -> Step {
    run(cargo(["test", "--target", WASM, "-p", "imports"]))?;
    run(cargo([
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
    ]))
}

/// `*.test.mjs` in `dir`, for `node --test`.
fn js_tests(dir: &str) -> Result<Vec<PathBuf>, String> {
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
fn export_tests() -> Step {
    let target = root().join("target");
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        run(cargo([
            "build",
            "--target",
            WASM,
            "-p",
            "exports",
            "-p",
            "start-main",
        ])
        .args(flags))?;
        let wasm = target.join(WASM).join(profile);
        let exports_pkg = target.join(format!("exports-pkg-{profile}"));
        let start_main_pkg = target.join(format!("start-main-pkg-{profile}"));
        bindgen_nodejs(&wasm.join("exports.wasm"), &exports_pkg)?;
        bindgen_nodejs(&wasm.join("start_main.wasm"), &start_main_pkg)?;
        bindgen_nodejs(&wasm.join("start-main-bin.wasm"), &start_main_pkg)?;
        let mut tests = js_tests("e2e/exports/test")?;
        tests.extend(js_tests("e2e/start-main/test")?);
        run(sh()
            .cmd("node")
            .arg("--test")
            .args(&tests)
            .env("EXPORTS_E2E_PKG", &exports_pkg)
            .env("EXPORTS_E2E_PROFILE", profile)
            .env("START_MAIN_PKG", &start_main_pkg))?;
    }
    panic_opt_out()?;
    panic_in_start()
}

/// A variant build for one of the panic checks: runs `build`, wasm-bindgen
/// `--target nodejs` of `<target_dir>/wasm32-unknown-unknown/debug/<wasm>` into
/// `target/<pkg>`, and returns the package's directory.
fn variant_pkg(
    build: Cmd<'_>,
    target_dir: &Path,
    wasm: &str,
    pkg: &str,
) -> Result<PathBuf, String> {
    run(build)?;
    let pkg = root().join("target").join(pkg);
    bindgen_nodejs(&target_dir.join(WASM).join("debug").join(wasm), &pkg)?;
    Ok(pkg)
}

/// What `panic-child.mjs` prints for `scenario` (none: its default) on the exports
/// package `pkg`.
fn panic_child(pkg: &Path, scenario: Option<&str>) -> Result<String, String> {
    stdout_of(
        sh().cmd("node")
            .arg(root().join("e2e/exports/test/panic-child.mjs"))
            .args(scenario)
            .env("EXPORTS_E2E_PKG", pkg),
    )
}

/// An async `start` that panics (`e2e/start-main` built with `START_MAIN_PANICS`): JS sees
/// an uncaught `Error` naming `start` and carrying the panic message.
fn panic_in_start() -> Step {
    let pkg = variant_pkg(
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
        report::note("a panic in async start is thrown as an Error naming it and the panic");
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
fn panic_opt_out() -> Step {
    // The shared target directory: only this crate is rebuilt (its build script reads
    // the variable), and again by the next build without it.
    let pkg = variant_pkg(
        cargo(["build", "--target", WASM, "-p", "exports"]).env("EXPORTS_E2E_TRAP_PANICS", "1"),
        &root().join("target"),
        "exports.wasm",
        "exports-trap-pkg",
    )?;
    let seen = panic_child(&pkg, Some("panics_after_awaits"))?;
    let expected = r#"{"uncaught":["RuntimeError: unreachable"],"settled":"pending","other":"resolved 30","later":"resolved 3"}"#;
    if seen.trim() == expected {
        report::note(
            "opted out of panic catching: the panic trapped, as with upstream's attribute",
        );
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
fn panic_unwind() -> Step {
    let target_dir = root().join("target/panic-unwind");
    let pkg = variant_pkg(
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
        report::note("panic = \"unwind\": the promise rejected with the panic message");
        Ok(())
    } else if rejected {
        report::note(&format!("panic = \"unwind\" build: {}", seen.trim()));
        report::skip(format!(
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

/// The drop-in check: the crates under `e2e/drop-in/` built with upstream's attribute and
/// with ours, warning-free under clippy, must pass the same JS tests with the same
/// results, in debug and in release builds (our value checks differ by
/// `debug_assertions`). Packages go to `target/drop-in-pkgs/<lib>-<attribute>-<profile>`.
fn drop_in() -> Step {
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
            run(cargo(["clippy", "--target", WASM, "-p", package])
                .args(features)
                .args(["--", "-D", "warnings"]))?;
            for (profile, flags) in PROFILES {
                run(cargo(["build", "--target", WASM, "-p", package])
                    .args(flags)
                    .args(features))?;
                bindgen_nodejs(
                    &target.join(WASM).join(profile).join(format!("{lib}.wasm")),
                    &pkgs.join(format!("{lib}-{attribute}-{profile}")),
                )?;
            }
        }
    }
    run(sh()
        .cmd("node")
        .arg("--test")
        .args(js_tests("e2e/drop-in/test")?)
        .env("DROP_IN_PKGS", &pkgs))
}

/// Every step of `cargo xtask test`, in order.
const STEPS: &[Named] = &[
    Named("format", format_check),
    Named("clippy (host)", clippy_host),
    Named(
        "clippy pedantic on user crates (wasm32)",
        clippy_user_crates,
    ),
    Named("docs", docs),
    Named(
        "host tests: unit, snapshots, property, UI, doctests",
        host_tests,
    ),
    Named(
        "Miri: the runtime's state machines and waker (nightly)",
        nightly::miri,
    ),
    Named("end-to-end tests in Node: imports", node_tests),
    Named("end-to-end tests in Node: exports", export_tests),
    Named(
        "panic = \"unwind\": an async export's panic rejects without poisoning",
        panic_unwind,
    ),
    Named(
        "Chromium: imports through wasm-bindgen-test-runner, both futures paths",
        imports_in_chromium,
    ),
    Named(
        "Firefox: imports through wasm-bindgen-test-runner, both futures paths",
        imports_in_firefox,
    ),
    Named(
        "Chromium: exports in a page over WebDriver",
        exports_in_chromium,
    ),
    Named(
        "Firefox: exports in a page over WebDriver",
        exports_in_firefox,
    ),
    Named(
        "drop-in: upstream's attribute and ours on the same crate",
        drop_in,
    ),
    Named("futures path opt-ins", futures_path),
    Named(
        "targets: nodejs, web and no-modules in Node; web and no-modules in Chromium and Firefox",
        targets,
    ),
    Named("demo", demo),
    Named(
        "no duplicate crates in a user's build through ours",
        minimal::no_duplicates_through_us,
    ),
];

/// Runs every step, or those whose name contains `only`: one line per step with its
/// time, its test counts and what it skipped, then `N passed, M failed, K skipped`
/// (steps). Commands' output is shown only for a failure (all of it with
/// `XTASK_VERBOSE=1`).
fn test_all(only: Option<String>) -> Step {
    let steps: Vec<&Named> = STEPS
        .iter()
        .filter(|Named(name, _)| {
            only.as_ref()
                .is_none_or(|only| name.contains(only.as_str()))
        })
        .collect();
    if steps.is_empty() {
        let names: Vec<&str> = STEPS.iter().map(|Named(name, _)| *name).collect();
        return Err(format!("no step matches {only:?}; the steps: {names:?}"));
    }
    report::set_quiet(true);
    let (mut passed, mut failed, mut skipped) = (0, Vec::new(), 0);
    let total = Instant::now();
    for (i, Named(name, step)) in steps.iter().enumerate() {
        print!("[{}/{}] {name} ... ", i + 1, steps.len());
        std::io::Write::flush(&mut std::io::stdout()).ok();
        let start = Instant::now();
        let result = step();
        let (counts, skips) = report::take();
        let elapsed = start.elapsed().as_secs_f64();
        if report::take_announced() {
            print!("\n    ");
        }
        let tests = if counts == report::Counts::ZERO {
            String::new()
        } else {
            format!(
                ", tests: {} passed, {} failed, {} skipped",
                counts.passed, counts.failed, counts.skipped
            )
        };
        match result {
            Ok(()) if skips.is_empty() => {
                passed += 1;
                println!("ok ({elapsed:.1} s{tests})");
            }
            Ok(()) => {
                skipped += 1;
                println!("skipped ({elapsed:.1} s{tests}): {}", skips.join("; "));
            }
            Err(message) => {
                failed.push(*name);
                println!("FAILED ({elapsed:.1} s{tests})\n{message}");
            }
        }
    }
    println!(
        "\nxtask: {passed} passed, {} failed, {skipped} skipped ({:.0} s){}",
        failed.len(),
        total.elapsed().as_secs_f64(),
        if failed.is_empty() {
            String::new()
        } else {
            format!("; failed: {}", failed.join(", "))
        }
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err("some steps failed".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::report;

    #[test]
    fn counts_are_read_from_libtest_and_node_output() {
        report::take();
        report::count(
            "test result: ok. 47 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out\n\
             test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured\n\
             # pass 12\n# fail 1\n# skipped 4\n# todo 0\n\
             \u{2139} pass 5\n\
             passed 3 of them\n",
        );
        let (counts, skips) = report::take();
        assert_eq!(
            counts,
            report::Counts {
                passed: 65,
                failed: 4,
                skipped: 6
            }
        );
        assert!(skips.is_empty());
        report::skip("no toolchain".to_owned());
        assert_eq!(report::take().1, ["no toolchain"]);
    }
}
