//! Generated code adds no warning to a crate that denies them all, pedantic ones too
//! (clippy's pedantic group is checked on the e2e crates by `cargo xtask test`).
#![deny(warnings, missing_docs, unused_qualifications, unreachable_pub)]
//! A user crate.

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method)]
    async fn poke(this: &Thing, times: u32) -> u32;
    #[wasm_bindgen(static_method_of = Thing)]
    async fn make() -> Thing;
    #[wasm_bindgen(catch)]
    async fn load(key: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    async fn store(key: &str, value: &[u8]) -> Result<(), JsValue>;
    async fn tick();
    async fn maybe() -> Option<f64>;
}

async fn use_all() -> Result<(), JsValue> {
    let thing = Thing::make().await;
    let _ = thing.poke(2).await;
    let _ = load("k").await?;
    store("k", &[1, 2]).await?;
    tick().await;
    let _ = maybe().await;
    Ok(())
}

fn main() {
    let _ = use_all;
}
