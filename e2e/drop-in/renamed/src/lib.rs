//! `wasm-bindgen`, `js-sys` and `wasm-bindgen-futures` as renamed dependencies (`wb`,
//! `jss`, `wbf`), reached through the crate-path options on imports and exports.
#![deny(warnings, clippy::all, clippy::pedantic)]

#[cfg(feature = "ours")]
use wasm_bindgen_async::wasm_bindgen;
use wb::prelude::*;

#[wasm_bindgen(
    inline_js = "export async function add(a, b) { return a + b; }",
    wasm_bindgen = wb,
    js_sys = jss,
    wasm_bindgen_futures = wbf
)]
extern "C" {
    async fn add(a: u32, b: u32) -> u32;
    #[wasm_bindgen(catch, js_name = add)]
    async fn add_or_err(a: u32, b: u32) -> Result<u32, JsValue>;
}

/// Awaits both imports.
///
/// # Errors
/// When the import rejects.
#[wasm_bindgen(wasm_bindgen = wb, js_sys = jss, wasm_bindgen_futures = wbf)]
pub async fn sum(a: u32, b: u32) -> Result<u32, JsValue> {
    Ok(add(a, b).await + add_or_err(a, b).await?)
}
