//! A drop-in `#[wasm_bindgen]` attribute that supports `async fn` in imports and
//! exports: see [`macro@wasm_bindgen`] for every form, option and the futures path.
//!
//! ```no_run
//! use wasm_bindgen::prelude::*;
//! use wasm_bindgen_async::wasm_bindgen; // shadows the prelude's attribute
//!
//! #[wasm_bindgen(raw_module = "./api.js")]
//! extern "C" {
//!     #[wasm_bindgen(catch)]
//!     pub async fn load(key: &str) -> Result<u32, JsValue>;
//! }
//!
//! #[wasm_bindgen]
//! pub async fn load_twice(key: &str) -> Result<u32, JsValue> {
//!     Ok(load(key).await? + load(key).await?)
//! }
//! ```
//!
//! Items without `async` are handed unchanged to the real `#[wasm_bindgen]` of the
//! crate's own `wasm-bindgen` version.

use proc_macro::TokenStream;

#[doc = include_str!("attribute.md")]
#[proc_macro_attribute]
pub fn wasm_bindgen(attr: TokenStream, item: TokenStream) -> TokenStream {
    wasm_bindgen_async_support::expand(attr.into(), item.into()).into()
}
