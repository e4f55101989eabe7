use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn first<T>(items: Vec<T>) -> usize {
    items.len()
}

fn main() {}
