use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    type Thing;
    #[wasm_bindgen(method, indexing_deleter)]
    async fn delete(this: &Thing, index: u32);
}

fn main() {}
