//! Compile-fail cases for `wasm-bindgen-async` live in `tests/ui`; `tests/ui.rs` runs them.
