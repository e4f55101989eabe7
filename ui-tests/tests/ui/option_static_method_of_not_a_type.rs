//! `static_method_of` must name a type: one error, at the option.
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(static_method_of = "not a type")]
    async fn f() -> JsValue;
}

fn main() {}
