use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method)]
    async fn poke();
}

fn main() {}
