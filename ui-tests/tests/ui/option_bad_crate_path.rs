use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(wasm_bindgen_futures = "not a path")]
extern "C" {
    async fn load() -> u32;
}

fn main() {}
