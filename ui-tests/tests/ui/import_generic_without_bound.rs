use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    async fn load<T>() -> T;
}

fn main() {}
