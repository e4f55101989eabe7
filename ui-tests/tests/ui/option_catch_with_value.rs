use wasm_bindgen_async::wasm_bindgen;

use wasm_bindgen::prelude::JsValue;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch = true)]
    async fn f() -> Result<JsValue, JsValue>;
}

fn main() {}
