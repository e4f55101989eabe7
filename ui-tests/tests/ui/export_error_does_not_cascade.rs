use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing {
    size: u32,
}

#[wasm_bindgen]
impl Thing {
    // The only error in this file: an option value of the wrong form.
    #[wasm_bindgen(js_name = 3)]
    pub async fn size(&self) -> u32 {
        self.size
    }

    /// A healthy async method next to it.
    pub async fn double(&self) -> u32 {
        self.size * 2
    }
}

// Rust callers of the broken method and of its neighbour still type-check.
pub async fn use_them(thing: &Thing) -> u32 {
    thing.size().await + thing.double().await
}

fn main() {}
