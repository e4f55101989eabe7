//! The smallest user crate: one async import and one async export, buildable with our
//! attribute (`--features ours`) or with upstream's own (no feature: then it does not
//! depend on us at all, as a user who never added us).
//!
//! `cargo xtask test` checks that its dependency graph gains no duplicate crate through
//! ours; `cargo xtask bench` times its clean builds both ways.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::process::{cargo, root, stdout_of, Step};
use crate::report::Report;
use crate::tools::workspace_versions;

/// With or without us.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attribute {
    /// `use wasm_bindgen_async::wasm_bindgen;` over the prelude's attribute.
    Ours,
    /// The prelude's attribute, and no dependency on us.
    Upstream,
}

impl Attribute {
    /// Both, ours first.
    pub const BOTH: [Attribute; 2] = [Attribute::Ours, Attribute::Upstream];

    /// For messages.
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Ours => "ours",
            Attribute::Upstream => "upstream",
        }
    }

    /// The `cargo` arguments that select it.
    pub fn features(self) -> &'static [&'static str] {
        match self {
            Attribute::Ours => &["--features", "ours"],
            Attribute::Upstream => &[],
        }
    }
}

/// Writes the crate into `dir` (with the workspace's `Cargo.lock`, so that it resolves
/// the versions our tests pin) and returns its manifest.
pub fn write(dir: &Path) -> Result<PathBuf, String> {
    let io =
        |result: std::io::Result<()>| result.map_err(|err| format!("{}: {err}", dir.display()));
    io(std::fs::create_dir_all(dir.join("src")))?;
    let manifest = dir.join("Cargo.toml");
    let versions = workspace_versions()?;
    let crate_dir = root().join("runtime");
    io(std::fs::write(
        &manifest,
        format!(
            "[package]\nname = \"minimal-user\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\ncrate-type = [\"cdylib\"]\n\n\
             [features]\nours = [\"dep:wasm-bindgen-async\"]\n\n\
             [dependencies]\nwasm-bindgen-async = {{ path = {crate_dir:?}, optional = true }}\n\
             {versions}\n[workspace]\n"
        ),
    ))?;
    io(std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).map(|_| ()))?;
    io(std::fs::write(
        dir.join("src/lib.rs"),
        r#"//! One async import and one async export.
use wasm_bindgen::prelude::*;
#[cfg(feature = "ours")]
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(inline_js = "export async function twice(x) { return 2 * x; }")]
extern "C" {
    async fn twice(x: f64) -> JsValue;
}

/// Awaits the import.
#[wasm_bindgen]
pub async fn four() -> JsValue {
    twice(2.0).await
}
"#,
    ))?;
    Ok(manifest)
}

/// The packages `cargo tree -d` lists as present in more than one version, for the
/// minimal crate built with `attribute` (host and wasm32 dependencies alike).
fn duplicated(manifest: &Path, attribute: Attribute) -> Result<BTreeSet<String>, String> {
    let tree = stdout_of(
        cargo([
            "tree",
            "--duplicates",
            "--edges",
            "normal,build",
            "--target",
            "all",
            "--prefix",
            "depth",
        ])
        .arg("--manifest-path")
        .arg(manifest)
        .args(attribute.features()),
    )?;
    // With `--prefix depth`, the duplicated packages themselves are the depth-0 lines.
    Ok(tree
        .lines()
        .filter_map(|line| line.strip_prefix('0'))
        .map(|package| package.split(" (").next().unwrap_or(package).to_owned())
        .collect())
}

/// `cargo xtask test`: a user crate gains no duplicate crate by adding us.
pub fn no_duplicates_through_us(report: &Report) -> Step {
    let manifest = write(&root().join("target/minimal-user"))?;
    let upstream = duplicated(&manifest, Attribute::Upstream)?;
    let ours = duplicated(&manifest, Attribute::Ours)?;
    let added: Vec<&String> = ours.difference(&upstream).collect();
    if !added.is_empty() {
        return Err(format!(
            "adding wasm-bindgen-async makes a user crate build these crates in two versions: \
             {added:?} (cargo tree --duplicates of {})",
            manifest.display()
        ));
    }
    report.note(&format!(
        "a user crate with wasm-bindgen-async has the duplicates it has without it: {}",
        if ours.is_empty() {
            "none".to_owned()
        } else {
            format!("{ours:?}")
        }
    ));
    Ok(())
}
