use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Fonts;
    #[wasm_bindgen(method, getter, abortable)]
    async fn ready(this: &Fonts) -> JsValue;
}

fn main() {}
