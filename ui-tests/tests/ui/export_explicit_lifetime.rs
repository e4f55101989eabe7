use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn greet(name: &'static str) -> String {
    format!("hello {name}")
}

fn main() {}
