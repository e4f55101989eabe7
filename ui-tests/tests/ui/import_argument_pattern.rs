use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    async fn add((a, b): (u32, u32)) -> u32;
}

fn main() {}
