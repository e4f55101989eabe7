//! Tokens for async exports: the hidden futures module, the item under the real
//! attribute with `wasm_bindgen_futures` pointing at that module, the hidden wrapper
//! exports, and what stays plain Rust.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, ImplItemFn, ItemFn};

use super::{inner_attribute, real_attribute, support_module, track_env, Added, Holds};
use crate::lower::exports::{
    Call, Entry, ExportWrapper, ItemResult, LoweredExport, Returns, Shape,
};
use crate::model::exports::ImplEntry;
use crate::model::imports::Many;
use crate::model::{FuturesSource, Paths};
use crate::parse::{self, Options};

/// An item with async exports; `options` are the outer attribute's, forwarded.
pub fn export(paths: &Paths, options: &Options, lowered: &LoweredExport) -> TokenStream {
    let support = &lowered.support;
    let export_name = match &lowered.shape {
        Shape::Fn(item) | Shape::WrappedFn(item, _) => Some(item.sig.ident.unraw().to_string()),
        Shape::Impl { .. } | Shape::Rejected(_) => None,
    };
    let holds = Holds {
        export_name: export_name.as_deref(),
        typed_fallback: false,
        error_check: lowered.checks_errors,
    };
    let module = support_module(paths, support, holds);
    let mut return_type = None;
    let (exported, js_name, plain) = match &lowered.shape {
        Shape::Fn(item) => (Some(item.to_token_stream()), None, None),
        Shape::WrappedFn(item, wrapper) => {
            return_type = wrapper.ts_return.as_deref();
            (
                Some(self::wrapper(paths, support, wrapper)),
                wrapper.js_name.as_deref(),
                Some(plain_fn(item)),
            )
        }
        Shape::Impl {
            block,
            entries,
            plain,
        } => {
            let plain = (!plain.is_empty()).then(|| plain_impl(&block.shell, plain));
            (
                Some(impl_block(paths, support, &block.shell, entries)),
                None,
                plain,
            )
        }
        Shape::Rejected(item) => (None, None, Some(item.to_token_stream())),
    };
    let exported = exported.map(|item| {
        let mut added: Vec<Added> = js_name.map(Added::JsName).into_iter().collect();
        added.extend(return_type.map(Added::ReturnType));
        added.push(Added::FuturesCrate(support));
        // See `support_module`: the real attribute reads the variable too.
        if paths.futures == FuturesSource::JsSys {
            added.push(Added::JsSys(support));
        }
        let attribute = real_attribute(paths, options, &added);
        quote!(#attribute #item)
    });
    let track_env = track_env();
    quote! {
        #module
        #exported
        #plain
        #track_env
    }
}

/// The `impl` block for the real attribute: its items as written, a hidden wrapper in
/// place of each async method that needs one.
fn impl_block(
    paths: &Paths,
    support: &syn::Ident,
    shell: &syn::ItemImpl,
    entries: &[Entry],
) -> TokenStream {
    let mut shell = shell.clone();
    shell.items = entries
        .iter()
        .map(|entry| match entry {
            Entry::Kept(ImplEntry::Other(item)) => (**item).clone(),
            Entry::Kept(ImplEntry::Async(method)) => syn::ImplItem::Fn(method.method.clone()),
            Entry::Wrapped(wrapper) => {
                syn::ImplItem::Verbatim(self::wrapper(paths, support, wrapper))
            }
        })
        .collect();
    shell.to_token_stream()
}

/// The hidden export: the user's docs, `#[cfg]`s and arguments (with their
/// `#[wasm_bindgen]` attributes, which describe the JS side), returning
/// `Result<T, JsValue>`; a method's wrapper carries the method's options and its JS
/// name (a free function's go on the outer attribute).
fn wrapper(paths: &Paths, support: &syn::Ident, wrapper: &ExportWrapper) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    // A method's `#[cfg_attr(condition, wasm_bindgen(..))]` goes to the wrapper (the real
    // attribute reads it once the condition is expanded); where it names the JS name, ours
    // applies only when none of those conditions holds.
    let renamed_when: Vec<TokenStream> = wrapper
        .attrs
        .iter()
        .filter_map(parse::cfg_attr_bindgen)
        .filter(|(_, options)| names_js_name(options))
        .map(|(conditions, _)| quote!(all(#(#conditions),*)))
        .collect();
    let attribute = wrapper.options.map(|options| {
        let mut added: Vec<Added> = wrapper
            .js_name
            .as_deref()
            .filter(|_| renamed_when.is_empty())
            .map(Added::JsName)
            .into_iter()
            .collect();
        added.extend(wrapper.ts_return.as_deref().map(Added::ReturnType));
        let conditional_name = wrapper
            .js_name
            .as_deref()
            .filter(|_| !renamed_when.is_empty())
            .map(|name| {
                quote! {
                    #[cfg_attr(not(any(#(#renamed_when),*)), wasm_bindgen(js_name = #name))]
                }
            });
        let attribute = inner_attribute(options, &added);
        quote!(#attribute #conditional_name)
    });
    let kept = wrapper.attrs.iter().filter(|attr| {
        attr.path().is_ident("doc")
            || attr.path().is_ident("cfg")
            || (wrapper.options.is_some() && parse::cfg_attr_bindgen(attr).is_some())
    });
    let (vis, ident, sig) = (wrapper.vis, &wrapper.ident, wrapper.sig);
    let asyncness = &sig.asyncness;
    let receiver = sig.receiver();
    let comma = receiver.map(|_| quote!(,));
    let args = wrapper.args.iter().map(|(name, arg)| {
        let (attrs, ty) = (&arg.attrs, &arg.ty);
        quote!(#(#attrs)* #name: #ty)
    });
    let signal = wrapper.signal.as_ref().map(|signal| {
        quote! {
            #[wasm_bindgen(unchecked_optional_param_type = "AbortSignal")]
            #signal: ::core::option::Option<#wasm_bindgen::JsValue>
        }
    });
    let args = args.chain(signal);
    let ok = match wrapper.ok {
        Some(ok) => ok.to_token_stream(),
        None => quote!(()),
    };
    let output = match &wrapper.returns {
        Returns::Stream { .. } => quote!(#wasm_bindgen::JsValue),
        _ => quote!(::core::result::Result<#ok, #wasm_bindgen::JsValue>),
    };
    let body = body(paths, support, wrapper);
    quote! {
        #attribute
        #(#kept)*
        #[doc(hidden)]
        #[allow(nonstandard_style, clippy::all, clippy::pedantic)]
        #vis #asyncness fn #ident(#receiver #comma #(#args),*) -> #output
        #body
    }
}

/// Whether `options` (the tokens of a `wasm_bindgen(..)`) give a `js_name`.
fn names_js_name(options: &TokenStream) -> bool {
    syn::parse2::<Options>(options.clone())
        .is_ok_and(|options| options.0.iter().any(|option| option.name == "js_name"))
}

/// `Ok` as it is, `Err` converted (through the check of `E` when it is not
/// `JsValue`/`JsError`); under `abortable`, all of it inside `__rt::abortable`.
fn body(paths: &Paths, support: &syn::Ident, wrapper: &ExportWrapper) -> TokenStream {
    let name = &wrapper.sig.ident;
    let call = match wrapper.call {
        Call::Function => quote!(#name),
        Call::Method => quote!(self.#name),
        Call::Associated => quote!(Self::#name),
    };
    let args = wrapper.args.iter().map(|(name, _)| name);
    if let Returns::Stream { item, result, many } = &wrapper.returns {
        return stream_body(
            paths,
            support,
            wrapper,
            &call,
            item,
            (result.as_deref(), *many),
        );
    }
    let called = quote! {
        #[allow(deprecated)]
        let __wbga_output = #call(#(#args),*).await;
    };
    let result = match &wrapper.returns {
        Returns::Stream { .. } => unreachable!("stream exports return above"),
        Returns::Plain => quote! {{
            #called
            ::core::result::Result::Ok(__wbga_output)
        }},
        Returns::JsError => quote! {{
            #called
            __wbga_output.map_err(::core::convert::Into::into)
        }},
        &Returns::Checked(err) => {
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
    match &wrapper.signal {
        None => result,
        Some(signal) => {
            let runtime = &paths.runtime;
            quote! {{
                #runtime::__rt::abortable(#signal, async move #result).await
            }}
        }
    }
}

/// A stream export's wrapper body: the user's stream handed to `__rt::export_stream`,
/// each item made a JS value with `Into<JsValue>` (through `__rt::ExportItem`, spanned at
/// the item type, where a type that cannot cross is reported; a `Result` item's error
/// /// too, its `Err` rejecting that `next()`), each request spawned by the support module's
/// `future_to_promise` (which the user's cfgs choose, as for async exports). An iterator
/// export's: the user's iterator handed to `__rt::export_iter`, each item converted so.
fn stream_body(
    paths: &Paths,
    support: &syn::Ident,
    wrapper: &ExportWrapper,
    call: &TokenStream,
    item: &syn::Type,
    (result, many): (Option<&ItemResult>, Many),
) -> TokenStream {
    let runtime = &paths.runtime;
    let args = wrapper.args.iter().map(|(name, _)| name);
    // The conversions spanned at the item type: a type that cannot cross is reported
    // there.
    // (An error type that is not written, `Result<T>` with a default one, is inferred.)
    let into = |ty: Option<&syn::Type>, value: &str| {
        let value = syn::Ident::new(value, proc_macro2::Span::call_site());
        match ty {
            Some(ty) => {
                quote_spanned! {ty.span()=> <#ty as #runtime::__rt::ExportItem>::into_js(#value)}
            }
            None => quote_spanned! {item.span()=> #runtime::__rt::ExportItem::into_js(#value)},
        }
    };
    let convert = if let Some(result) = result {
        let (ok, err) = (
            into(Some(&result.ok), "__wbga_value"),
            into(result.err.as_ref(), "__wbga_error"),
        );
        quote! {
            |__wbga_item| match __wbga_item {
                ::core::result::Result::Ok(__wbga_value) => ::core::result::Result::Ok(#ok),
                ::core::result::Result::Err(__wbga_error) => ::core::result::Result::Err(#err),
            }
        }
    } else {
        let item = into(Some(item), "__wbga_item");
        quote!(|__wbga_item| ::core::result::Result::Ok(#item))
    };
    let signal = match &wrapper.signal {
        Some(signal) => quote!(#signal),
        None => quote!(::core::option::Option::None),
    };
    // The value handed on, spanned at the declared return type: a stream that borrows
    // `self` or an argument (and so cannot outlive the call) is reported there.
    let span = match &wrapper.sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => wrapper.sig.output.span(),
    };
    let runtime = respanned(runtime.to_token_stream(), span);
    let value = syn::Ident::new("__wbga_stream", span);
    let name = &wrapper.sig.ident;
    let called = match wrapper.call {
        Call::Method => quote_spanned!(span=> self.#name(#(#args),*)),
        _ => quote_spanned!(span=> #call(#(#args),*)),
    };
    let hand_on = match many {
        Many::Stream => quote_spanned! {span=>
            #runtime::__rt::export_stream(
                #value,
                #convert,
                #signal,
                |__wbga_request| #support::futures::future_to_promise(__wbga_request),
            )
        },
        Many::Iterator => quote_spanned! {span=>
            #runtime::__rt::export_iter(::core::iter::IntoIterator::into_iter(#value), #convert)
        },
    };
    quote! {{
        #[allow(deprecated)]
        let #value = #called;
        #hand_on
    }}
}

/// `tokens` with every span set to `span` (a path of ours that starts an expression whose
/// errors should point at the user's tokens).
fn respanned(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respanned(group.stream(), span));
                inner.set_span(span);
                tree = proc_macro2::TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// The user's function behind a wrapper: plain Rust, without the `#[wasm_bindgen]`
/// attributes of its arguments (they went to the wrapper).
fn plain_fn(item: &ItemFn) -> TokenStream {
    let mut item = item.clone();
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
fn plain_impl(shell: &syn::ItemImpl, methods: &[&ImplItemFn]) -> TokenStream {
    let cfgs = parse::cfg_attrs(&shell.attrs);
    let (generics, self_ty) = (&shell.generics, &shell.self_ty);
    let where_clause = &generics.where_clause;
    let methods = methods.iter().map(|method| {
        let mut method = (*method).clone();
        // `#[cfg_attr(c, wasm_bindgen(..))]` too: expanded on a plain method, it would run
        // the attribute on it.
        method.attrs.retain(|attr| {
            !parse::is_bindgen_attr(attr) && parse::cfg_attr_bindgen(attr).is_none()
        });
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
