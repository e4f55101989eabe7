//! `abortable` where it means nothing: on the outer attribute of an extern block or an
//! `impl` block, on a synchronous import or export, with an option whose JS operation
//! takes no extra argument (`start`, `main`, `constructor`, `getter`, `setter`). One
//! error at the option, which is then removed, so that the real attribute does not
//! report it again as unknown. (On an async import, the import model checks it.)

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::Attribute;

use super::Errors;
use crate::parse::{self, Options};

const WHERE: &str = "`abortable` applies to an async import (an `async fn` in an \
                     `extern \"C\"` block, whose JS function then gets an `AbortSignal` \
                     last) or an async export (which JS may then pass an `AbortSignal` last)";

/// Options with which an async export keeps its JS shape: no extra argument.
const NO_SIGNAL: [&str; 5] = ["start", "main", "constructor", "getter", "setter"];

/// `item` with every misplaced `abortable` reported and removed (the outer attribute's is
/// reported only); untouched (the same tokens) when there is none.
pub fn strip_misplaced(item: TokenStream, outer: &Options, errors: &mut Errors) -> TokenStream {
    let Ok(mut parsed) = syn::parse2::<syn::Item>(item.clone()) else {
        return item;
    };
    let before = errors.count();
    match &mut parsed {
        syn::Item::ForeignMod(block) => {
            misplaced_outer(
                outer,
                "; on an extern block, put it on each async import",
                errors,
            );
            for item in &mut block.items {
                if let syn::ForeignItem::Fn(f) = item {
                    if f.sig.asyncness.is_none() {
                        strip(&mut f.attrs, errors);
                    }
                }
            }
        }
        syn::Item::Fn(f) => {
            if f.sig.asyncness.is_none() {
                misplaced_outer(outer, "", errors);
            } else {
                no_signal(outer, errors);
            }
            strip(&mut f.attrs, errors);
        }
        syn::Item::Impl(block) => {
            misplaced_outer(
                outer,
                "; on an `impl` block, put it on each async method",
                errors,
            );
            for item in &mut block.items {
                if let syn::ImplItem::Fn(f) = item {
                    if f.sig.asyncness.is_none() {
                        strip(&mut f.attrs, errors);
                    } else if let Ok(options) = parse::bindgen_options(&f.attrs) {
                        if no_signal(&options, errors) {
                            strip(&mut f.attrs, &mut Errors::default());
                        }
                    }
                }
            }
        }
        _ => misplaced_outer(outer, "", errors),
    }
    if errors.count() == before {
        item
    } else {
        parsed.into_token_stream()
    }
}

fn misplaced_outer(options: &Options, hint: &str, errors: &mut Errors) {
    if let Some(option) = options.get("abortable") {
        errors.push(syn::Error::new_spanned(
            &option.name,
            format!("{WHERE}{hint}"),
        ));
    }
}

/// Reports `abortable` with an option that takes no signal; returns whether it did.
fn no_signal(options: &Options, errors: &mut Errors) -> bool {
    let Some(abortable) = options.get("abortable") else {
        return false;
    };
    let Some(name) = NO_SIGNAL.iter().find(|name| options.has(name)) else {
        return false;
    };
    errors.push(syn::Error::new_spanned(
        &abortable.name,
        format!("`abortable` adds an `AbortSignal` argument, which a `{name}` export cannot take"),
    ));
    true
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
