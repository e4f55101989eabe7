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
//!
//! Besides the attribute, this crate holds the small runtime that async imports are
//! awaited through (`__rt`, hidden: only generated code calls it).
#![warn(clippy::pedantic, clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]
// The examples (these docs, the attribute's and the README's) compile warning-free (their
// items sit in the `main` rustdoc wraps them in, where nothing calls them).
#![doc(test(attr(deny(warnings), allow(dead_code))))]

#[doc = include_str!("attribute.md")]
#[doc(inline)]
pub use wasm_bindgen_async_macro::wasm_bindgen;

/// Upstream's prelude (`wasm_bindgen::prelude`) with this crate's attribute in place of
/// the built-in one: switching is one line,
///
/// ```no_run
/// use wasm_bindgen_async::prelude::*; // instead of `use wasm_bindgen::prelude::*;`
///
/// #[wasm_bindgen]
/// pub async fn answer() -> u32 {
///     42
/// }
/// ```
///
/// It is also the form that works where the two lines of the other switch do not: in a
/// module a `macro_rules!` expands to, a `use` of our attribute may not shadow the glob
/// import of upstream's prelude (E0659, Rust's rule for macro-expanded imports); one glob
/// import of this prelude has nothing to shadow.
pub mod prelude {
    pub use crate::wasm_bindgen;
    pub use wasm_bindgen::prelude::*;
}

#[doc(hidden)]
pub mod __rt;

/// The README's Rust examples, compiled as doctests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
