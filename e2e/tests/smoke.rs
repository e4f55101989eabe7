#![deny(warnings)]
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    async fn ret_u32_max() -> u32;
    #[wasm_bindgen(catch)]
    async fn reject_with(msg: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn throws_sync() -> Result<(), JsValue>;
    type Counter;
    #[wasm_bindgen(static_method_of = Counter)]
    async fn create(start: u32) -> Counter;
    #[wasm_bindgen(method)]
    async fn add(this: &Counter, k: u32) -> u32;
}

#[wasm_bindgen(inline_js = "export async function twice(x) { return x * 2; }")]
extern "C" {
    async fn twice(x: f64) -> f64;
}

#[wasm_bindgen_test]
async fn smoke() {
    assert_eq!(ret_u32_max().await, u32::MAX);
    assert_eq!(twice(2.5).await, 5.0);
    let err = reject_with("nope").await.unwrap_err();
    assert!(format!("{err:?}").contains("nope"));
    assert!(throws_sync().await.is_err());
    let c = Counter::create(1).await;
    assert_eq!(c.add(2).await, 3);
    assert_eq!(c.add(2).await, 5);
}
