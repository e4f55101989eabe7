use wasm_bindgen_async::wasm_bindgen;

/// Not convertible into a JS value.
pub struct Opaque;

#[wasm_bindgen]
pub async fn opaque() -> Opaque {
    Opaque
}

fn main() {}
