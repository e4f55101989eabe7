use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    fn lines() -> impl Stream;
}

fn main() {}
