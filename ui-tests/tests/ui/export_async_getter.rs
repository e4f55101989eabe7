use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing {
    size: u32,
}

#[wasm_bindgen]
impl Thing {
    #[wasm_bindgen(getter)]
    pub async fn size(&self) -> u32 {
        self.size
    }
}

fn main() {}
