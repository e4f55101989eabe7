//! Valid inputs expand to code that compiles.
//!
//! A seeded sample of valid items (imports, exports, methods, synchronous items) with
//! valid option forms (raw strings, types in strings, crate paths, namespaces) is expanded;
//! no expansion may contain a `compile_error!`, and all of them, as the modules of one
//! crate, must build for `wasm32-unknown-unknown` against the workspace's wasm-bindgen.
//! `WBGA_EXPANSION_MODULES` sets how many modules (default 24).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasm_bindgen_async_support::{expand_with, Env};

mod common;
use common::Rng;

/// Templates: option variants and an item. `{n}` is the module's number, so that exported
/// names stay unique in the crate.
const TEMPLATES: &[(&[&str], &str)] = &[
    (
        &[
            r#"raw_module = "./api.js""#,
            r##"raw_module = r#"./api.js"#"##,
            r#"js_namespace = ["a", "b"]"#,
            r#"js_namespace = r"ns", raw_module = "./api.js""#,
            "raw_module = \"./api.js\", wasm_bindgen = ::wasm_bindgen, js_sys = js_sys, \
             wasm_bindgen_futures = wasm_bindgen_futures",
            r#"raw_module = "./api.js", wasm_bindgen_futures = "::wasm_bindgen_futures""#,
            "raw_module = \"./api.js\", wasm_bindgen_futures = futures_alias",
        ],
        r#"extern "C" {
            #[wasm_bindgen(catch, js_name = load)]
            pub async fn load(key: &str, _: u32) -> Result<u32, JsValue>;
            async fn nothing();
            type Client;
            #[wasm_bindgen(method, structural, js_name = r"fetch")]
            async fn fetch(this: &Client, url: String) -> Option<String>;
            #[wasm_bindgen(static_method_of = "Client", js_name = open)]
            async fn open() -> Client;
            #[wasm_bindgen(method, getter)]
            async fn ready(this: &Client) -> String;
            #[wasm_bindgen(catch)]
            async fn alias() -> JsResult<char>;
            async fn echo<T: JsGeneric + FromWasmAbi>(x: T) -> T;
            async fn each(f: &dyn Fn(u32)) -> usize;
            async unsafe fn risky(x: Option<isize>) -> Option<char>;
            #[wasm_bindgen(abortable)]
            async fn cancellable(url: &str) -> u32;
            #[wasm_bindgen(abortable, catch, method)]
            async fn cancellable_method(this: &Client) -> Result<Option<js_sys::JsString>, JsValue>;
            fn sync_one(x: u32) -> Promise<u32>;
        }"#,
    ),
    (
        &[
            "js_name = loadThing{n}",
            r#"js_name = r"loadThing{n}""#,
            r#"js_name = "loadThing{n}", skip_typescript"#,
            "js_name = loadThing{n}, wasm_bindgen_futures = wasm_bindgen_futures",
        ],
        "pub async fn load_thing(key: &str, bytes: &[u8], out: &mut [u8]) -> Result<u32, JsError> {
            out[0] = 1;
            Ok(u32::try_from(key.len() + bytes.len()).unwrap_or(0))
        }",
    ),
    (
        &[
            "js_name = parse{n}",
            r#"js_name = "parse{n}", wasm_bindgen_futures = futures_alias"#,
        ],
        "pub async fn parse(text: String) -> Result<u32, String> {
            text.parse().map_err(|e: std::num::ParseIntError| e.to_string())
        }",
    ),
    (
        &[""],
        r#"impl Counter{n} {
            pub async fn create(n: u32) -> Counter{n} { Counter{n} { n } }
            pub async fn get(&self) -> u32 { self.n }
            pub async fn add(&mut self, k: u32) -> Result<u32, String> { self.n += k; Ok(self.n) }
            #[wasm_bindgen(getter)]
            pub async fn size(&self) -> u32 { self.n }
            #[wasm_bindgen(js_name = r"bump")]
            pub fn bump(&mut self) { self.n += 1; }
        }"#,
    ),
    (
        &["js_name = add{n}", r#"js_name = r"add{n}""#],
        "pub fn add(a: u32, b: u32) -> u32 { a + b }",
    ),
    (
        &["abortable", "abortable, js_name = cancellableWork{n}"],
        r#"pub async fn cancellable_{n}(ms: u32, signal: u32) -> Result<u32, JsError> { Ok(ms + signal) }"#,
    ),
];

/// What every module starts with: the names the templates use.
const PRELUDE: &str = "
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::{JsGeneric, convert::FromWasmAbi};
    use js_sys::Promise;
    use wasm_bindgen_futures as futures_alias;
    type JsResult<T> = Result<T, JsValue>;
";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("in the workspace")
        .to_path_buf()
}

/// The wasm-bindgen requirements of the workspace (`[workspace.dependencies]` of the
/// root manifest), and this crate's runtime, as manifest lines.
fn versions() -> String {
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .expect("root manifest")
        .parse()
        .expect("the root manifest parses");
    let dependencies = &manifest["workspace"]["dependencies"];
    let mut lines: Vec<String> = ["wasm-bindgen", "js-sys", "wasm-bindgen-futures"]
        .iter()
        .map(|name| format!("{name} = {}", dependencies[name]))
        .collect();
    lines.push(format!(
        "wasm-bindgen-async = {{ path = {:?} }}",
        root().join("runtime")
    ));
    lines.join("\n")
}

fn expand(attr: &str, item: &str) -> String {
    let attr: proc_macro2::TokenStream = attr.parse().expect("template options parse");
    let item: proc_macro2::TokenStream = item.parse().expect("template item parses");
    expand_with(Env::default(), attr, item).to_string()
}

#[test]
fn valid_expansions_compile_for_wasm32() {
    let modules: usize = std::env::var("WBGA_EXPANSION_MODULES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let mut rng = Rng(0x51_7cc1_b727_220a);
    let mut lib = String::from("#![allow(dead_code, unused_imports)]\n#![deny(warnings)]\n");
    for n in 0..modules {
        let mut module = String::from(PRELUDE);
        let counter = expand("", &format!("pub struct Counter{n} {{ n: u32 }}"));
        let _ = writeln!(module, "{counter}");
        // Every template once per module, with a chosen option variant.
        for (variants, item) in TEMPLATES {
            let attr = rng.pick(variants).replace("{n}", &n.to_string());
            let item = item.replace("{n}", &n.to_string());
            let expansion = expand(&attr, &item);
            assert!(
                !expansion.contains("compile_error"),
                "a valid input gave an error: #[wasm_bindgen({attr})] {item}\n{expansion}"
            );
            let _ = writeln!(module, "{expansion}");
        }
        let _ = writeln!(lib, "mod m{n} {{\n{module}\n}}");
    }

    let dir = root().join("target/tests/valid-expansions");
    std::fs::create_dir_all(dir.join("src")).expect("crate dir");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"valid-expansions\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\n{}\n\n\
             [workspace]\n",
            versions()
        ),
    )
    .expect("manifest");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    std::fs::write(dir.join("src/lib.rs"), &lib).expect("lib.rs");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--target",
            "wasm32-unknown-unknown",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("WASM_BINDGEN_USE_JS_SYS")
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/tests/valid-expansions-target"),
        )
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{modules} modules of valid expansions ({}) must build for wasm32 (needs the \
         wasm32-unknown-unknown target: `cargo xtask test` installs it):\n{}",
        dir.join("src/lib.rs").display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
