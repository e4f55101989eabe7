use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method, setter)]
    async fn set_size(this: &Thing, size: u32);
}

fn main() {}
