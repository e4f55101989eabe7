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
pub fn sync_export() -> u32 {
    1
}

#[wasm_bindgen(start, abortable)]
async fn start() {}

#[wasm_bindgen]
pub struct Thing;

#[wasm_bindgen(abortable)]
impl Thing {
    #[wasm_bindgen(getter, abortable)]
    pub async fn ready(&self) -> u32 {
        1
    }
}

fn main() {}
