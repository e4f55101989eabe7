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

/// An async export returning `Result<T, E>` with an `E` that is not written `JsValue` or
/// `JsError` is exported through a hidden wrapper returning `Result<T, JsValue>`, which
/// converts the error as upstream does (`E: Into<JsValue>`). When `E` is not
/// `Into<JsValue>`, the conversion is the one error, at `E`, saying what to do; handed
/// to the real attribute as written, the same mistake is an error at the whole return
/// type naming `wasm_bindgen::__rt::IntoJsResult`.
struct ErrorWrapper<'a> {
    /// The user's function or method.
    sig: &'a syn::Signature,
    /// `T`.
    ok: &'a Type,
    /// `E`.
    err: &'a Type,
}

/// Lowers one item with async exports; `options` are those of the outer attribute.
pub fn export(item: ExportItem, options: &Options, wasm_bindgen: &syn::Path) -> LoweredExport {
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
                checks_errors = true;
                js_name = (!options.has("js_name")).then(|| item.sig.ident.unraw().to_string());
                let exported =
                    wrapper.function(&item.attrs, &item.vis, &futures_module, wasm_bindgen);
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
                            Some(wrapper.method(method, &options, &futures_module, wasm_bindgen))
                        })
                    }
                    _ => None,
                };
                match (wrapped, impl_item) {
                    (Some(wrapper), ImplItem::Fn(method)) => {
                        checks_errors = true;
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

/// The wrapper an export needs, if it returns `Result<T, E>` with an `E` other than
/// `JsValue`/`JsError` and is not one whose JS name or role the wrapper would change
/// (`start`, `main`, `constructor`, `getter`, `setter`).
fn error_wrapper<'a>(sig: &'a syn::Signature, options: &Options) -> Option<ErrorWrapper<'a>> {
    const KEEP: [&str; 5] = ["start", "main", "constructor", "getter", "setter"];
    if KEEP.iter().any(|name| options.has(name)) {
        return None;
    }
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
    if last.ident != "Result" || args.args.len() != 2 || types.len() != 2 {
        return None;
    }
    let (ok, err) = (types[0], types[1]);
    let js_error = matches!(ungroup(err), Type::Path(path)
        if path.path.segments.last().is_some_and(|last| last.ident == "JsValue" || last.ident == "JsError"));
    (!js_error).then_some(ErrorWrapper { sig, ok, err })
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
        wasm_bindgen: &syn::Path,
    ) -> TokenStream {
        let ident = &self.sig.ident;
        let body = self.body(&quote!(#ident), support);
        self.item(attrs, vis, None, body, wasm_bindgen)
    }

    /// The wrapper of a method, carrying the method's `#[wasm_bindgen]` options and its
    /// JS name.
    fn method(
        &self,
        method: &ImplItemFn,
        options: &Options,
        support: &Ident,
        wasm_bindgen: &syn::Path,
    ) -> TokenStream {
        let ident = &self.sig.ident;
        let call = match self.sig.receiver() {
            Some(_) => quote!(self.#ident),
            None => quote!(Self::#ident),
        };
        let body = self.body(&call, support);
        let mut options = options.clone();
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
            wasm_bindgen,
        )
    }

    /// `Ok` as it is, `Err` through the check of `E`.
    fn body(&self, call: &TokenStream, support: &Ident) -> TokenStream {
        let args = self.args().map(|(name, _)| name);
        let err = self.err;
        // Spanned at `E`, the error's binding too: a failed bound on the argument is
        // reported at the argument.
        let error = syn::Ident::new("__wbga_error", err.span());
        let convert = quote_spanned! {err.span()=>
            (&#support::ErrorCheck::<#err>(::core::marker::PhantomData)).convert(#error)
        };
        quote! {{
            #[allow(unused_imports)]
            use #support::{IntoJsError as _, NotIntoJsError as _};
            #[allow(deprecated)]
            match #call(#(#args),*).await {
                ::core::result::Result::Ok(value) => ::core::result::Result::Ok(value),
                ::core::result::Result::Err(#error) => ::core::result::Result::Err(#convert),
            }
        }}
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
        let ok = self.ok;
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
            &parse_quote!(::wasm_bindgen),
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
            &parse_quote!(::wasm_bindgen),
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
                &parse_quote!(::wasm_bindgen),
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
