//! A user crate that depends on `wasm-bindgen` and `js-sys` only. It builds only when
//! `wasm_bindgen_use_js_sys` is set (any of the four opt-ins), because the default futures
//! path, `wasm_bindgen_futures`, is not among its dependencies.
//!
//! All lints are denied, pedantic ones included: generated code must add none.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

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

/// An async export that runs every import and resolves to a summary line.
#[wasm_bindgen]
pub async fn run() -> String {
    let number = fetch_number().await + 1;
    let failure = fail().await.is_err();
    let value = Store::open().await.get("k").await;
    format!("number={number} failure={failure} value={value}")
}

/// An exported struct with async methods.
#[wasm_bindgen]
pub struct Tally {
    total: u32,
}

#[wasm_bindgen]
impl Tally {
    /// An async factory (`fetch_number` resolves 41).
    pub async fn open(total: u32) -> Tally {
        Tally {
            total: total + fetch_number().await - 41,
        }
    }

    /// Adds after an await, holding `&mut self` meanwhile.
    pub async fn add(&mut self, amount: u32) -> u32 {
        let _ = fetch_number().await;
        self.total += amount;
        self.total
    }
}

/// Panics after two awaits: its promise must reject with the panic on this futures path
/// too.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics() -> u32 {
    let _ = fetch_number().await;
    let _ = fetch_number().await;
    panic!("boom on the js-sys path")
}
