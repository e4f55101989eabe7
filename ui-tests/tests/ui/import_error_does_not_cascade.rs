use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    pub type Thing;
    // The only error in this file: a getter cannot be async.
    #[wasm_bindgen(method, getter)]
    pub async fn size(this: &Thing) -> u32;
    pub async fn fine() -> u32;
}

// Callers of the broken import and of its healthy neighbours still type-check.
pub async fn use_them(thing: &Thing) -> u32 {
    thing.size().await + fine().await
}

fn main() {}
