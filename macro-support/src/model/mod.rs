//! Model: what the user asked for, checked.
//!
//! [`build`] reads the attribute's options into typed facts ([`options`]), sorts the
//! item (an extern block with async imports, an item with async exports, or anything
//! else, which passes through) and checks every async import and export. The model
//! keeps the user's tokens (and so their spans) and records every mistake as a spanned
//! error; the item with the mistake still expands as far as it can, so that the error
//! we report is the only one the user sees.

pub mod abortable;
pub mod exports;
pub mod imports;
pub mod options;

use proc_macro2::TokenStream;

use options::{Checked, CratePaths};

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
    /// The paths the crate-path options give, defaults for the others.
    pub fn new(crates: &CratePaths, futures: FuturesSource) -> Paths {
        let or = |path: &Option<syn::Path>, default: syn::Path| path.clone().unwrap_or(default);
        Paths {
            wasm_bindgen: or(&crates.wasm_bindgen, syn::parse_quote!(::wasm_bindgen)),
            js_sys: or(&crates.js_sys, syn::parse_quote!(::js_sys)),
            wasm_bindgen_futures: or(
                &crates.wasm_bindgen_futures,
                syn::parse_quote!(::wasm_bindgen_futures),
            ),
            runtime: or(&crates.runtime, syn::parse_quote!(::wasm_bindgen_async)),
            futures,
        }
    }
}

/// Errors found so far; all of them are reported, each at its own tokens.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>);

/// A point in the list of errors, to ask whether a check added any since.
#[derive(Clone, Copy)]
pub struct Mark(usize);

impl Errors {
    /// Records one error.
    pub fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// Where the list stands now.
    pub fn mark(&self) -> Mark {
        Mark(self.0.len())
    }

    /// Whether an error was recorded since `mark`: the item checked meanwhile is broken.
    pub fn any_since(&self, mark: Mark) -> bool {
        self.0.len() > mark.0
    }

    /// Whether no error was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many errors were recorded.
    pub fn len(&self) -> usize {
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
    /// The outer attribute's options.
    pub options: Checked,
    /// Crate paths for generated code.
    pub paths: Paths,
    /// The item, sorted.
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

/// Builds the model of `#[wasm_bindgen(attr)] item`.
pub fn build(
    attr: TokenStream,
    item: TokenStream,
    futures: FuturesSource,
    errors: &mut Errors,
) -> Model {
    let options = match crate::parse::attribute_options(attr) {
        Ok(options) => options::check(options, errors),
        Err(error) => {
            errors.push(error);
            Checked::default()
        }
    };
    let paths = Paths::new(&options.facts.crates, futures);
    let item = sort(item, &options, errors);
    Model {
        options,
        paths,
        item,
    }
}

/// Decides what the attribute is attached to, and checks it.
fn sort(tokens: TokenStream, outer: &Checked, errors: &mut Errors) -> ItemModel {
    let Ok(mut item) = syn::parse2::<syn::Item>(tokens.clone()) else {
        return ItemModel::PassThrough(tokens);
    };
    let stripped = abortable::strip_misplaced(&mut item, &outer.facts, errors);
    match item {
        syn::Item::ForeignMod(block) if block.items.iter().any(imports::is_lowered) => {
            ItemModel::Imports(imports::block(block, errors))
        }
        syn::Item::Fn(function)
            if function.sig.asyncness.is_some() || exports::many_fn(&function.sig).is_some() =>
        {
            ItemModel::Exports(exports::async_fn(function, &outer.facts, errors))
        }
        syn::Item::Impl(block)
            if block.trait_.is_some() && block.items.iter().any(exports::is_async_fn) =>
        {
            ItemModel::Exports(exports::misplaced_async(syn::Item::Impl(block), errors))
        }
        syn::Item::Impl(block) if block.items.iter().any(exports::is_async_method) => {
            ItemModel::Exports(exports::async_impl(block, errors))
        }
        syn::Item::Trait(item) if item.items.iter().any(exports::is_async_trait_fn) => {
            ItemModel::Exports(exports::misplaced_async(syn::Item::Trait(item), errors))
        }
        // Unchanged, the user's tokens exactly as written.
        _ if !stripped => ItemModel::PassThrough(tokens),
        other => ItemModel::PassThrough(quote::ToTokens::into_token_stream(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    #[test]
    fn paths_default_and_override() {
        let options: crate::parse::Options =
            syn::parse2(quote!(js_sys = deps::js, wasm_bindgen_futures = "::f")).unwrap();
        let checked = options::check(options, &mut Errors::default());
        let paths = Paths::new(&checked.facts.crates, FuturesSource::ByCfg);
        let text = |path: &syn::Path| path.to_token_stream().to_string();
        assert_eq!(text(&paths.wasm_bindgen), ":: wasm_bindgen");
        assert_eq!(text(&paths.js_sys), "deps :: js");
        assert_eq!(
            text(&paths.wasm_bindgen_futures),
            ":: f",
            "the string form of a path"
        );
    }

    #[test]
    fn marks_tell_whether_a_check_failed() {
        let mut errors = Errors::default();
        let mark = errors.mark();
        assert!(!errors.any_since(mark) && errors.is_empty());
        errors.push(syn::Error::new(proc_macro2::Span::call_site(), "x"));
        assert!(errors.any_since(mark));
        assert!(!errors.any_since(errors.mark()));
        assert_eq!(errors.len(), 1);
    }
}
