//! Lowering of async exports.
//!
//! The real attribute generates the JS side of an async export (the synchronous wasm
//! export that builds the promise with `future_to_promise`, or `spawn_local` for
//! `start`/`main`; the `Promise<T>` type in `.d.ts`; the borrow of `self` held for the
//! whole future). It takes the futures crate from its `wasm_bindgen_futures = path`
//! option, and we point that option at a hidden module whose one `pub use` is chosen by
//! `cfg(wasm_bindgen_use_js_sys)` in the user's crate.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Ident, ImplItemFn, ItemImpl};

use super::fnv1a;
use crate::model::exports::ExportItem;
use crate::parse;

/// An item with async exports after lowering.
pub struct LoweredExport {
    /// The hidden module that names the futures crate for the real attribute.
    pub futures_module: Ident,
    /// What goes to the real attribute (`None` when the only export was broken).
    pub exported: Option<TokenStream>,
    /// What stays plain Rust: exports with a mistake, so that callers still type-check.
    pub plain: Option<TokenStream>,
}

/// Lowers one item with async exports.
pub fn export(item: ExportItem) -> LoweredExport {
    let (exported, plain) = match item {
        ExportItem::Fn(item) => (Some(item.to_token_stream()), None),
        ExportItem::Rejected(item) => (None, Some(item.to_token_stream())),
        ExportItem::Impl { item, broken } => {
            let plain = (!broken.is_empty()).then(|| plain_impl(&item, broken));
            (Some(item.to_token_stream()), plain)
        }
    };
    let hashed = exported
        .iter()
        .chain(&plain)
        .map(ToString::to_string)
        .collect::<String>();
    LoweredExport {
        futures_module: format_ident!(
            "__wbga_futures_{:08x}",
            fnv1a(&hashed),
            span = Span::call_site()
        ),
        exported,
        plain,
    }
}

/// `impl Type { <broken methods> }`, without their `#[wasm_bindgen]` attributes.
fn plain_impl(item: &ItemImpl, broken: Vec<ImplItemFn>) -> TokenStream {
    let ItemImpl {
        attrs,
        generics,
        self_ty,
        ..
    } = item;
    let cfgs = attrs.iter().filter(|attr| attr.path().is_ident("cfg"));
    let where_clause = &generics.where_clause;
    let methods = broken.into_iter().map(|mut method| {
        method.attrs.retain(|attr| !parse::is_bindgen_attr(attr));
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
        let lowered = export(async_impl(
            parse_quote! {
                impl Thing {
                    #[wasm_bindgen(js_nmae = "size")]
                    pub async fn size(&self) -> u32 { 0 }
                    pub async fn fine(&self) {}
                }
            },
            &mut errors,
        ));
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
    fn module_name_is_stable_and_per_item() {
        let lower = |item: syn::ItemFn| {
            let options = crate::parse::Options::default();
            export(crate::model::exports::async_fn(
                item,
                &options,
                &mut Errors::default(),
            ))
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
