use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(js_namespace = [1, 2])]
extern "C" {
    async fn f();
}

fn main() {}
