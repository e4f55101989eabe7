use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, catch)]
    async fn f() -> Result<JsValue, JsValue>;
}

fn main() {}
