use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    async fn load(key: &str) -> Result<u32, JsValue>;
}

fn main() {}
