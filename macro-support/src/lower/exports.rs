//! Lowering of async exports.
//!
//! The real attribute generates the JS side of an async export (the synchronous wasm
//! export that builds the promise with `future_to_promise`, or `spawn_local` for
//! `start`/`main`; the `Promise<T>` type in `.d.ts`; the borrow of `self` held for the
//! whole future). It takes the futures crate from its `wasm_bindgen_futures = path`
//! option, and we point that option at a hidden module whose one `pub use` is chosen by
//! `cfg(wasm_bindgen_use_js_sys)` in the user's crate.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, ImplItem, ImplItemFn, ItemFn, ItemImpl, Pat, Type};

use super::fnv1a;
use crate::model::exports::ExportItem;
use crate::model::imports::ungroup;
use crate::model::Paths;
use crate::parse::{self, Options};

/// An item with async exports after lowering.
pub struct LoweredExport {
    /// The hidden module that names the futures crate for the real attribute.
    pub futures_module: Ident,
    /// What goes to the real attribute (`None` when the only export was broken).
    pub exported: Option<TokenStream>,
    /// What stays plain Rust: exports with a mistake, so that callers still type-check,
    /// and the user's functions behind error wrappers.
    pub plain: Option<TokenStream>,
    /// `js_name` to add to the outer options: a free function behind an error wrapper
    /// is exported under the user's name.
    pub js_name: Option<String>,
    /// Whether an export is exported through an error wrapper, whose error type the
    /// support module checks.
    pub checks_errors: bool,
}

/// Some async exports are exported through a hidden wrapper returning
/// `Result<T, JsValue>`, the user's function staying plain Rust:
/// - one returning `Result<T, E>` with an `E` that is not written `JsValue` or `JsError`:
///   the wrapper converts the error as upstream does (`E: Into<JsValue>`). When `E` is
///   not `Into<JsValue>`, the conversion is the one error, at `E`, saying what to do;
///   handed to the real attribute as written, the same mistake is an error at the whole
///   return type naming `wasm_bindgen::__rt::IntoJsResult`;
/// - an `abortable` one: the wrapper takes an optional `AbortSignal` last
///   (`signal?: AbortSignal` in `.d.ts`) and runs the user's future under `__rt::abortable`.
struct ErrorWrapper<'a> {
    /// The user's function or method.
    sig: &'a syn::Signature,
    /// `T` (`None`: `()`, no return type).
    ok: Option<&'a Type>,
    /// What the user's function returns.
    returns: Returns<'a>,
    /// `abortable`: the name of the signal argument.
    signal: Option<Ident>,
}

/// What an export behind a wrapper returns.
enum Returns<'a> {
    /// `T` (or nothing): always `Ok`.
    Plain,
    /// `Result<T, JsValue>` or `Result<T, JsError>`: `Err` converted with `Into`.
    JsError,
    /// `Result<T, E>` with any other `E`: `Err` through the support module's check.
    Checked(&'a Type),
}

/// Lowers one item with async exports; `options` are those of the outer attribute.
pub fn export(item: ExportItem, options: &Options, paths: &Paths) -> LoweredExport {
    let hashed = match &item {
        ExportItem::Fn(item) => item.to_token_stream().to_string(),
        ExportItem::Rejected(item) => item.to_token_stream().to_string(),
        ExportItem::Impl { item, broken } => {
            item.to_token_stream().to_string() + &quote!(#(#broken)*).to_string()
        }
    };
    let futures_module = format_ident!(
        "__wbga_futures_{:08x}",
        fnv1a(&hashed),
        span = Span::call_site()
    );
    let mut js_name = None;
    let mut checks_errors = false;
    let (exported, plain) = match item {
        ExportItem::Fn(item) => match error_wrapper(&item.sig, options) {
            Some(wrapper) => {
                checks_errors = matches!(wrapper.returns, Returns::Checked(_));
                js_name = (!options.has("js_name")).then(|| item.sig.ident.unraw().to_string());
                let exported = wrapper.function(&item.attrs, &item.vis, &futures_module, paths);
                (Some(exported), Some(plain_fn(*item)))
            }
            None => (Some(item.to_token_stream()), None),
        },
        ExportItem::Rejected(item) => (None, Some(item.to_token_stream())),
        ExportItem::Impl {
            mut item,
            mut broken,
        } => {
            let mut items = Vec::with_capacity(item.items.len());
            for impl_item in std::mem::take(&mut item.items) {
                let wrapped = match &impl_item {
                    ImplItem::Fn(method) if method.sig.asyncness.is_some() => {
                        method_options(method).and_then(|options| {
                            let wrapper = error_wrapper(&method.sig, &options)?;
                            let checks = matches!(wrapper.returns, Returns::Checked(_));
                            Some((
                                wrapper.method(method, &options, &futures_module, paths),
                                checks,
                            ))
                        })
                    }
                    _ => None,
                };
                match (wrapped, impl_item) {
                    (Some((wrapper, checks)), ImplItem::Fn(method)) => {
                        checks_errors |= checks;
                        items.push(ImplItem::Verbatim(wrapper));
                        broken.push(method);
                    }
                    (_, other) => items.push(other),
                }
            }
            item.items = items;
            let plain = (!broken.is_empty()).then(|| plain_impl(&item, broken));
            (Some(item.to_token_stream()), plain)
        }
    };
    LoweredExport {
        futures_module,
        exported,
        plain,
        js_name,
        checks_errors,
    }
}

/// The options of a method's own `#[wasm_bindgen(...)]` attributes (already checked).
fn method_options(method: &ImplItemFn) -> Option<Options> {
    parse::bindgen_options(&method.attrs).ok()
}

/// The wrapper an export needs: if it is `abortable`, or returns `Result<T, E>` with an
/// `E` other than `JsValue`/`JsError`; never for one whose JS name or role the wrapper
/// would change (`start`, `main`, `constructor`, `getter`, `setter`; `abortable` is an
/// error there, reported by the model).
fn error_wrapper<'a>(sig: &'a syn::Signature, options: &Options) -> Option<ErrorWrapper<'a>> {
    const KEEP: [&str; 5] = ["start", "main", "constructor", "getter", "setter"];
    if KEEP.iter().any(|name| options.has(name)) {
        return None;
    }
    let signal = options.has("abortable").then(|| signal_name(sig));
    let (ok, returns) = match result_types(sig) {
        Some((ok, err)) => {
            let js_error = matches!(ungroup(err), Type::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "JsValue" || last.ident == "JsError"));
            (
                Some(ok),
                if js_error {
                    Returns::JsError
                } else {
                    Returns::Checked(err)
                },
            )
        }
        None => (
            match &sig.output {
                syn::ReturnType::Type(_, ty) => Some(&**ty),
                syn::ReturnType::Default => None,
            },
            Returns::Plain,
        ),
    };
    let needed = signal.is_some() || matches!(returns, Returns::Checked(_));
    needed.then_some(ErrorWrapper {
        sig,
        ok,
        returns,
        signal,
    })
}

/// `T` and `E` of a `-> Result<T, E>` (written with two type arguments).
fn result_types(sig: &syn::Signature) -> Option<(&Type, &Type)> {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return None;
    };
    let Type::Path(path) = ungroup(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<&Type> = args
        .args
        .iter()
        .filter_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .collect();
    (last.ident == "Result" && args.args.len() == 2 && types.len() == 2)
        .then(|| (types[0], types[1]))
}

/// `signal`, or `abort_signal` if an argument is already called `signal`.
fn signal_name(sig: &syn::Signature) -> Ident {
    let taken = sig.inputs.iter().any(|input| {
        matches!(input, FnArg::Typed(arg) if matches!(ungroup_pat(&arg.pat), Pat::Ident(pat) if pat.ident == "signal"))
    });
    Ident::new(
        if taken { "abort_signal" } else { "signal" },
        Span::mixed_site(),
    )
}

impl ErrorWrapper<'_> {
    /// The hidden export's name: `__wbga_export_<name>`.
    fn ident(&self) -> Ident {
        format_ident!(
            "__wbga_export_{}",
            self.sig.ident.unraw(),
            span = Span::call_site()
        )
    }

    /// The wrapper of a free function (its options are the outer attribute's).
    fn function(
        &self,
        attrs: &[Attribute],
        vis: &syn::Visibility,
        support: &Ident,
        paths: &Paths,
    ) -> TokenStream {
        let ident = &self.sig.ident;
        let body = self.body(&quote!(#ident), support, paths);
        self.item(attrs, vis, None, body, &paths.wasm_bindgen)
    }

    /// The wrapper of a method, carrying the method's `#[wasm_bindgen]` options and its
    /// JS name.
    fn method(
        &self,
        method: &ImplItemFn,
        options: &Options,
        support: &Ident,
        paths: &Paths,
    ) -> TokenStream {
        let ident = &self.sig.ident;
        let call = match self.sig.receiver() {
            Some(_) => quote!(self.#ident),
            None => quote!(Self::#ident),
        };
        let body = self.body(&call, support, paths);
        let mut options = options.clone();
        options.0.retain(|option| {
            !crate::model::options::OURS
                .iter()
                .any(|ours| option.name == ours)
        });
        if !options.has("js_name") {
            let name = ident.unraw().to_string();
            let js_name: Options = syn::parse_quote!(js_name = #name);
            options.0.extend(js_name.0);
        }
        let options = quote!(#[wasm_bindgen(#options)]);
        self.item(
            &method.attrs,
            &method.vis,
            Some(options),
            body,
            &paths.wasm_bindgen,
        )
    }

    /// `Ok` as it is, `Err` converted (through the check of `E` when it is not
    /// `JsValue`/`JsError`); under `abortable`, all of it inside `__rt::abortable`.
    fn body(&self, call: &TokenStream, support: &Ident, paths: &Paths) -> TokenStream {
        let args: Vec<Ident> = self.args().map(|(name, _)| name).collect();
        let called = quote! {
            #[allow(deprecated)]
            let __wbga_output = #call(#(#args),*).await;
        };
        let result = match self.returns {
            Returns::Plain => quote! {{
                #called
                ::core::result::Result::Ok(__wbga_output)
            }},
            Returns::JsError => quote! {{
                #called
                __wbga_output.map_err(::core::convert::Into::into)
            }},
            Returns::Checked(err) => {
                // Spanned at `E`, the error's binding too: a failed bound on the argument
                // is reported at the argument.
                let error = syn::Ident::new("__wbga_error", err.span());
                let convert = quote_spanned! {err.span()=>
                    (&#support::ErrorCheck::<#err>(::core::marker::PhantomData)).convert(#error)
                };
                quote! {{
                    #[allow(unused_imports)]
                    use #support::{IntoJsError as _, NotIntoJsError as _};
                    #called
                    match __wbga_output {
                        ::core::result::Result::Ok(value) => ::core::result::Result::Ok(value),
                        ::core::result::Result::Err(#error) => ::core::result::Result::Err(#convert),
                    }
                }}
            }
        };
        match &self.signal {
            None => result,
            Some(signal) => {
                let runtime = &paths.runtime;
                quote! {{
                    #runtime::__rt::abortable(#signal, async move #result).await
                }}
            }
        }
    }

    /// The hidden export: the user's docs, `#[cfg]`s and arguments (with their
    /// `#[wasm_bindgen]` attributes, which describe the JS side), returning
    /// `Result<T, JsValue>`.
    fn item(
        &self,
        attrs: &[Attribute],
        vis: &syn::Visibility,
        options: Option<TokenStream>,
        body: TokenStream,
        wasm_bindgen: &syn::Path,
    ) -> TokenStream {
        let kept = attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc") || attr.path().is_ident("cfg"));
        let ident = self.ident();
        let asyncness = &self.sig.asyncness;
        let receiver = self.sig.receiver();
        let comma = receiver.map(|_| quote!(,));
        let args = self.args().map(|(name, arg)| {
            let (attrs, ty) = (&arg.attrs, &arg.ty);
            quote!(#(#attrs)* #name: #ty)
        });
        let signal = self.signal.as_ref().map(|signal| {
            quote! {
                #[wasm_bindgen(unchecked_optional_param_type = "AbortSignal")]
                #signal: ::core::option::Option<#wasm_bindgen::JsValue>
            }
        });
        let args = args.chain(signal);
        let ok = match self.ok {
            Some(ok) => ok.to_token_stream(),
            None => quote!(()),
        };
        quote! {
            #options
            #(#kept)*
            #[doc(hidden)]
            #[allow(nonstandard_style, clippy::all, clippy::pedantic)]
            #vis #asyncness fn #ident(#receiver #comma #(#args),*)
                -> ::core::result::Result<#ok, #wasm_bindgen::JsValue>
            #body
        }
    }

    /// The typed arguments, each with a name the wrapper can forward (`__wbga_argN` for
    /// a pattern that is not a plain name).
    fn args(&self) -> impl Iterator<Item = (Ident, &syn::PatType)> {
        self.sig
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(i, input)| match input {
                FnArg::Typed(arg) => {
                    let name = match ungroup_pat(&arg.pat) {
                        Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                            pat.ident.clone()
                        }
                        _ => Ident::new(&format!("__wbga_arg{i}"), Span::mixed_site()),
                    };
                    Some((name, arg))
                }
                FnArg::Receiver(_) => None,
            })
    }
}

fn ungroup_pat(pat: &Pat) -> &Pat {
    match pat {
        Pat::Paren(paren) => ungroup_pat(&paren.pat),
        other => other,
    }
}

/// The user's function behind a wrapper: plain Rust, without the `#[wasm_bindgen]`
/// attributes of its arguments (they went to the wrapper).
fn plain_fn(mut item: ItemFn) -> TokenStream {
    strip_arg_attrs(&mut item.sig);
    item.to_token_stream()
}

fn strip_arg_attrs(sig: &mut syn::Signature) {
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            arg.attrs.retain(|attr| !parse::is_bindgen_attr(attr));
        }
    }
}

/// `impl Type { <methods> }` for broken methods and those behind wrappers, without
/// their `#[wasm_bindgen]` attributes.
fn plain_impl(item: &ItemImpl, methods: Vec<ImplItemFn>) -> TokenStream {
    let ItemImpl {
        attrs,
        generics,
        self_ty,
        ..
    } = item;
    let cfgs = attrs.iter().filter(|attr| attr.path().is_ident("cfg"));
    let where_clause = &generics.where_clause;
    let methods = methods.into_iter().map(|mut method| {
        method.attrs.retain(|attr| !parse::is_bindgen_attr(attr));
        strip_arg_attrs(&mut method.sig);
        method
    });
    quote! {
        #(#cfgs)*
        impl #generics #self_ty #where_clause {
            #(#methods)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exports::async_impl;
    use crate::model::Errors;
    use syn::parse_quote;

    #[test]
    fn broken_methods_stay_rust_only_without_bindgen_attributes() {
        let mut errors = Errors::default();
        let lowered = export(
            async_impl(
                parse_quote! {
                    impl Thing {
                        #[wasm_bindgen(js_nmae = "size")]
                        pub async fn size(&self) -> u32 { 0 }
                        pub async fn fine(&self) {}
                    }
                },
                &mut errors,
            ),
            &Options::default(),
            &crate::model::Paths::from_options(
                &Options::default(),
                crate::model::FuturesSource::ByCfg,
            ),
        );
        let plain = lowered.plain.unwrap().to_string();
        assert!(
            plain.contains("size") && !plain.contains("wasm_bindgen"),
            "{plain}"
        );
        let exported = lowered.exported.unwrap().to_string();
        assert!(
            exported.contains("fine") && !exported.contains("size"),
            "{exported}"
        );
    }

    #[test]
    fn error_wrappers_only_for_errors_other_than_js_values() {
        let wraps = |sig: syn::Signature, options: proc_macro2::TokenStream| {
            let options: Options = syn::parse2(options).unwrap();
            error_wrapper(&sig, &options).is_some()
        };
        assert!(wraps(
            parse_quote!(async fn f() -> Result<u32, MyError>),
            quote!()
        ));
        assert!(wraps(
            parse_quote!(async fn f() -> Result<(), String>),
            quote!()
        ));
        assert!(!wraps(
            parse_quote!(async fn f() -> Result<u32, JsValue>),
            quote!()
        ));
        assert!(!wraps(
            parse_quote!(async fn f() -> Result<u32, wasm_bindgen::JsError>),
            quote!()
        ));
        assert!(!wraps(parse_quote!(async fn f() -> u32), quote!()));
        assert!(!wraps(
            parse_quote!(async fn f() -> JsResult<u32>),
            quote!()
        ));
        assert!(!wraps(
            parse_quote!(async fn f() -> Pair<u32, MyError>),
            quote!()
        ));
        for kept in [quote!(start), quote!(getter), quote!(constructor)] {
            assert!(!wraps(
                parse_quote!(async fn f() -> Result<u32, MyError>),
                kept
            ));
        }
    }

    #[test]
    fn wrapper_arguments_forward_plain_names_and_name_patterns() {
        let sig: syn::Signature = parse_quote!(async fn f(&self, a: u32, mut b: u32, ref c: u32, d @ _: u32, _: u32) -> Result<u32, E>);
        let wrapper = error_wrapper(&sig, &Options::default()).expect("wrapped");
        let names: Vec<String> = wrapper.args().map(|(name, _)| name.to_string()).collect();
        assert_eq!(
            names,
            ["a", "b", "__wbga_arg3", "__wbga_arg4", "__wbga_arg5"]
        );
    }

    #[test]
    fn synchronous_methods_are_not_wrapped() {
        let lowered = export(
            async_impl(
                parse_quote! {
                    impl Thing {
                        pub fn check(&self) -> Result<u32, MyError> { Ok(0) }
                        pub async fn load(&self) -> Result<u32, MyError> { Ok(0) }
                    }
                },
                &mut Errors::default(),
            ),
            &Options::default(),
            &crate::model::Paths::from_options(
                &Options::default(),
                crate::model::FuturesSource::ByCfg,
            ),
        );
        let exported = lowered.exported.unwrap().to_string();
        assert!(exported.contains("fn check"), "{exported}");
        assert!(
            exported.contains("__wbga_export_load") && !exported.contains("__wbga_export_check")
        );
    }

    #[test]
    fn module_name_is_stable_and_per_item() {
        let lower = |item: syn::ItemFn| {
            let options = crate::parse::Options::default();
            export(
                crate::model::exports::async_fn(item, &options, &mut Errors::default()),
                &options,
                &crate::model::Paths::from_options(
                    &Options::default(),
                    crate::model::FuturesSource::ByCfg,
                ),
            )
            .futures_module
        };
        let a = lower(parse_quote!(
            async fn a() {}
        ));
        assert_eq!(
            a,
            lower(parse_quote!(
                async fn a() {}
            ))
        );
        assert_ne!(
            a,
            lower(parse_quote!(
                async fn b() {}
            ))
        );
        assert!(a.to_string().starts_with("__wbga_futures_"));
    }
}
