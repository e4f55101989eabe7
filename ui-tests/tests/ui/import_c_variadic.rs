use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    async fn log(first: u32, ...);
}

fn main() {}
