//! Tokens for an extern block with async imports: the block for the real attribute,
//! the `async fn` wrappers beside it, and stand-ins for imports with a mistake.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use super::{real_attribute, support_module, track_env, Support};
use crate::lower::imports::{BlockItem, Check, Conversion, Helper, LoweredBlock, Stub, Wrapper};
use crate::model::imports::{ungroup, ImportReturn};
use crate::model::Paths;
use crate::parse::Options;

/// An extern block with async imports, and everything generated next to it.
pub fn import_block(paths: &Paths, options: &Options, block: &LoweredBlock) -> TokenStream {
    let attribute = real_attribute(paths, options);
    let LoweredBlock {
        attrs,
        unsafety,
        abi,
        items,
        wrappers,
        stubs,
        support,
    } = block;
    let items = items.iter().map(|item| match item {
        BlockItem::User(item) => item.to_token_stream(),
        BlockItem::Helper(helper) => self::helper(paths, helper),
    });
    // Only a return taken as declared may need the futures crate (see `Typed`).
    let typed = wrappers.iter().any(|wrapper| {
        wrapper.checked.is_none()
            && matches!(
                wrapper.ret,
                ImportReturn::Value(_) | ImportReturn::Catch { ok: Some(_), .. }
            )
    });
    let module = typed.then(|| support_module(paths, support, Support::Imports));
    let wrappers = wrappers
        .iter()
        .map(|wrapper| self::wrapper(paths, support, wrapper));
    let stubs = stubs.iter().map(stub);
    let track_env = track_env();
    quote! {
        #attribute
        #(#attrs)*
        #unsafety #abi {
            #(#items)*
        }
        #module
        #(#wrappers)*
        #(#stubs)*
        #track_env
    }
}

fn helper(paths: &Paths, helper: &Helper) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let Helper {
        options,
        js_name,
        cfgs,
        ident,
        generics,
        inputs,
        catch,
        signal_at,
    } = helper;
    let where_clause = &generics.where_clause;
    let js_name = js_name
        .as_ref()
        .map(|name| quote!(#[wasm_bindgen(js_name = #name)]));
    let ret = if *catch {
        quote!(::core::result::Result<#wasm_bindgen::JsValue, #wasm_bindgen::JsValue>)
    } else {
        quote!(#wasm_bindgen::JsValue)
    };
    let options = crate::model::options::as_attribute(options);
    let mut inputs = inputs.clone();
    if let Some(at) = *signal_at {
        inputs.insert(at, quote!(__wbga_signal: &#wasm_bindgen::JsValue));
    }
    quote! {
        #options
        #js_name
        #(#cfgs)*
        #[doc(hidden)]
        fn #ident #generics (#(#inputs),*) -> #ret #where_clause;
    }
}

/// The user's `async fn`: calls the hidden import, awaits the promise through our
/// runtime (`settle`), and settles per the import table; the cold paths are calls into
/// the runtime. A return taken as declared goes through `Typed`: a cast for `JsCast`
/// types, else the futures crate's typed `JsFuture` (the support module's fallback).
fn wrapper(paths: &Paths, support: &syn::Ident, wrapper: &Wrapper) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let runtime = &paths.runtime;
    let rt = quote!(#runtime::__rt);
    let Wrapper {
        class,
        impl_generics,
        block_cfgs,
        attrs,
        vis,
        unsafety,
        asyncness,
        ident,
        method,
        args,
        generics,
        output,
        call,
        ret,
        display_name,
        checked,
        abort,
    } = wrapper;
    let where_clause = &generics.where_clause;
    let receiver = method.then(|| quote!(&self,));
    let args = args.iter().map(|arg| {
        let crate::model::imports::Arg { attrs, ident, ty } = arg;
        let ty = stack_closure(wasm_bindgen, ty).unwrap_or_else(|| ty.to_token_stream());
        quote!(#(#attrs)* #ident: #ty)
    });
    let local = |name: &str| syn::Ident::new(name, Span::mixed_site());
    let (promise, reason, value, wrong) = (
        local("__wbga_promise"),
        local("__wbga_reason"),
        local("__wbga_value"),
        local("__wbga_wrong"),
    );
    let into_err = match ret {
        ImportReturn::Catch { err, .. } => Some(into_err(wasm_bindgen, err.as_deref(), output)),
        _ => None,
    };
    // A synchronous throw (under `catch`), a rejection: early returns or panics.
    let make_abort = abort
        .as_ref()
        .map(|abort| quote!(let #abort = #rt::Abort::new();));
    let get_promise = match &into_err {
        Some(into_err) => quote! {
            let #promise = match #call {
                ::core::result::Result::Ok(#promise) => #promise,
                ::core::result::Result::Err(#reason) => {
                    return ::core::result::Result::Err(#into_err(#reason));
                }
            };
        },
        None => quote!(let #promise = #call;),
    };
    let on_reject = match &into_err {
        Some(into_err) => quote!(return ::core::result::Result::Err(#into_err(#reason))),
        None => quote!(#rt::rejected(#display_name, #reason)),
    };
    // `abortable`: the future aborts the signal if it is dropped before it settles.
    let settled = |future: TokenStream| {
        let future = match abort {
            Some(abort) => quote!(#rt::AbortOnDrop::new(#abort, #future)),
            None => future,
        };
        quote! {
            match #future.await {
                ::core::result::Result::Ok(#value) => #value,
                ::core::result::Result::Err(#reason) => #on_reject,
            }
        }
    };
    let settle_js = settled(quote!(#rt::settle(#promise)));
    // Spanned at the awaited type, so that a type that cannot be awaited (a generic `T`
    // without `FromWasmAbi`) is reported at the user's type, with rustc's hint for the
    // missing bound.
    let settle_typed = |awaited: &syn::Type| {
        settled(quote_spanned! {awaited.span()=>
            {
                use #rt::JsCastValue as _;
                use #support::ViaFutures as _;
                (&#rt::Typed::<#awaited>::NEW).settle(#promise)
            }
        })
    };
    let (resolved, tail) = match ret {
        ImportReturn::Unit => (None, quote!()),
        ImportReturn::Catch { ok: None, .. } => (None, quote!(::core::result::Result::Ok(()))),
        ImportReturn::Value(ty) => (Some(ty), quote!(#value)),
        ImportReturn::Catch { ok: Some(ty), .. } => {
            (Some(ty), quote!(::core::result::Result::Ok(#value)))
        }
    };
    let body = match resolved {
        // Nothing to resolve: the settled value is discarded.
        None => quote!(let _ = #settle_js;),
        Some(ty) => {
            match checked {
                None => {
                    let typed = settle_typed(ty);
                    quote!(let #value = #typed;)
                }
                Some((check, conversion)) => {
                    let settled = &settle_js;
                    let try_from = |ty: &dyn ToTokens| quote!(<#ty as #wasm_bindgen::convert::TryFromJsValue>::try_from_js_value);
                    let converted = match conversion {
                        Conversion::TryFrom => {
                            let try_from = try_from(ty);
                            quote!(#try_from(#settled))
                        }
                        Conversion::Via32 {
                            int,
                            target,
                            optional: false,
                        } => {
                            let try_from = try_from(int);
                            quote!(#try_from(#settled).map(|n| n as #target))
                        }
                        Conversion::Via32 {
                            int,
                            target,
                            optional: true,
                        } => {
                            let try_from = try_from(&quote!(::core::option::Option<#int>));
                            quote!(#try_from(#settled).map(|n| n.map(|n| n as #target)))
                        }
                        Conversion::Char { optional: false } => {
                            quote!(#rt::char_from(#settled))
                        }
                        Conversion::Char { optional: true } => {
                            quote!(#rt::option_char_from(#settled))
                        }
                    };
                    let expected = ty.to_token_stream().to_string().replace(' ', "");
                    let on_mismatch = match &into_err {
                        Some(into_err) => quote! {
                            return ::core::result::Result::Err(#into_err(
                                #rt::mismatch_error(#display_name, #expected, &#wrong),
                            ))
                        },
                        None => quote!(#rt::mismatch(#display_name, #expected, #wrong)),
                    };
                    let checked = quote! {
                        match #converted {
                            ::core::result::Result::Ok(#value) => #value,
                            ::core::result::Result::Err(#wrong) => #on_mismatch,
                        }
                    };
                    match check {
                        Check::Always => quote!(let #value = #checked;),
                        // Unchecked: as a wasm parameter of the number's ABI type.
                        Check::InDebug => quote! {
                            #[cfg(debug_assertions)]
                            let #value = #checked;
                            #[cfg(not(debug_assertions))]
                            let #value = <#ty as #rt::Number>::from_settled(&#settle_js);
                        },
                    }
                }
            }
        }
    };
    // As upstream's own import functions: the names and arity are the JS API's.
    let function = quote! {
        #[allow(nonstandard_style)]
        #[allow(clippy::all, clippy::nursery, clippy::pedantic, clippy::restriction)]
        #(#attrs)*
        #vis #asyncness #unsafety fn #ident #generics (#receiver #(#args),*) #output #where_clause {
            #make_abort
            #get_promise
            #body
            #tail
        }
    };
    match class {
        None => quote!(#(#block_cfgs)* #function),
        Some(class) => quote! {
            #(#block_cfgs)*
            impl #impl_generics #class {
                #function
            }
        },
    }
}

/// `&(impl Fn(..) + MaybeUnwindSafe)` for an argument declared `&dyn Fn(..)` (`&mut`
/// and `FnMut` likewise), exactly as upstream declares such imports: callers pass
/// `&|x| ..`, which must be unwind-safe under `panic = "unwind"`, and the hidden import,
/// declared the same way by upstream, takes it on.
fn stack_closure(wasm_bindgen: &syn::Path, ty: &syn::Type) -> Option<TokenStream> {
    let syn::Type::Reference(reference) = ungroup(ty) else {
        return None;
    };
    let syn::Type::TraitObject(object) = ungroup(&reference.elem) else {
        return None;
    };
    let wanted = if reference.mutability.is_some() {
        "FnMut"
    } else {
        "Fn"
    };
    let is_closure = object.bounds.iter().any(|bound| {
        matches!(bound, syn::TypeParamBound::Trait(bound)
            if bound.path.segments.last().is_some_and(|last| last.ident == wanted))
    });
    let (and, mutability, bounds) = (&reference.and_token, &reference.mutability, &object.bounds);
    is_closure.then(
        || quote!(#and #mutability (impl #bounds + #wasm_bindgen::__rt::marker::MaybeUnwindSafe)),
    )
}

/// `<E as From<JsValue>>::from`, spanned at the user's `E` so that a missing impl is
/// reported there; for a `Result` by another name, `From::from` with `E` inferred from
/// the return type, spanned at it.
fn into_err(
    wasm_bindgen: &syn::Path,
    err: Option<&syn::Type>,
    output: &syn::ReturnType,
) -> TokenStream {
    match err {
        Some(err) => quote_spanned! {err.span()=>
            <#err as ::core::convert::From<#wasm_bindgen::JsValue>>::from
        },
        None => quote_spanned! {output.span()=>
            ::core::convert::From::<#wasm_bindgen::JsValue>::from
        },
    }
}

/// A stand-in for an import with a mistake (see [`Stub`]).
fn stub(stub: &Stub) -> TokenStream {
    let Stub {
        class,
        block_cfgs,
        attrs,
        vis,
        sig,
    } = stub;
    let function = quote! {
        #(#attrs)*
        #[allow(unused_variables, clippy::unused_async)]
        #vis #sig {
            ::core::unreachable!()
        }
    };
    match class {
        None => quote!(#(#block_cfgs)* #function),
        Some(class) => quote!(#(#block_cfgs)* impl #class { #function }),
    }
}
