//! A string resolved for a `u32` import without `catch` panics naming the import and the
//! types. One panicking test per binary: see `panic_null_for_string.rs`.
#![deny(warnings, clippy::all, clippy::pedantic)]

use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    #[wasm_bindgen(js_name = resolves_string)]
    async fn string_for_u32() -> u32;
}

// Numbers are checked in builds with debug assertions only.
#[cfg(debug_assertions)]
#[wasm_bindgen_test]
#[should_panic(
    expected = "async import `string_for_u32` is declared to resolve to `u32`, but its promise resolved JsValue(\"abc\")"
)]
async fn without_catch_a_string_for_u32_panics_naming_both() {
    string_for_u32().await;
}
