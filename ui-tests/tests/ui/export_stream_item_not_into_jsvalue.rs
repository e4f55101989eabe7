use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

pub struct Plain;

#[wasm_bindgen]
pub fn items() -> impl Stream<Item = Plain> {
    wasm_bindgen_async::__rt::Unreachable::<Plain>::NEW
}

fn main() {}
