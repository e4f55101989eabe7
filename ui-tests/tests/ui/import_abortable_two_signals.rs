use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(abortable)]
    async fn load(signal: AbortSignal, url: &str, other: &AbortSignal) -> JsValue;
}

fn main() {}
