//! An option whose value must be a path, given something else: one error, at the option.
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = 3)]
    async fn f() -> JsValue;
}

fn main() {}
