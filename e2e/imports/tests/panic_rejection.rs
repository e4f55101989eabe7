//! A rejection without `catch` panics naming the import and the reason. One panicking
//! test per binary: see `panic_null_for_string.rs`.
#![deny(warnings, clippy::all, clippy::pedantic)]

use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    async fn rejects_no_catch() -> u32;
}

#[wasm_bindgen_test]
#[should_panic(
    expected = "async import `rejects_no_catch` rejected and has no `catch`: JsValue(Error: nobody catches this"
)]
async fn rejection_without_catch_panics_naming_the_import_and_the_reason() {
    rejects_no_catch().await;
}
