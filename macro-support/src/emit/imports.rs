//! Tokens for an extern block with async imports: the block for the real attribute,
//! the `async fn` wrappers beside it, and stand-ins for imports with a mistake.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use super::{real_attribute, track_env};
use crate::lower::imports::{BlockItem, Helper, LoweredBlock, Stub, Wrapper};
use crate::model::imports::ImportReturn;
use crate::model::{FuturesSource, Paths};
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
    } = block;
    let items = items.iter().map(|item| match item {
        BlockItem::User(item) => item.to_token_stream(),
        BlockItem::Helper(helper) => self::helper(paths, helper),
    });
    let wrappers = wrappers.iter().map(|wrapper| self::wrapper(paths, wrapper));
    let stubs = stubs.iter().map(stub);
    let track_env = track_env();
    quote! {
        #attribute
        #(#attrs)*
        #unsafety #abi {
            #(#items)*
        }
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
        inputs,
        catch,
    } = helper;
    let js_name = js_name
        .as_ref()
        .map(|name| quote!(#[wasm_bindgen(js_name = #name)]));
    let ret = if *catch {
        quote!(::core::result::Result<#wasm_bindgen::JsValue, #wasm_bindgen::JsValue>)
    } else {
        quote!(#wasm_bindgen::JsValue)
    };
    let options = crate::model::options::as_attribute(options);
    quote! {
        #options
        #js_name
        #(#cfgs)*
        #[doc(hidden)]
        fn #ident(#(#inputs),*) -> #ret;
    }
}

/// `use` items that bind `__wbga_js_sys` and `__wbga_futures` inside a wrapper's body.
fn futures_aliases(paths: &Paths) -> TokenStream {
    let Paths {
        js_sys,
        wasm_bindgen_futures,
        futures,
        ..
    } = paths;
    match futures {
        FuturesSource::JsSys => quote! {
            use #js_sys as __wbga_js_sys;
            use #js_sys::futures as __wbga_futures;
        },
        FuturesSource::ByCfg => quote! {
            #[cfg(wasm_bindgen_use_js_sys)]
            use #js_sys as __wbga_js_sys;
            #[cfg(wasm_bindgen_use_js_sys)]
            use #js_sys::futures as __wbga_futures;
            #[cfg(not(wasm_bindgen_use_js_sys))]
            use #wasm_bindgen_futures::js_sys as __wbga_js_sys;
            #[cfg(not(wasm_bindgen_use_js_sys))]
            use #wasm_bindgen_futures as __wbga_futures;
        },
    }
}

fn wrapper(paths: &Paths, wrapper: &Wrapper) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let Wrapper {
        class,
        block_cfgs,
        attrs,
        vis,
        unsafety,
        asyncness,
        ident,
        method,
        args,
        output,
        call,
        ret,
        display_name,
        checked,
    } = wrapper;
    let receiver = method.then(|| quote!(&self,));
    let args = args.iter().map(|arg| {
        let crate::model::imports::Arg { attrs, ident, ty } = arg;
        quote!(#(#attrs)* #ident: #ty)
    });
    let aliases = futures_aliases(paths);
    let promise = quote_spanned!(Span::mixed_site() => __wbga_promise);
    let settled = quote_spanned!(Span::mixed_site() => __wbga_settled);
    let reason = quote_spanned!(Span::mixed_site() => __wbga_reason);
    let value = quote_spanned!(Span::mixed_site() => __wbga_value);
    let js_value = quote!(#wasm_bindgen::JsValue);
    let rejected = format!(
        "async import `{display_name}` rejected and has no `catch`: {{:?}}\n\
         help: declare it with #[wasm_bindgen(catch)] and return Result<T, JsValue> \
         to handle the rejection"
    );

    let awaited = match ret {
        ImportReturn::Value(ty) | ImportReturn::Catch { ok: Some(ty), .. } if checked.is_none() => {
            ty.to_token_stream()
        }
        _ => js_value.clone(),
    };
    // Turns the resolved value into the declared type, checking it where `checked` says.
    let convert = |resolved: &TokenStream| -> TokenStream {
        let Some(ty) = checked else {
            return resolved.clone();
        };
        let wrong = quote_spanned!(Span::mixed_site() => __wbga_wrong);
        let mismatch = format!(
            "async import `{display_name}` is declared to resolve to `{}`, but its promise \
             resolved {{:?}}",
            ty.to_token_stream().to_string().replace(' ', "")
        );
        let on_mismatch = match ret {
            ImportReturn::Catch { err, .. } => {
                let into_err = into_err(wasm_bindgen, err);
                quote! {
                    return ::core::result::Result::Err(#into_err(#js_value::from(
                        #wasm_bindgen::JsError::new(&::std::format!(#mismatch, #wrong)),
                    )))
                }
            }
            _ => quote!(::core::panic!(#mismatch, #wrong)),
        };
        quote! {
            match <#ty as #wasm_bindgen::convert::TryFromJsValue>::try_from_js_value(#resolved) {
                ::core::result::Result::Ok(#value) => #value,
                ::core::result::Result::Err(#wrong) => #on_mismatch,
            }
        }
    };
    let get_promise = match ret {
        ImportReturn::Catch { err, .. } => {
            let into_err = into_err(wasm_bindgen, err);
            quote! {
                let #promise = match #call {
                    ::core::result::Result::Ok(#promise) => #promise,
                    ::core::result::Result::Err(#reason) => {
                        return ::core::result::Result::Err(#into_err(#reason));
                    }
                };
            }
        }
        _ => quote!(let #promise = #call;),
    };
    let settle = match ret {
        ImportReturn::Unit => quote! {
            if let ::core::result::Result::Err(#reason) = #settled {
                ::core::panic!(#rejected, #reason);
            }
        },
        ImportReturn::Value(_) => {
            let resolved = convert(&value);
            quote! {
                match #settled {
                    ::core::result::Result::Ok(#value) => #resolved,
                    ::core::result::Result::Err(#reason) => ::core::panic!(#rejected, #reason),
                }
            }
        }
        ImportReturn::Catch { ok, err } => {
            let into_err = into_err(wasm_bindgen, err);
            let (ok_pattern, ok_value) = if ok.is_some() {
                (value.clone(), convert(&value))
            } else {
                (quote!(_), quote!(()))
            };
            quote! {
                match #settled {
                    ::core::result::Result::Ok(#ok_pattern) => ::core::result::Result::Ok(#ok_value),
                    ::core::result::Result::Err(#reason) => {
                        ::core::result::Result::Err(#into_err(#reason))
                    }
                }
            }
        }
    };
    // The cfg on the `use` items above is checked against the user's crate, which never
    // declared it; a lint level on a configured-out item does not apply to its own cfg,
    // so `allow(unexpected_cfgs)` sits on the function, whose body is all generated.
    let allow_cfgs = super::by_cfg(paths).then(|| quote!(#[allow(unexpected_cfgs)]));
    let function = quote! {
        #(#attrs)*
        #allow_cfgs
        #vis #unsafety #asyncness fn #ident(#receiver #(#args),*) #output {
            #aliases
            #get_promise
            let #settled = __wbga_futures::JsFuture::<#awaited>::from(
                #wasm_bindgen::JsCast::unchecked_into::<__wbga_js_sys::Promise<#awaited>>(#promise),
            )
            .await;
            #settle
        }
    };
    match class {
        None => quote!(#(#block_cfgs)* #function),
        Some(class) => quote! {
            #(#block_cfgs)*
            impl #class {
                #function
            }
        },
    }
}

/// `<E as From<JsValue>>::from`, spanned at the user's `E` so that a missing impl is
/// reported there.
fn into_err(wasm_bindgen: &TokenStream, err: &syn::Type) -> TokenStream {
    quote_spanned! {err.span()=>
        <#err as ::core::convert::From<#wasm_bindgen::JsValue>>::from
    }
}

/// A stand-in for an import with a mistake (see [`lower::Stub`]).
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
