//! Emit: tokens for the lowered items.
//!
//! Generated code names only crates the user already depends on: `wasm_bindgen`, and
//! `js_sys::futures` or `wasm_bindgen_futures`. With [`FuturesSource::ByCfg`] both are
//! named under `cfg(wasm_bindgen_use_js_sys)`, so that the crate being compiled makes
//! the choice, whichever way it sets the cfg.

pub mod exports;
pub mod imports;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

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

/// What a support module holds besides the futures crate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Support {
    /// Only `futures` (exports hand it to the real attribute).
    Futures,
    /// Also `js_sys`, and the cold paths of async imports.
    Imports,
}

/// The hidden module an expansion refers to: `futures` (and `js_sys`) chosen by the
/// user's cfg, and for imports the cold paths (`rejected`, `mismatch`), written once per
/// extern block instead of once per import. `allow(unexpected_cfgs)` sits on the module
/// because rustc reports the cfg of a configured-out item at its parent.
pub(crate) fn support_module(paths: &Paths, name: &syn::Ident, support: Support) -> TokenStream {
    let js_sys = from_child_module(&paths.js_sys);
    let futures_crate = from_child_module(&paths.wasm_bindgen_futures);
    let wasm_bindgen = from_child_module(&paths.wasm_bindgen);
    let imports = support == Support::Imports;
    let aliases = match paths.futures {
        FuturesSource::JsSys => {
            let js_sys_alias = imports.then(|| quote!(pub use #js_sys as js_sys;));
            quote! {
                pub use #js_sys::futures;
                #js_sys_alias
            }
        }
        FuturesSource::ByCfg => {
            let js_sys_alias = imports.then(|| {
                quote! {
                    #[cfg(wasm_bindgen_use_js_sys)]
                    pub use #js_sys as js_sys;
                    #[cfg(not(wasm_bindgen_use_js_sys))]
                    pub use #futures_crate::js_sys;
                }
            });
            quote! {
                #[cfg(wasm_bindgen_use_js_sys)]
                pub use #js_sys::futures;
                #[cfg(not(wasm_bindgen_use_js_sys))]
                pub use #futures_crate as futures;
                #js_sys_alias
            }
        }
    };
    let cold_paths = imports.then(|| {
        quote! {
            /// A rejected promise of an import without `catch`.
            #[cold]
            #[inline(never)]
            pub fn rejected(import: &str, reason: #wasm_bindgen::JsValue) -> ! {
                ::core::panic!(
                    "async import `{}` rejected and has no `catch`: {:?}\nhelp: add \
                     #[wasm_bindgen(catch)] and return Result<T, JsValue>",
                    import,
                    reason,
                )
            }

            /// A resolved value of the wrong type, without `catch` (formatted in place:
            /// no `String` is built on the panic path).
            #[cold]
            #[inline(never)]
            pub fn mismatch(import: &str, expected: &str, value: #wasm_bindgen::JsValue) -> ! {
                ::core::panic!(
                    "async import `{}` is declared to resolve to `{}`, but its promise resolved {:?}",
                    import,
                    expected,
                    value,
                )
            }

            /// A resolved value of the wrong type, under `catch`: a JS `Error`.
            #[cold]
            #[inline(never)]
            pub fn mismatch_error(
                import: &str,
                expected: &str,
                value: #wasm_bindgen::JsValue,
            ) -> #wasm_bindgen::JsValue {
                #wasm_bindgen::JsValue::from(#wasm_bindgen::JsError::new(&mismatch_message(
                    import, expected, &value,
                )))
            }

            fn mismatch_message(
                import: &str,
                expected: &str,
                value: &#wasm_bindgen::JsValue,
            ) -> ::std::string::String {
                ::std::format!(
                    "async import `{}` is declared to resolve to `{}`, but its promise resolved {:?}",
                    import,
                    expected,
                    value,
                )
            }
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(unexpected_cfgs, unused_imports, dead_code, clippy::all, clippy::pedantic)]
        mod #name {
            #aliases
            #cold_paths
        }
    }
}

/// A path as seen from a child module: relative paths get a `super::`.
pub(crate) fn from_child_module(path: &TokenStream) -> TokenStream {
    let Ok(mut parsed) = syn::parse2::<syn::Path>(path.clone()) else {
        return path.clone();
    };
    if parsed.leading_colon.is_some() {
        return path.clone();
    }
    let first = parsed
        .segments
        .first()
        .map(|segment| segment.ident.to_string());
    match first.as_deref() {
        Some("crate") => path.clone(),
        Some("self") => {
            let first = parsed.segments.first_mut().expect("has a first segment");
            first.ident = syn::Ident::new("super", first.ident.span());
            parsed.to_token_stream()
        }
        _ => quote!(super::#parsed),
    }
}

#[cfg(test)]
mod tests {
    use super::from_child_module;
    use quote::quote;

    #[test]
    fn paths_from_a_child_module() {
        let cases = [
            (quote!(::js_sys), ":: js_sys"),
            (
                quote!(crate::reexports::js_sys),
                "crate :: reexports :: js_sys",
            ),
            (quote!(self::js), "super :: js"),
            (quote!(super::js), "super :: super :: js"),
            (quote!(deps::js), "super :: deps :: js"),
        ];
        for (path, expected) in cases {
            assert_eq!(from_child_module(&path).to_string(), expected);
        }
    }
}
