use wasm_bindgen::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    fn untyped() -> impl Iterator;
    async fn awaited() -> impl Iterator<Item = u32>;
    fn chunks() -> impl Iterator<Item = Vec<u8>>;
    #[wasm_bindgen(catch)]
    fn caught() -> impl Iterator<Item = u32>;
    fn results() -> impl Iterator<Item = Result<u32, JsValue>>;
    fn borrowed() -> impl Iterator<Item = &'static str>;
    fn backwards() -> impl DoubleEndedIterator<Item = u32>;
}

fn main() {}
