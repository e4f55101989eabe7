use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing {
    size: u32,
}

#[wasm_bindgen]
impl Thing {
    #[wasm_bindgen(constructor)]
    pub async fn new() -> Thing {
        Thing { size: 0 }
    }
}

fn main() {}
