//! The attribute of [`wasm-bindgen-async`](https://docs.rs/wasm-bindgen-async): depend on
//! that crate, not on this one. The code this attribute generates calls the runtime that
//! `wasm-bindgen-async` holds (a proc-macro crate can export nothing else), and its
//! documentation describes every form and option.

use proc_macro::TokenStream;

/// The `#[wasm_bindgen]` attribute with `async fn` support; see
/// `wasm_bindgen_async::wasm_bindgen` for its documentation.
#[proc_macro_attribute]
pub fn wasm_bindgen(attr: TokenStream, item: TokenStream) -> TokenStream {
    wasm_bindgen_async_support::expand(attr.into(), item.into()).into()
}
