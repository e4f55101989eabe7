use wasm_bindgen_async::wasm_bindgen;

/// A struct.
#[wasm_bindgen]
pub struct Counter {
    n: u32,
}

#[wasm_bindgen]
pub async fn bump(counter: &mut Counter) {
    counter.n += 1;
}

fn main() {}
