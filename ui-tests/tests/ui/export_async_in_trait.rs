use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub trait Load {
    /// Loads.
    async fn load(&self) -> u32;
}

fn main() {}
