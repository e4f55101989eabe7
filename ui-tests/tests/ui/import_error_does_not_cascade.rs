use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    pub type Thing;
    // The only error in this file: a setter yields no promise.
    #[wasm_bindgen(method, setter)]
    pub async fn set_size(this: &Thing, size: u32);
    pub async fn fine() -> u32;
}

// Callers of the broken import and of its healthy neighbours still type-check.
pub async fn use_them(thing: &Thing) -> u32 {
    thing.set_size(1).await;
    fine().await
}

fn main() {}
