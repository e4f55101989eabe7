//! Model: what the user asked for, checked.
//!
//! The model keeps the user's tokens (and so their spans) and records every mistake as a
//! spanned error; the item with the mistake still expands as far as it can, so that the
//! error we report is the only one the user sees.

pub mod abortable;
pub mod exports;
pub mod imports;
pub mod options;

use crate::parse::Options;
use proc_macro2::TokenStream;

/// How generated code finds the futures implementation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuturesSource {
    /// Both branches, chosen by `cfg(wasm_bindgen_use_js_sys)` in the user's crate.
    ByCfg,
    /// `js_sys::futures` only (the `WASM_BINDGEN_USE_JS_SYS` environment variable is set).
    JsSys,
}

/// The crate paths generated code refers to.
#[derive(Clone)]
pub struct Paths {
    /// `wasm_bindgen = path`, else `::wasm_bindgen`.
    pub wasm_bindgen: syn::Path,
    /// `js_sys = path`, else `::js_sys`.
    pub js_sys: syn::Path,
    /// `wasm_bindgen_futures = path`, else `::wasm_bindgen_futures`.
    pub wasm_bindgen_futures: syn::Path,
    /// `wasm_bindgen_async = path`, else `::wasm_bindgen_async`: the crate whose
    /// runtime (`__rt`) async imports await through.
    pub runtime: syn::Path,
    /// Which of the two futures paths to use.
    pub futures: FuturesSource,
}

impl Paths {
    /// Reads the path-overriding options of the outer attribute (already checked by
    /// [`options::check`], which removes values that are not paths).
    pub fn from_options(options: &Options, futures: FuturesSource) -> Paths {
        let path = |name: &str, default: syn::Path| {
            options
                .get(name)
                .and_then(|option| option.assigned())
                .and_then(options::crate_path_value)
                .unwrap_or(default)
        };
        Paths {
            wasm_bindgen: path("wasm_bindgen", syn::parse_quote!(::wasm_bindgen)),
            js_sys: path("js_sys", syn::parse_quote!(::js_sys)),
            wasm_bindgen_futures: path(
                "wasm_bindgen_futures",
                syn::parse_quote!(::wasm_bindgen_futures),
            ),
            runtime: path(
                "wasm_bindgen_async",
                syn::parse_quote!(::wasm_bindgen_async),
            ),
            futures,
        }
    }
}

/// Errors found so far; all of them are reported, each at its own tokens.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>);

impl Errors {
    /// Records one error.
    pub fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// How many errors were recorded: an item compares the count before and after its
    /// checks to know whether it is broken.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// The messages, in order (for tests and tools).
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }

    /// One `compile_error!` per error.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.0.iter().map(syn::Error::to_compile_error).collect()
    }
}

/// The whole expansion request.
pub struct Model {
    /// The outer attribute's options, re-emitted verbatim on the real attribute.
    pub options: Options,
    /// Crate paths for generated code.
    pub paths: Paths,
    /// The item, classified.
    pub item: ItemModel,
}

/// What kind of item the attribute is on.
pub enum ItemModel {
    /// Nothing async to lower: hand the tokens to the real attribute unchanged.
    PassThrough(TokenStream),
    /// An `extern "C"` block with at least one `async fn`.
    Imports(imports::ImportBlock),
    /// An `async fn` export, or an `impl` block with async methods.
    Exports(exports::ExportItem),
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    #[test]
    fn paths_default_and_override() {
        let options: Options =
            syn::parse2(quote!(js_sys = deps::js, wasm_bindgen_futures = "::f")).unwrap();
        let paths = Paths::from_options(&options, FuturesSource::ByCfg);
        let text = |path: &syn::Path| path.to_token_stream().to_string();
        assert_eq!(text(&paths.wasm_bindgen), ":: wasm_bindgen");
        assert_eq!(text(&paths.js_sys), "deps :: js");
        assert_eq!(
            text(&paths.wasm_bindgen_futures),
            ":: f",
            "the string form of a path"
        );
    }
}
