use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(start)]
async fn start(level: u32) {
    let _ = level;
}

fn main() {}
