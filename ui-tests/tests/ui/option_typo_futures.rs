use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(wasm_bindgen_future = ::wasm_bindgen_futures)]
extern "C" {
    async fn f() -> JsValue;
}

fn main() {}
