use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Client;
    #[wasm_bindgen(static_method_of)]
    async fn open() -> Client;
}

fn main() {}
