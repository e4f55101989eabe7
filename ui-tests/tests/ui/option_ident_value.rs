//! An option whose value must be an identifier, given something else: one error, at the option.
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(vendor_prefix = 3)]
    async fn f() -> JsValue;
}

fn main() {}
