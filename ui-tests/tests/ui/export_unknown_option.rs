//! An unknown option on an async export goes to the real attribute, which reports it.
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(js_nmae = loadIt)]
pub async fn load() -> u32 {
    1
}

fn main() {}
