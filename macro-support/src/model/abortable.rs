//! `abortable` where it means nothing: on the outer attribute, on a synchronous import,
//! on an export. One error at the option (which is then removed, so that the real
//! attribute does not report it again as unknown).

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::Attribute;

use super::Errors;
use crate::parse::{self, Options};

const WHERE: &str = "`abortable` applies to an `async fn` in an `extern \"C\"` block: \
                     its JS function then gets an `AbortSignal` as its last argument";

/// Reports `abortable` on the outer attribute.
pub fn check_outer(options: &Options, errors: &mut Errors) {
    if let Some(option) = options.get("abortable") {
        errors.push(syn::Error::new_spanned(
            &option.name,
            format!("{WHERE}; on an extern block, put it on each async import"),
        ));
    }
}

/// `item` with every misplaced `abortable` reported and removed; untouched (the same
/// tokens) when there is none.
pub fn strip_misplaced(item: TokenStream, errors: &mut Errors) -> TokenStream {
    let Ok(mut parsed) = syn::parse2::<syn::Item>(item.clone()) else {
        return item;
    };
    let before = errors.count();
    match &mut parsed {
        syn::Item::ForeignMod(block) => {
            for item in &mut block.items {
                if let syn::ForeignItem::Fn(f) = item {
                    if f.sig.asyncness.is_none() {
                        strip(&mut f.attrs, errors);
                    }
                }
            }
        }
        syn::Item::Fn(f) => strip(&mut f.attrs, errors),
        syn::Item::Impl(block) => {
            for item in &mut block.items {
                if let syn::ImplItem::Fn(f) = item {
                    strip(&mut f.attrs, errors);
                }
            }
        }
        _ => {}
    }
    if errors.count() == before {
        item
    } else {
        parsed.into_token_stream()
    }
}

/// Reports and removes `abortable` from the `#[wasm_bindgen(...)]` attributes in `attrs`.
fn strip(attrs: &mut [Attribute], errors: &mut Errors) {
    for attr in attrs.iter_mut() {
        if !parse::is_bindgen_attr(attr) {
            continue;
        }
        let syn::Meta::List(list) = &mut attr.meta else {
            continue;
        };
        let Ok(mut options) = syn::parse2::<Options>(list.tokens.clone()) else {
            continue;
        };
        let Some(option) = options.get("abortable") else {
            continue;
        };
        errors.push(syn::Error::new_spanned(&option.name, WHERE));
        options.0.retain(|option| option.name != "abortable");
        list.tokens = options.into_token_stream();
    }
}
