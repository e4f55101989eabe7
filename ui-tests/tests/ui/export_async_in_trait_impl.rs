use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing;

/// A trait.
pub trait Load {
    /// Loads.
    async fn load(&self) -> u32;
}

#[wasm_bindgen]
impl Load for Thing {
    async fn load(&self) -> u32 {
        1
    }
}

fn main() {}
