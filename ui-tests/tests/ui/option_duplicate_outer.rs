use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(js_namespace = api, js_namespace = other)]
extern "C" {
    async fn f();
}

fn main() {}
