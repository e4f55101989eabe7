use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Thing {
    n: u32,
}

#[wasm_bindgen]
impl Thing {
    /// Borrows `self` for a named lifetime.
    pub async fn get(&'static self) -> u32 {
        self.n
    }
}

fn main() {}
