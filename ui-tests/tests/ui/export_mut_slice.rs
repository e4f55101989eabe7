use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn fill(buffer: &mut [u8]) {
    buffer.fill(0);
}

fn main() {}
