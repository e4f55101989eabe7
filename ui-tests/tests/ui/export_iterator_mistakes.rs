use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub fn untyped() -> impl Iterator {
    0..3
}

struct Opaque;

#[wasm_bindgen]
pub fn opaque() -> impl Iterator<Item = Opaque> {
    [Opaque].into_iter()
}

#[wasm_bindgen(abortable)]
pub fn cancellable() -> impl Iterator<Item = u32> {
    0..3
}

#[wasm_bindgen]
pub fn generic<T: Default>() -> impl Iterator<Item = u32> {
    let _ = T::default();
    0..3
}

#[wasm_bindgen]
pub struct Bag;

#[wasm_bindgen]
impl Bag {
    #[wasm_bindgen(getter)]
    pub fn values(&self) -> impl Iterator<Item = u32> {
        0..3
    }
}

fn main() {}
