use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(abortable)]
extern "C" {
    async fn load() -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(abortable)]
    fn sync_import() -> u32;
    async fn other() -> JsValue;
}

#[wasm_bindgen(abortable)]
pub async fn export() -> u32 {
    1
}

fn main() {}
