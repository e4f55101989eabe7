use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn name() -> &'static str {
    "name"
}

fn main() {}
