use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load() -> u32;
}

fn main() {}
