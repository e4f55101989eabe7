use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn store();
}

fn main() {}
