use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(frobnicate)]
extern "C" {
    fn f() -> u32;
}

fn main() {}
