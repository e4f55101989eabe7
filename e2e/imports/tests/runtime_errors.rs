//! A promise that resolves a value of the wrong type for the declared return, under
//! `catch`; without `catch` it panics (`panic_*.rs`, one panicking test per binary). What
//! upstream's own async imports do with the same JS is checked in
//! `e2e/exports/test/upstream-comparison.test.mjs` (in a child process: it crashes it).
#![deny(warnings, clippy::all, clippy::pedantic)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = resolves_string)]
    async fn string_for_u32_caught() -> Result<u32, JsValue>;
    #[wasm_bindgen(catch, js_name = resolves_null)]
    async fn null_for_string_caught() -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = resolves_null)]
    async fn null_for_option() -> Option<String>;
    #[wasm_bindgen(catch, js_name = resolves_undefined)]
    async fn undefined_for_i32() -> Result<i32, JsValue>;
    #[wasm_bindgen(js_name = resolves_undefined)]
    async fn undefined_for_option_u32() -> Option<u32>;
    #[wasm_bindgen(catch, js_name = resolves_string)]
    async fn string_for_option_u32() -> Result<Option<u32>, JsValue>;
    #[wasm_bindgen(catch, js_name = resolves_string)]
    async fn string_for_char() -> Result<char, JsValue>;
    #[wasm_bindgen(catch, js_name = resolves_string)]
    async fn string_for_bool() -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_name = resolves_null)]
    async fn null_for_i64() -> Result<i64, JsValue>;
    #[wasm_bindgen(js_name = resolves_fraction)]
    async fn fraction_for_f64() -> f64;
    #[wasm_bindgen(js_name = resolves_negative)]
    async fn negative_for_i8() -> i8;
}

fn message(error: JsValue) -> String {
    js_sys::Error::from(error).message().into()
}

// Numbers are checked in builds with debug assertions. In release builds they convert as
// upstream does, which under `wasm-bindgen-test-runner`'s debug glue means a throw inside
// the promise's callback for a non-number: those cases are tested in debug builds only.
#[wasm_bindgen_test]
async fn catch_gives_an_error_naming_the_import_and_the_type() {
    #[cfg(debug_assertions)]
    assert_eq!(
        message(string_for_u32_caught().await.unwrap_err()),
        "async import `string_for_u32_caught` is declared to resolve to `u32`, \
         but its promise resolved JsValue(\"abc\")"
    );
    assert_eq!(
        message(null_for_string_caught().await.unwrap_err()),
        "async import `null_for_string_caught` is declared to resolve to `String`, \
         but its promise resolved JsValue(null)"
    );
}

#[cfg(debug_assertions)]
#[wasm_bindgen_test]
async fn numbers_must_be_numbers() {
    assert_eq!(
        message(undefined_for_i32().await.unwrap_err()),
        "async import `undefined_for_i32` is declared to resolve to `i32`, \
         but its promise resolved JsValue(undefined)"
    );
    assert_eq!(
        message(string_for_option_u32().await.unwrap_err()),
        "async import `string_for_option_u32` is declared to resolve to `Option<u32>`, \
         but its promise resolved JsValue(\"abc\")"
    );
}

#[wasm_bindgen_test]
async fn numbers_that_fit_convert() {
    assert_eq!(undefined_for_option_u32().await, None);
    assert!((fraction_for_f64().await - 1.5).abs() < f64::EPSILON);
    assert_eq!(negative_for_i8().await, -1);
}

// `char`, `bool`, `String` and 64-bit integers are checked in every build (this file also
// runs in release): unchecked, a wrong value throws inside the promise's callback.
#[wasm_bindgen_test]
async fn other_scalars_are_checked_in_every_build() {
    assert_eq!(
        message(string_for_char().await.unwrap_err()),
        "async import `string_for_char` is declared to resolve to `char`, \
         but its promise resolved JsValue(\"abc\")"
    );
    assert_eq!(
        message(string_for_bool().await.unwrap_err()),
        "async import `string_for_bool` is declared to resolve to `bool`, \
         but its promise resolved JsValue(\"abc\")"
    );
    assert_eq!(
        message(null_for_i64().await.unwrap_err()),
        "async import `null_for_i64` is declared to resolve to `i64`, \
         but its promise resolved JsValue(null)"
    );
}

#[wasm_bindgen_test]
async fn null_is_none_for_an_option() {
    assert_eq!(null_for_option().await, None);
}
