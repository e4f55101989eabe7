use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name(load))]
    async fn load_it();
}

fn main() {}
