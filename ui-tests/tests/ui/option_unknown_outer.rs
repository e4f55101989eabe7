//! An unknown option on the outer attribute of an extern block with async imports: the
//! real attribute reports it, as it would without us.
use wasm_bindgen::prelude::JsValue;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(wasm_bindgen_future = ::wasm_bindgen_futures)]
extern "C" {
    async fn f() -> JsValue;
}

fn main() {}
