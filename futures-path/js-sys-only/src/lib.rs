//! A user crate that depends on `wasm-bindgen` and `js-sys` only. It builds only when
//! `wasm_bindgen_use_js_sys` is set (any of the four opt-ins), because the default futures
//! path, `wasm_bindgen_futures`, is not among its dependencies.
//!
//! All lints are denied, pedantic ones included: generated code must add none.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use js_sys::futures::future_to_promise;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn fetch_number() -> u32;
    #[wasm_bindgen(catch)]
    async fn fail() -> Result<(), JsValue>;

    type Store;
    #[wasm_bindgen(static_method_of = Store)]
    async fn open() -> Store;
    #[wasm_bindgen(method)]
    async fn get(this: &Store, key: &str) -> String;
}

/// Runs every import and resolves to a summary line that the JS driver checks.
#[wasm_bindgen]
pub fn run() -> Promise {
    future_to_promise(async {
        let number = fetch_number().await + 1;
        let failure = fail().await.is_err();
        let value = Store::open().await.get("k").await;
        Ok(JsValue::from(format!(
            "number={number} failure={failure} value={value}"
        )))
    })
}
