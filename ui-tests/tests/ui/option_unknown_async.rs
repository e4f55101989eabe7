use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(frobnicate)]
    async fn f() -> JsValue;
    async fn g() -> JsValue;
}
async fn use_them() { f().await; g().await; }

fn main() {}
