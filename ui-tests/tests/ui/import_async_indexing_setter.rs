use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method, indexing_setter)]
    async fn set(this: &Thing, index: u32, value: JsValue);
}

fn main() {}
