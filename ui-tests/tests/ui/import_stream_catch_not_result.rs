use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch)]
    fn lines() -> impl Stream<Item = u32>;
}

fn main() {}
