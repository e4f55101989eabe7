//! A drop-in `#[wasm_bindgen]` attribute that lowers `async fn` itself.
//!
//! ```ignore
//! use wasm_bindgen::prelude::*;
//! use wasm_bindgen_async::wasm_bindgen; // shadows the prelude's attribute
//!
//! #[wasm_bindgen(module = "/js/api.js")]
//! extern "C" {
//!     #[wasm_bindgen(catch)]
//!     pub async fn load(key: &str) -> Result<u32, JsValue>;
//! }
//! ```
//!
//! Items without `async` are handed unchanged to the real `#[wasm_bindgen]` of the
//! crate's own `wasm-bindgen` version. See the repository README for the lowering
//! rules and the `wasm_bindgen_use_js_sys` opt-in.

use proc_macro::TokenStream;

/// The `#[wasm_bindgen]` attribute, with `async fn` support in `extern "C"` blocks.
///
/// An `async fn` inside an extern block becomes a Promise-returning import that is
/// awaited through `JsFuture`; `catch` turns both a rejected promise and a synchronous
/// throw into `Err`. Every other item is passed through to
/// `::wasm_bindgen::prelude::wasm_bindgen` with the same options.
#[proc_macro_attribute]
pub fn wasm_bindgen(attr: TokenStream, item: TokenStream) -> TokenStream {
    wasm_bindgen_async_support::expand(attr.into(), item.into()).into()
}
