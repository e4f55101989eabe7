//! Emit: tokens for the lowered items.
//!
//! This is the one stage that writes tokens, attributes included. Generated code names
//! only crates the user already depends on: `wasm_bindgen`, and `js_sys::futures` or
//! `wasm_bindgen_futures`. With [`FuturesSource::ByCfg`] both are named under
//! `cfg(wasm_bindgen_use_js_sys)`, so that the crate being compiled makes the choice,
//! whichever way it sets the cfg.

pub mod exports;
pub mod imports;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::options::{Symbol, JS_NAME, JS_SYS, UNCHECKED_RETURN_TYPE, WASM_BINDGEN_FUTURES};
use crate::model::{FuturesSource, Paths};
use crate::parse::{BindgenOption, OptionValue, Options};

/// An option we add to the user's for the real attribute.
#[derive(Clone, Copy)]
pub(crate) enum Added<'a> {
    /// `js_name = "name"`.
    JsName(&'a str),
    /// `wasm_bindgen_futures = <module>::futures`, in place of the user's.
    FuturesCrate(&'a Ident),
    /// `js_sys = <module>::js_sys`, in place of the user's.
    JsSys(&'a Ident),
    /// `unchecked_return_type = "type"`: a stream export's `AsyncIterableIterator<T>` (an
    /// iterator export's `IterableIterator<T>`), unless the user gives their own.
    ReturnType(&'a str),
}

impl Added<'_> {
    fn option(self) -> BindgenOption {
        let (name, value) = match self {
            Added::JsName(name) => (JS_NAME, quote!(#name)),
            Added::FuturesCrate(module) => (WASM_BINDGEN_FUTURES, quote!(#module::futures)),
            Added::JsSys(module) => (JS_SYS, quote!(#module::js_sys)),
            Added::ReturnType(ty) => (UNCHECKED_RETURN_TYPE, quote!(#ty)),
        };
        BindgenOption {
            name: Ident::new(name.as_str(), Span::call_site()),
            value: OptionValue::Assign(Default::default(), value),
        }
    }

    fn replaces(self) -> Option<Symbol> {
        match self {
            Added::JsName(_) | Added::ReturnType(_) => None,
            Added::FuturesCrate(_) => Some(WASM_BINDGEN_FUTURES),
            Added::JsSys(_) => Some(JS_SYS),
        }
    }
}

/// The user's `options` (checked and forwarded) followed by `added`, which replace the
/// user's options of the same name; except our `.d.ts` return type, which the user's own
/// `unchecked_return_type` replaces.
fn option_list(options: &Options, added: &[Added]) -> Options {
    let kept = options.0.iter().filter(|option| {
        !added
            .iter()
            .filter_map(|added| added.replaces())
            .any(|replaced| option.name == replaced)
    });
    let users_return_type = options
        .0
        .iter()
        .any(|option| option.name == UNCHECKED_RETURN_TYPE);
    let added = added
        .iter()
        .filter(|added| !(users_return_type && matches!(added, Added::ReturnType(_))));
    Options(
        kept.cloned()
            .chain(added.map(|added| added.option()))
            .collect(),
    )
}

/// The real attribute on an item: `#[::wasm_bindgen::prelude::wasm_bindgen(<options>)]`.
pub(crate) fn real_attribute(paths: &Paths, options: &Options, added: &[Added]) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let options = option_list(options, added);
    if options.0.is_empty() {
        quote!(#[#wasm_bindgen::prelude::wasm_bindgen])
    } else {
        quote!(#[#wasm_bindgen::prelude::wasm_bindgen(#options)])
    }
}

/// An inner `#[wasm_bindgen(<options>)]` (on an import in a block, a method in an
/// `impl`), read by the real attribute on the outer item; nothing if there are none.
pub(crate) fn inner_attribute(options: &Options, added: &[Added]) -> TokenStream {
    let options = option_list(options, added);
    if options.0.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[wasm_bindgen(#options)])
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
#[derive(Clone, Copy, Default)]
pub(crate) struct Holds<'a> {
    /// The Rust name of the one async export the module serves (a free function), for
    /// panic messages; `None` (an `impl` block): the `type_name` of each future, which
    /// contains it.
    pub export_name: Option<&'a str>,
    /// `js_sys::Promise` and the fallback of the imports' `Typed` (`ViaFutures`):
    /// awaiting a return type that is not `JsCast` through the futures crate's typed
    /// `JsFuture`.
    pub typed_fallback: bool,
    /// The check of the error types of exports behind wrappers (`ErrorCheck`).
    pub error_check: bool,
}

/// The hidden module an expansion refers to: `futures` (and `js_sys::Promise`) chosen by
/// the user's cfg, as `pub(super)` modules re-exporting the items of the user's crate
/// paths (resolved as in the user's module, through `use super::*`), and what `holds`
/// asks for. `allow(unexpected_cfgs)` sits on the module because rustc reports the cfg
/// of a configured-out item at its parent.
pub(crate) fn support_module(paths: &Paths, name: &syn::Ident, holds: Holds) -> TokenStream {
    let wasm_bindgen = from_child_module(&paths.wasm_bindgen);
    let runtime = from_child_module(&paths.runtime);
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
    let source = FuturesCrate::new(paths);
    let futures_source = &source.tokens;
    let promise = holds.typed_fallback.then(|| promise_module(paths, &source));
    // With `WASM_BINDGEN_USE_JS_SYS` set, the real attribute calls
    // `<js_sys>::futures::future_to_promise` for async exports, whatever
    // `wasm_bindgen_futures` says: `js_sys` then names this module, `js_sys` with our
    // `futures` in place of its own.
    let js_sys_for_exports =
        (!holds.typed_fallback && paths.futures == FuturesSource::JsSys).then(|| {
            let js_sys = from_child_module(&paths.js_sys);
            quote! {
                use #js_sys as __wbga_js_sys;
                pub(super) mod js_sys {
                    pub use super::__wbga_js_sys::*;
                    pub(in super::super) use super::futures;
                }
            }
        });
    let futures = futures_module(holds.export_name);
    let via_futures = holds
        .typed_fallback
        .then(|| via_futures(&wasm_bindgen, &runtime));
    let error_check = holds.error_check.then(|| error_check(&wasm_bindgen));
    quote! {
        #[doc(hidden)]
        #[allow(unexpected_cfgs, unused_imports, dead_code, clippy::all, clippy::pedantic)]
        mod #name {
            #glob
            #js_sys_for_exports
            #futures_source
            use #wasm_bindgen as __wbga_wasm_bindgen;
            use #runtime as __wbga_runtime;
            #promise
            #futures
            #via_futures
            #error_check
        }
    }
}

/// `use <the futures crate> as __wbga_futures;` as the user's cfg chooses it. The user's
/// paths are imported privately, then their items re-exported from `pub(super)`
/// modules: a crate imported under an alias (`use wasm_bindgen_futures as wbf;`) may not
/// itself be re-exported (E0365), its public items may. When a crate is missing, its
/// `use` is the one error: paths through a failed import report nothing.
struct FuturesCrate {
    /// The `use` (both, each under its cfg, for [`FuturesSource::ByCfg`]).
    tokens: TokenStream,
    /// The cfg under which `js_sys` is the source (`None`: always).
    js_sys_cfg: Option<TokenStream>,
    /// The cfg under which `wasm_bindgen_futures` is the source (`None`: never).
    futures_crate_cfg: Option<TokenStream>,
}

impl FuturesCrate {
    fn new(paths: &Paths) -> FuturesCrate {
        let js_sys = from_child_module(&paths.js_sys);
        let futures_crate = from_child_module(&paths.wasm_bindgen_futures);
        let js_sys_futures = quote!(use #js_sys::futures as __wbga_futures;);
        let futures_crate = quote!(use #futures_crate as __wbga_futures;);
        match paths.futures {
            FuturesSource::JsSys => FuturesCrate {
                tokens: js_sys_futures,
                js_sys_cfg: None,
                futures_crate_cfg: None,
            },
            FuturesSource::ByCfg => FuturesCrate {
                tokens: quote! {
                    #[cfg(wasm_bindgen_use_js_sys)]
                    #js_sys_futures
                    #[cfg(not(wasm_bindgen_use_js_sys))]
                    #futures_crate
                },
                js_sys_cfg: Some(quote!(#[cfg(wasm_bindgen_use_js_sys)])),
                futures_crate_cfg: Some(quote!(#[cfg(not(wasm_bindgen_use_js_sys))])),
            },
        }
    }
}

/// `js_sys::Promise` for the imports' fallback: from `js_sys`, or from the futures
/// crate's re-export of it when the user's crate may not depend on `js_sys`.
fn promise_module(paths: &Paths, source: &FuturesCrate) -> TokenStream {
    let js_sys = from_child_module(&paths.js_sys);
    let js_sys_cfg = &source.js_sys_cfg;
    let from_futures_crate = source.futures_crate_cfg.as_ref().map(|cfg| {
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
}

/// The futures crate, but for what the real attribute calls for async exports
/// (`future_to_promise`, and `spawn_local` for `start`/`main`): the runtime's own, which
/// polls the future between its awaits and turns a panic into a rejection (with threads,
/// the futures crate's).
fn futures_module(export_name: Option<&str>) -> TokenStream {
    // A literal where the module serves one export: a `type_name` per export would put
    // the futures' long type names into the user's `.wasm`.
    let name = match export_name {
        Some(name) => quote!(#name),
        None => quote!(::core::any::type_name::<F>()),
    };
    quote! {
        /// The futures crate, but for what the real attribute calls for async exports
        /// (`future_to_promise`, and `spawn_local` for `start`/`main`): the runtime's
        /// own, which polls the future between its awaits and turns a panic into a
        /// rejection (with threads, the futures crate's).
        pub(super) mod futures {
            pub use super::__wbga_futures::*;

            // Panics caught (the default), or trapping as with upstream's attribute.
            #[cfg(all(not(target_feature = "atomics"), not(wasm_bindgen_async_trap_panics)))]
            use super::__wbga_runtime::__rt::{spawn_export, spawn_start};
            #[cfg(all(not(target_feature = "atomics"), wasm_bindgen_async_trap_panics))]
            use super::__wbga_runtime::__rt::{
                spawn_export_unguarded as spawn_export, spawn_start_unguarded as spawn_start,
            };

            /// Driven by the runtime; with threads (`+atomics`), where wakers may cross
            /// threads, by the futures crate's executor.
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
                #[cfg(not(target_feature = "atomics"))]
                let promise = spawn_export(future, #name);
                #[cfg(target_feature = "atomics")]
                let promise = ::core::convert::Into::into(super::__wbga_futures::future_to_promise(
                    ::core::panic::AssertUnwindSafe(future),
                ));
                promise
            }

            /// `spawn_local` of an async `start` (or `main`): a panic in it is thrown as a
            /// JS `Error` naming it and carrying the message (instead of a bare trap).
            #[cfg(not(target_feature = "atomics"))]
            #[inline]
            pub fn spawn_local<F>(future: F)
            where
                F: ::core::future::Future<Output = ()> + 'static,
            {
                spawn_start(future, #name);
            }
        }
    }
}

/// `Typed<T>` for a `T` that is not `JsCast`: awaited as upstream awaits it.
fn via_futures(wasm_bindgen: &syn::Path, runtime: &syn::Path) -> TokenStream {
    quote! {
        /// `Typed<T>` for a `T` that is not `JsCast`: awaited as upstream awaits it.
        pub trait ViaFutures<T> {
            fn settle(&self, promise: #wasm_bindgen::JsValue) -> __wbga_futures::JsFuture<T>
            where
                T: #wasm_bindgen::convert::FromWasmAbi + 'static;

            /// The same, with an `abortable` import's abort armed.
            fn settle_armed(
                &self,
                promise: #wasm_bindgen::JsValue,
                abort: #runtime::__rt::Abort,
            ) -> #runtime::__rt::Tracked<__wbga_futures::JsFuture<T>>
            where
                T: #wasm_bindgen::convert::FromWasmAbi + 'static;
        }

        impl<T> ViaFutures<T> for &#runtime::__rt::Typed<T> {
            #[inline]
            fn settle(&self, promise: #wasm_bindgen::JsValue) -> __wbga_futures::JsFuture<T>
            where
                T: #wasm_bindgen::convert::FromWasmAbi + 'static,
            {
                // Adopted first, as `await` adopts it: `JsFuture` calls `then` on what it
                // is given (a value without one would throw, a thenable calling back at
                // once would find no callbacks yet).
                __wbga_futures::JsFuture::from(#wasm_bindgen::JsCast::unchecked_into::<
                    js_sys::Promise<T>,
                >(#runtime::__rt::adopt(promise)))
            }

            #[inline]
            fn settle_armed(
                &self,
                promise: #wasm_bindgen::JsValue,
                abort: #runtime::__rt::Abort,
            ) -> #runtime::__rt::Tracked<__wbga_futures::JsFuture<T>>
            where
                T: #wasm_bindgen::convert::FromWasmAbi + 'static,
            {
                #runtime::__rt::Tracked::new(promise, abort, |promise| {
                    __wbga_futures::JsFuture::from(
                        #wasm_bindgen::JsCast::unchecked_into::<js_sys::Promise<T>>(promise),
                    )
                })
            }
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
    use super::*;
    use quote::ToTokens;

    #[test]
    fn added_options_follow_the_user_s_and_replace_theirs() {
        let options: Options = syn::parse2(quote!(
            js_class = "K",
            wasm_bindgen_futures = ::wbf,
            js_sys = ::js
        ))
        .unwrap();
        let module = Ident::new("m", Span::call_site());
        let list = option_list(
            &options,
            &[
                Added::JsName("load"),
                Added::FuturesCrate(&module),
                Added::JsSys(&module),
            ],
        );
        assert_eq!(
            list.to_token_stream().to_string(),
            "js_class = \"K\" , js_name = \"load\" , wasm_bindgen_futures = m :: futures , js_sys = m :: js_sys"
        );
        assert!(inner_attribute(&Options::default(), &[]).is_empty());
        let paths = Paths::new(&Default::default(), FuturesSource::ByCfg);
        assert_eq!(
            real_attribute(&paths, &Options::default(), &[]).to_string(),
            "# [:: wasm_bindgen :: prelude :: wasm_bindgen]"
        );
    }

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
