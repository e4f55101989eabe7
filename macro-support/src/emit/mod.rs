//! Emit: tokens for the lowered items.
//!
//! Generated code names only crates the user already depends on: `wasm_bindgen`, and
//! `js_sys::futures` or `wasm_bindgen_futures`. With [`FuturesSource::ByCfg`] both are
//! named under `cfg(wasm_bindgen_use_js_sys)`, so that the crate being compiled makes
//! the choice, whichever way it sets the cfg.

pub mod exports;
pub mod imports;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{FuturesSource, Paths};
use crate::parse::Options;

/// The real attribute: `#[::wasm_bindgen::prelude::wasm_bindgen(<options>)]`.
pub fn real_attribute(paths: &Paths, options: &Options) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    if options.0.is_empty() {
        quote!(#[#wasm_bindgen::prelude::wasm_bindgen])
    } else {
        quote!(#[#wasm_bindgen::prelude::wasm_bindgen(#options)])
    }
}

/// Makes the user's crate depend on `WASM_BINDGEN_USE_JS_SYS`: Cargo then rebuilds it
/// (and so re-expands this macro) whenever the variable is set, changed or unset.
pub(crate) fn track_env() -> TokenStream {
    quote! {
        const _: ::core::option::Option<&str> = ::core::option_env!("WASM_BINDGEN_USE_JS_SYS");
    }
}

/// Whether generated code carries both futures paths under the cfg.
pub(crate) fn by_cfg(paths: &Paths) -> bool {
    paths.futures == FuturesSource::ByCfg
}
