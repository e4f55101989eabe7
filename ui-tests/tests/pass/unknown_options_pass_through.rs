//! Options we do not interpret reach the real attribute untouched.
#![deny(warnings)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

/// A struct, with options for the real attribute only.
#[wasm_bindgen(js_name = Renamed, inspectable, skip_typescript)]
pub struct Thing {
    /// A field.
    pub size: u32,
}

#[wasm_bindgen(js_class = Renamed)]
impl Thing {
    /// Async, with options of the real attribute.
    #[wasm_bindgen(js_name = loadLater, skip_typescript)]
    pub async fn load_later(&self) -> u32 {
        self.size
    }
}

#[wasm_bindgen]
extern "C" {
    type Client;
    #[wasm_bindgen(method, structural, js_name = "get")]
    async fn fetch(this: &Client, path: &str) -> JsValue;
    #[wasm_bindgen(static_method_of = Client, js_class = "HttpClient", final)]
    async fn open() -> Client;
}

async fn use_them() -> JsValue {
    Client::open().await.fetch("/").await
}

fn main() {
    let _ = use_them;
}
