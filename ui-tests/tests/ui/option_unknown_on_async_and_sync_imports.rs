//! An option we do not know goes to the real attribute, on an async import as on a sync
//! one: the user's wasm-bindgen decides (here: its own "unknown attribute", at the user's
//! token, the same for both).
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catcher)]
    async fn f() -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catcher)]
    fn g() -> JsValue;
}

fn main() {}
