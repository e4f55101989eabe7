//! Tokens for async exports: the hidden futures module, and the item under the real
//! attribute with `wasm_bindgen_futures` pointing at that module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{real_attribute, support_module, track_env, Support};
use crate::lower::exports::LoweredExport;
use crate::model::{FuturesSource, Paths};
use crate::parse::{BindgenOption, OptionValue, Options};

/// An item with async exports.
pub fn export(paths: &Paths, options: &Options, lowered: &LoweredExport) -> TokenStream {
    let LoweredExport {
        futures_module,
        exported,
        plain,
        js_name,
        checks_errors,
    } = lowered;
    let module = support_module(
        paths,
        futures_module,
        Support::Exports {
            errors: *checks_errors,
        },
    );
    let exported = exported.as_ref().map(|item| {
        let mut options = options.clone();
        if let Some(name) = js_name {
            let js_name: Options = syn::parse_quote!(js_name = #name);
            options.0.extend(js_name.0);
        }
        options
            .0
            .retain(|option| option.name != "wasm_bindgen_futures");
        options.0.push(BindgenOption {
            name: syn::Ident::new("wasm_bindgen_futures", proc_macro2::Span::call_site()),
            value: OptionValue::Assign(Default::default(), quote!(#futures_module::futures)),
        });
        // See `support_module`: the real attribute reads the variable too.
        if paths.futures == FuturesSource::JsSys {
            options.0.retain(|option| option.name != "js_sys");
            options.0.push(BindgenOption {
                name: syn::Ident::new("js_sys", proc_macro2::Span::call_site()),
                value: OptionValue::Assign(Default::default(), quote!(#futures_module::js_sys)),
            });
        }
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
