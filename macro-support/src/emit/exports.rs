//! Tokens for async exports: the hidden futures module, and the item under the real
//! attribute with `wasm_bindgen_futures` pointing at that module.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{real_attribute, track_env};
use crate::lower::exports::LoweredExport;
use crate::model::{FuturesSource, Paths};
use crate::parse::{BindgenOption, OptionValue, Options};

/// An item with async exports.
pub fn export(paths: &Paths, options: &Options, lowered: &LoweredExport) -> TokenStream {
    let LoweredExport {
        futures_module,
        exported,
        plain,
    } = lowered;
    let module = futures_module_tokens(paths, futures_module);
    let exported = exported.as_ref().map(|item| {
        let mut options = options.clone();
        options
            .0
            .retain(|option| option.name != "wasm_bindgen_futures");
        options.0.push(BindgenOption {
            name: syn::Ident::new("wasm_bindgen_futures", proc_macro2::Span::call_site()),
            value: OptionValue::Assign(Default::default(), quote!(#futures_module::futures)),
        });
        let attribute = real_attribute(paths, &options);
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

/// `mod __wbga_futures_<hash> { pub use <futures crate> as futures; }`, the crate chosen
/// by the user's cfg. `allow(unexpected_cfgs)` sits on the module because rustc reports
/// the cfg of a configured-out item at its parent.
fn futures_module_tokens(paths: &Paths, name: &syn::Ident) -> TokenStream {
    let js_sys = from_child_module(&paths.js_sys);
    let wasm_bindgen_futures = from_child_module(&paths.wasm_bindgen_futures);
    let uses = match paths.futures {
        FuturesSource::JsSys => quote!(pub use #js_sys::futures;),
        FuturesSource::ByCfg => quote! {
            #[cfg(wasm_bindgen_use_js_sys)]
            pub use #js_sys::futures;
            #[cfg(not(wasm_bindgen_use_js_sys))]
            pub use #wasm_bindgen_futures as futures;
        },
    };
    quote! {
        #[doc(hidden)]
        #[allow(unexpected_cfgs, unused_imports)]
        mod #name {
            #uses
        }
    }
}

/// A path as seen from a child module: relative paths get a `super::`.
fn from_child_module(path: &TokenStream) -> TokenStream {
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
    use super::*;

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
