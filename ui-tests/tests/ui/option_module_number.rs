use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = 3)]
extern "C" {
    async fn f() -> JsValue;
}

fn main() {}
