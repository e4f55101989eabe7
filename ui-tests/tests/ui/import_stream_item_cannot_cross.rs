use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    fn chunks() -> impl Stream<Item = Vec<u8>>;
}

fn main() {}
