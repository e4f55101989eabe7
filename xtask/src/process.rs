//! Processes: one `xshell` shell at the repository root (`sh`), `cargo(..)` with a clean
//! flag environment, and the ways of running a command: `run` (reported, counted, output
//! shown only on failure when quiet), `capture` and `stdout_of`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use xshell::{Cmd, Shell};

use crate::report::Report;

pub(crate) const WASM: &str = "wasm32-unknown-unknown";

pub(crate) type Step = Result<(), String>;

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
pub(crate) fn sh() -> &'static Shell {
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
pub(crate) fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo <args>` in [`sh`], with a clean flag environment: the user's `RUSTFLAGS` or
/// our own opt-in variables would change what is built.
pub(crate) fn cargo<I, S>(args: I) -> Cmd<'static>
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

/// Runs `command`; an error says which command failed. Quiet (`cargo xtask test`), its
/// output is captured, counted, and shown only when it fails; else it is inherited.
pub(crate) fn run(report: &Report, command: Cmd<'_>) -> Step {
    if !report.is_quiet() {
        println!("$ {command}");
        return command.quiet().run().map_err(|err| err.to_string());
    }
    let shown = command.to_string();
    let output = capture(command)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    report.count(&stdout);
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

/// `cargo build` of `package` for wasm32, `profile` `debug` or `release`, into the
/// workspace's target directory: the path of its `<lib>.wasm`.
pub(crate) fn build_wasm(
    report: &Report,
    package: &str,
    lib: &str,
    profile: &str,
) -> Result<PathBuf, String> {
    let build = cargo(["build", "--quiet", "--target", WASM, "-p", package]);
    run(
        report,
        if profile == "release" {
            build.arg("--release")
        } else {
            build
        },
    )?;
    Ok(root()
        .join("target")
        .join(WASM)
        .join(profile)
        .join(format!("{lib}.wasm")))
}

/// The last `n` lines of `text`.
pub(crate) fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs `command`, capturing its output, whatever its status.
pub(crate) fn capture(command: Cmd<'_>) -> Result<Output, String> {
    command
        .quiet()
        .ignore_status()
        .output()
        .map_err(|err| err.to_string())
}

/// The standard output of `command`, which must succeed.
pub(crate) fn stdout_of(command: Cmd<'_>) -> Result<String, String> {
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
