//! `null` resolved for a `String` import without `catch` panics naming the import and the
//! types. With panic = "abort" a trap leaves the instance in an undefined state (its
//! shadow stack pointer is never restored), so each panicking test has its own binary.
#![deny(warnings, clippy::all, clippy::pedantic)]

use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    #[wasm_bindgen(js_name = resolves_null)]
    async fn null_for_string() -> String;
}

#[wasm_bindgen_test]
#[should_panic(
    expected = "async import `null_for_string` is declared to resolve to `String`, but its promise resolved JsValue(null)"
)]
async fn without_catch_null_for_string_panics_naming_both() {
    null_for_string().await;
}
