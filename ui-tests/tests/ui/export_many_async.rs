use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn ticks() -> impl Stream<Item = u32> {
    wasm_bindgen_async::__rt::Unreachable::<u32>::NEW
}

#[wasm_bindgen]
pub async fn numbers() -> impl Iterator<Item = u32> {
    0..3
}

fn main() {}
