use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn show(value: impl std::fmt::Display) -> String {
    value.to_string()
}

fn main() {}
