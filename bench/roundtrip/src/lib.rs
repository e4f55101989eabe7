//! Round trips between Rust and JS, for `cargo xtask bench` and `cargo xtask soak`.
//!
//! The same source is built twice: with our attribute (default) and with upstream
//! wasm-bindgen's own (`--features upstream`), whose native async support it is
//! measured against.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use wasm_bindgen::prelude::*;
#[cfg(not(feature = "upstream"))]
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn js_identity(x: u32) -> u32;
    #[wasm_bindgen(catch)]
    async fn js_reject(x: u32) -> Result<u32, JsValue>;
}

/// Rust awaiting a JS async function `n` times, one after the other.
#[wasm_bindgen]
pub async fn rust_awaits_js(n: u32) -> u32 {
    let mut sum = 0u32;
    for i in 0..n {
        sum = sum.wrapping_add(js_identity(i).await);
    }
    sum
}

/// Rust awaiting `n` rejected JS promises under `catch`; resolves how many were `Err`.
#[wasm_bindgen]
pub async fn rust_awaits_rejections(n: u32) -> u32 {
    let mut rejected = 0;
    for i in 0..n {
        if js_reject(i).await.is_err() {
            rejected += 1;
        }
    }
    rejected
}

/// An async export for JS to await: resolves `x + 1` (nothing to await inside: this
/// measures the export path itself).
#[allow(clippy::unused_async)]
#[wasm_bindgen]
pub async fn rust_identity(x: u32) -> u32 {
    x.wrapping_add(1)
}

/// Live slots of the externref heap (the soak test's leak check).
#[wasm_bindgen]
#[must_use]
pub fn live_externrefs() -> u32 {
    wasm_bindgen::externref_heap_live_count()
}
