use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    pub type Client;
    #[wasm_bindgen(method)]
    async fn fetch(&self, url: &str);
}

fn main() {}
