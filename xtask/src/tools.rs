//! The tools the commands need, installed when missing (never over global binaries):
//! the wasm32 target, `wasm-bindgen-cli` of `Cargo.lock`'s version; and the Cargo facts
//! the generated crates need.

use std::path::Path;

use crate::process::{capture, cargo, root, run, sh, stdout_of, Step, WASM};
use crate::report::Report;

/// The version of `name` recorded in `Cargo.lock`, as `cargo pkgid` reports it
/// (`registry+https://...#wasm-bindgen@0.2.130`).
pub(crate) fn locked_version(name: &str) -> Result<String, String> {
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
pub(crate) fn workspace_versions() -> Result<String, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|err| format!("cannot read Cargo.toml: {err}"))?;
    let manifest: toml::Table = manifest
        .parse()
        .map_err(|err| format!("Cargo.toml does not parse: {err}"))?;
    let dependencies = manifest
        .get("workspace")
        .and_then(|workspace| workspace.get("dependencies"))
        .and_then(toml::Value::as_table)
        .ok_or("the root Cargo.toml has no [workspace.dependencies]")?;
    let mut lines = String::new();
    for name in ["wasm-bindgen", "js-sys", "wasm-bindgen-futures"] {
        let requirement = dependencies.get(name).ok_or_else(|| {
            format!("the root Cargo.toml's [workspace.dependencies] must name {name}")
        })?;
        lines.push_str(&format!("{name} = {requirement}\n"));
    }
    Ok(lines)
}

/// Installs the wasm32 target and the matching `wasm-bindgen-cli` when missing; checks
/// that Node is there.
pub(crate) fn ensure_tools(report: &Report) -> Step {
    let installed = stdout_of(sh().cmd("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|line| line.trim() == WASM) {
        run(report, sh().cmd("rustup").args(["target", "add", WASM]))?;
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
            run(
                report,
                sh().cmd(crate::process::cargo_program())
                    .args([
                        "install",
                        "--quiet",
                        "wasm-bindgen-cli",
                        "--version",
                        &wanted,
                    ])
                    .arg("--root")
                    .arg(&tools),
            )?;
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
pub(crate) fn bindgen(report: &Report, wasm: &Path, out: &Path, target: &str) -> Step {
    run(
        report,
        sh().cmd("wasm-bindgen")
            .args(["--target", target, "--out-dir"])
            .arg(out)
            .arg(wasm),
    )
}

/// `wasm-bindgen --target nodejs` of `wasm` into `out`.
pub(crate) fn bindgen_nodejs(report: &Report, wasm: &Path, out: &Path) -> Step {
    bindgen(report, wasm, out, "nodejs")
}
