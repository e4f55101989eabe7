use wasm_bindgen_async::wasm_bindgen;

/// Not constructible from a JsValue.
#[derive(Debug)]
pub struct MyError;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load() -> Result<u32, MyError>;
}

fn main() {}
