use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    async fn lines() -> impl Stream<Item = u32>;
}

fn main() {}
