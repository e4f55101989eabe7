use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method, indexing_getter)]
    async fn get(this: &Thing, index: u32) -> JsValue;
}

fn main() {}
