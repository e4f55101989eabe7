//! Implementation of the `wasm-bindgen-async` attribute.
//!
//! The pipeline is `parse -> model -> lower -> emit`:
//! - [`parse`] reads the attribute options and the item, keeping the user's tokens;
//! - [`model`] classifies the item and checks the options and every async import and
//!   export, recording spanned errors;
//! - [`lower`] decides what to generate: for each async import a hidden synchronous
//!   import returning the promise and an `async fn` wrapper awaiting it; for async
//!   exports, the futures crate the real attribute should use;
//! - [`emit`] writes the tokens, handing everything else to the real `#[wasm_bindgen]`.
//!
//! [`expand`] is the entry point used by the proc-macro crate; [`expand_with`] takes the
//! environment explicitly, for tests.

pub mod emit;
pub mod lower;
pub mod model;
pub mod parse;

use proc_macro2::TokenStream;
use quote::quote;

use model::{Errors, FuturesSource, ItemModel};

/// What the expansion reads from the environment of the compiler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Env {
    /// `WASM_BINDGEN_USE_JS_SYS` is set: generate `js_sys::futures` paths only, like
    /// upstream `wasm-bindgen` does for this variable.
    pub use_js_sys: bool,
}

impl Env {
    /// Reads the environment of the running compiler.
    pub fn from_process() -> Env {
        Env {
            use_js_sys: std::env::var_os("WASM_BINDGEN_USE_JS_SYS").is_some(),
        }
    }
}

/// Expands `#[wasm_bindgen(attr)] item`.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_with(Env::from_process(), attr, item)
}

/// Expands `#[wasm_bindgen(attr)] item` in the given environment.
pub fn expand_with(env: Env, attr: TokenStream, item: TokenStream) -> TokenStream {
    let futures = if env.use_js_sys {
        FuturesSource::JsSys
    } else {
        FuturesSource::ByCfg
    };
    let mut errors = Errors::default();
    let model = model::build(attr, item, futures, &mut errors);
    let (paths, options) = (&model.paths, &model.options.forwarded);
    let tokens = match &model.item {
        ItemModel::PassThrough(item) => {
            let attribute = emit::real_attribute(paths, options, &[]);
            quote!(#attribute #item)
        }
        ItemModel::Imports(block) => {
            let lowered = lower::imports::import_block(block, options);
            emit::imports::import_block(paths, options, &lowered)
        }
        ItemModel::Exports(export) => {
            let lowered = lower::exports::export(export, &model.options.facts);
            emit::exports::export(paths, options, &lowered)
        }
    };
    let errors = errors.to_compile_errors();
    quote!(#errors #tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing async: the real attribute gets the item exactly as written, and nothing
    /// else is generated (the contract's pass-through).
    #[test]
    fn synchronous_items_pass_through_unchanged() {
        let items = [
            quote!(
                pub struct Point {
                    pub x: u32,
                }
            ),
            quote!(impl Point { pub fn x(&self) -> u32 { self.x } }),
            quote!(impl Load for Point { fn load(&self) -> u32 { 1 } }),
            quote!(
                pub trait Load {
                    fn load(&self) -> u32;
                }
            ),
            quote!(
                extern "C" {
                    fn f() -> u32;
                    type T;
                }
            ),
            quote!(
                pub fn add(a: u32, b: u32) -> u32 {
                    a + b
                }
            ),
        ];
        for item in items {
            let expanded = expand_with(Env::default(), quote!(js_name = x), item.clone());
            assert_eq!(
                expanded.to_string(),
                quote!(#[::wasm_bindgen::prelude::wasm_bindgen(js_name = x)] #item).to_string()
            );
        }
    }

    #[test]
    fn the_environment_variable_is_read_from_the_process() {
        // The only test of this crate that touches the variable.
        std::env::set_var("WASM_BINDGEN_USE_JS_SYS", "");
        assert!(
            Env::from_process().use_js_sys,
            "any value, the empty one too"
        );
        std::env::remove_var("WASM_BINDGEN_USE_JS_SYS");
        assert!(!Env::from_process().use_js_sys);
    }

    #[test]
    fn the_environment_variable_selects_js_sys_only() {
        let item = quote!(
            pub async fn f() {}
        );
        let by_cfg = expand_with(Env { use_js_sys: false }, quote!(), item.clone()).to_string();
        let js_sys = expand_with(Env { use_js_sys: true }, quote!(), item).to_string();
        assert!(by_cfg.contains("wasm_bindgen_futures") && by_cfg.contains("cfg"));
        assert!(
            !js_sys.contains("wasm_bindgen_futures as futures"),
            "{js_sys}"
        );
        assert!(js_sys.contains(":: js_sys :: futures"), "{js_sys}");
    }
}
