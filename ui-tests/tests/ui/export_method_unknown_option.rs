//! An unknown option on an async method goes to the real attribute, which reports it.
use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing;

#[wasm_bindgen]
impl Thing {
    #[wasm_bindgen(js_nmae = loadIt)]
    pub async fn load(&self) -> u32 {
        1
    }
}

fn main() {}
