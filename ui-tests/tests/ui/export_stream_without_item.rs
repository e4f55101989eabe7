use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub fn ticks() -> impl Stream {
    futures_core_never()
}

fn futures_core_never() -> impl Stream<Item = u32> {
    wasm_bindgen_async::__rt::Unreachable::<u32>::NEW
}

fn main() {}
