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
    let mut options = options.clone();
    options.0.retain(|option| {
        !crate::model::options::OURS
            .iter()
            .any(|ours| option.name == ours)
    });
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
    /// `futures` (exports hand it to the real attribute), and the check of the error
    /// types of exports behind error wrappers, if there are any.
    Exports {
        /// Whether an export returns its error through a wrapper.
        errors: bool,
    },
    /// Also `js_sys::Promise`, and the fallback of `Typed` (`ViaFutures`): awaiting a
    /// return type that is not `JsCast` through the futures crate's typed `JsFuture`.
    Imports,
}

/// The hidden module an expansion refers to: `futures` (and `js_sys::Promise`) chosen by
/// the user's cfg, as `pub(super)` modules re-exporting the items of the user's crate
/// paths (resolved as in the user's module, through `use super::*`); for imports also
/// the cold paths (`rejected`, `mismatch`) and, when an import resolves to a `char`, its
/// conversion, written once per extern block instead of once per import.
/// `allow(unexpected_cfgs)` sits on the module because rustc reports the cfg of a
/// configured-out item at its parent.
pub(crate) fn support_module(paths: &Paths, name: &syn::Ident, support: Support) -> TokenStream {
    let js_sys = from_child_module(&paths.js_sys);
    let futures_crate = from_child_module(&paths.wasm_bindgen_futures);
    let wasm_bindgen = from_child_module(&paths.wasm_bindgen);
    // A bare path resolves as in the user's module through a glob import of it; only
    // then is the glob emitted: one per expansion over a large module costs compile time.
    let glob = [
        &paths.js_sys,
        &paths.wasm_bindgen_futures,
        &paths.wasm_bindgen,
        &paths.runtime,
    ]
    .into_iter()
    .any(is_bare)
    .then(|| {
        quote!(
            use super::*;
        )
    });
    let (imports, errors) = match support {
        Support::Exports { errors } => (false, errors),
        Support::Imports => (true, false),
    };
    // The user's paths are imported privately, then their items re-exported from
    // `pub(super)` modules: a crate imported under an alias (`use wasm_bindgen_futures as
    // wbf;`) may not itself be re-exported (E0365), its public items may. When a crate is
    // missing, its `use` is the one error: paths through a failed import report nothing.
    let runtime = from_child_module(&paths.runtime);
    let (js_sys_futures, futures_crate) = (
        quote!(use #js_sys::futures as __wbga_futures;),
        quote!(use #futures_crate as __wbga_futures;),
    );
    let (source, js_sys_cfg, futures_crate_cfg): (_, Option<TokenStream>, Option<TokenStream>) =
        match paths.futures {
            FuturesSource::JsSys => (js_sys_futures, None, None),
            FuturesSource::ByCfg => (
                quote! {
                    #[cfg(wasm_bindgen_use_js_sys)]
                    #js_sys_futures
                    #[cfg(not(wasm_bindgen_use_js_sys))]
                    #futures_crate
                },
                Some(quote!(#[cfg(wasm_bindgen_use_js_sys)])),
                Some(quote!(#[cfg(not(wasm_bindgen_use_js_sys))])),
            ),
        };
    // `js_sys::Promise` for the imports' fallback: from `js_sys`, or from the futures
    // crate's re-export of it when the user's crate may not depend on `js_sys`.
    let promise = imports.then(|| {
        let from_futures_crate = futures_crate_cfg.map(|cfg| {
            quote! {
                #cfg
                pub(super) mod js_sys {
                    pub use super::__wbga_futures::js_sys::Promise;
                }
            }
        });
        quote! {
            #js_sys_cfg
            use #js_sys as __wbga_js_sys;
            #js_sys_cfg
            pub(super) mod js_sys {
                pub use super::__wbga_js_sys::Promise;
            }
            #from_futures_crate
        }
    });
    // With `WASM_BINDGEN_USE_JS_SYS` set, the real attribute calls
    // `<js_sys>::futures::future_to_promise` for async exports, whatever
    // `wasm_bindgen_futures` says: `js_sys` then names this module, `js_sys` with our
    // `futures` in place of its own.
    let js_sys_for_exports = (!imports && paths.futures == FuturesSource::JsSys).then(|| {
        quote! {
            use #js_sys as __wbga_js_sys;
            pub(super) mod js_sys {
                pub use super::__wbga_js_sys::*;
                pub(in super::super) use super::futures;
            }
        }
    });
    let aliases = quote! {
        #js_sys_for_exports
        #source
        use #wasm_bindgen as __wbga_wasm_bindgen;
        use #runtime as __wbga_runtime;
        #promise
        /// The futures crate, but for what the real attribute calls for async exports
        /// (`future_to_promise`, and `spawn_local` for `start`/`main`): their future is
        /// polled by our runtime (`Drive`), which reschedules it more cheaply between
        /// its awaits and turns a panic into a rejection.
        pub(super) mod futures {
            pub use super::__wbga_futures::*;

            #[inline]
            pub fn future_to_promise<F>(future: F) -> super::__wbga_wasm_bindgen::JsValue
            where
                F: ::core::future::Future<
                        Output = ::core::result::Result<
                            super::__wbga_wasm_bindgen::JsValue,
                            super::__wbga_wasm_bindgen::JsValue,
                        >,
                    > + 'static,
            {
                #[cfg(not(wasm_bindgen_async_trap_panics))]
                let driven = super::__wbga_runtime::__rt::Drive::new(future);
                #[cfg(wasm_bindgen_async_trap_panics)]
                let driven = super::__wbga_runtime::__rt::Drive::unguarded(future);
                ::core::convert::Into::into(super::__wbga_futures::future_to_promise(
                    ::core::panic::AssertUnwindSafe(driven),
                ))
            }

            /// `spawn_local` of an async `start` (or `main`): a panic in it is thrown as a
            /// JS `Error` naming it and carrying the message (instead of a bare trap).
            #[inline]
            pub fn spawn_local<F>(future: F)
            where
                F: ::core::future::Future<Output = ()> + 'static,
            {
                let name = ::core::any::type_name::<F>();
                super::__wbga_futures::spawn_local(async move {
                    let future = async move {
                        future.await;
                        ::core::result::Result::Ok(super::__wbga_wasm_bindgen::JsValue::UNDEFINED)
                    };
                    #[cfg(not(wasm_bindgen_async_trap_panics))]
                    let driven = super::__wbga_runtime::__rt::Drive::named(future, name);
                    #[cfg(wasm_bindgen_async_trap_panics)]
                    let driven = super::__wbga_runtime::__rt::Drive::unguarded(future);
                    if let ::core::result::Result::Err(error) = driven.await {
                        super::__wbga_runtime::__rt::start_failed(error, name);
                    }
                });
            }

        }
    };
    let via_futures = imports.then(|| {
        quote! {
            /// `Typed<T>` for a `T` that is not `JsCast`: awaited as upstream awaits it.
            pub trait ViaFutures<T> {
                fn settle(&self, promise: #wasm_bindgen::JsValue) -> __wbga_futures::JsFuture<T>
                where
                    T: #wasm_bindgen::convert::FromWasmAbi + 'static;
            }

            impl<T> ViaFutures<T> for &#runtime::__rt::Typed<T> {
                #[inline]
                fn settle(&self, promise: #wasm_bindgen::JsValue) -> __wbga_futures::JsFuture<T>
                where
                    T: #wasm_bindgen::convert::FromWasmAbi + 'static,
                {
                    __wbga_futures::JsFuture::from(
                        #wasm_bindgen::JsCast::unchecked_into::<js_sys::Promise<T>>(promise),
                    )
                }
            }
        }
    });
    let error_check = errors.then(|| error_check(&wasm_bindgen));
    quote! {
        #[doc(hidden)]
        #[allow(unexpected_cfgs, unused_imports, dead_code, clippy::all, clippy::pedantic)]
        mod #name {
            #glob
            #aliases
            #via_futures
            #error_check
        }
    }
}

/// The conversion of an export's error `E` into the `JsValue` its promise rejects with:
/// `E: Into<JsValue>`, as upstream converts it, found by autoref specialization
/// (`(&ErrorCheck::<E>(..)).convert(e)`). For any other `E` the method found is the
/// fallback, whose bound on a trait without implementations is the one error, in words
/// that say what to do.
fn error_check(wasm_bindgen: &syn::Path) -> TokenStream {
    quote! {
        pub struct ErrorCheck<E>(pub ::core::marker::PhantomData<E>);

        pub trait IntoJsError<E> {
            fn convert(&self, error: E) -> #wasm_bindgen::JsValue;
        }

        impl<E: ::core::convert::Into<#wasm_bindgen::JsValue>> IntoJsError<E> for ErrorCheck<E> {
            fn convert(&self, error: E) -> #wasm_bindgen::JsValue {
                error.into()
            }
        }

        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the error type of an async export: its promise rejects with a JS value",
            label = "`{Self}` is not `Into<JsValue>`",
            note = "return `Result<T, JsError>` and convert with `.map_err(|e| JsError::new(&e.to_string()))`, or implement `From<{Self}> for JsValue`"
        )]
        pub trait AsyncExportError {}

        pub trait NotIntoJsError<E> {
            fn convert(&self, error: E) -> #wasm_bindgen::JsValue
            where
                E: AsyncExportError;
        }

        impl<E> NotIntoJsError<E> for &ErrorCheck<E> {
            fn convert(&self, _: E) -> #wasm_bindgen::JsValue
            where
                E: AsyncExportError,
            {
                ::core::unreachable!()
            }
        }
    }
}

/// Whether `path` starts with a name to resolve in the user's module (not `::`,
/// `crate`, `self` or `super`).
fn is_bare(path: &syn::Path) -> bool {
    path.leading_colon.is_none()
        && path.segments.first().is_some_and(|first| {
            !["crate", "self", "super"]
                .iter()
                .any(|kw| first.ident == kw)
        })
}

/// A path as seen from the support module, a child of the user's module that glob-imports
/// it (`use super::*`): `self::` becomes `super::`, `super::` one more `super::`, and a
/// bare path stays bare, so that it resolves as in the user's module, to a dependency
/// (renamed or not, through the extern prelude) or to a `use` alias of the user's.
pub(crate) fn from_child_module(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    if path.leading_colon.is_some() {
        return path;
    }
    let Some(first) = path.segments.first_mut() else {
        return path;
    };
    if first.ident == "self" {
        first.ident = syn::Ident::new("super", first.ident.span());
    } else if first.ident == "super" {
        path.segments.insert(0, syn::parse_quote!(super));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::from_child_module;
    use quote::{quote, ToTokens};

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
            (quote!(deps::js), "deps :: js"),
            (quote!(wb), "wb"),
        ];
        for (path, expected) in cases {
            let path: syn::Path = syn::parse2(path).unwrap();
            assert_eq!(
                from_child_module(&path).to_token_stream().to_string(),
                expected
            );
        }
    }
}
