use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method, getter)]
    async fn size(this: &Thing) -> u32;
}

fn main() {}
