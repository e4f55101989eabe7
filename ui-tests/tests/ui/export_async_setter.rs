use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing {
    size: u32,
}

#[wasm_bindgen]
impl Thing {
    #[wasm_bindgen(setter)]
    pub async fn set_size(&mut self, size: u32) {
        self.size = size;
    }
}

fn main() {}
