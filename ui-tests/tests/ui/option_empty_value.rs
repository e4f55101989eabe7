//! `js_name =` with nothing after it: one error, at the `=`.
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name =)]
    async fn f() -> JsValue;
}

fn main() {}
