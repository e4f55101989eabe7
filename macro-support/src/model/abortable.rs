//! `abortable` where it means nothing: on the outer attribute of an extern block or an
//! `impl` block, on a synchronous import or export, with an option whose JS operation
//! takes no extra argument (`start`, `main`, `constructor`, `getter`, `setter`). One
//! error at the option, which is then removed, so that the real attribute does not
//! report it again as unknown. (On an async import, the import model checks it.)

use quote::ToTokens;
use syn::Attribute;

use super::options::{self, Facts, ABORTABLE};
use super::Errors;
use crate::parse::{self, Options};

const WHERE: &str = "`abortable` applies to an async import (an `async fn` in an \
                     `extern \"C\"` block, whose JS function then gets an `AbortSignal` \
                     last), a stream or iterator import (`-> impl Stream<Item = T>`, `-> impl \
                     Iterator<Item = T>`), or an async or stream export (which JS may then pass \
                     an `AbortSignal` last; an iterator export has `return()` instead)";

/// Reports every misplaced `abortable` in `item` and removes it (the outer attribute's
/// is reported only: ours are never forwarded); returns whether `item` changed.
pub fn strip_misplaced(item: &mut syn::Item, outer: &Facts, errors: &mut Errors) -> bool {
    let mut stripped = false;
    match item {
        syn::Item::ForeignMod(block) => {
            misplaced_outer(
                outer,
                "; on an extern block, put it on each async import",
                errors,
            );
            for item in &mut block.items {
                if let syn::ForeignItem::Fn(f) = item {
                    if f.sig.asyncness.is_none()
                        && super::imports::many_bound(&f.sig.output).is_none()
                    {
                        stripped |= strip(&mut f.attrs, errors);
                    }
                }
            }
        }
        syn::Item::Fn(f) => {
            if f.sig.asyncness.is_none() && !super::exports::is_stream_fn(&f.sig) {
                misplaced_outer(outer, "", errors);
            } else {
                no_signal(outer, errors);
            }
            stripped |= strip(&mut f.attrs, errors);
        }
        syn::Item::Impl(block) => {
            misplaced_outer(
                outer,
                "; on an `impl` block, put it on each async method",
                errors,
            );
            for item in &mut block.items {
                if let syn::ImplItem::Fn(f) = item {
                    if f.sig.asyncness.is_none() && !super::exports::is_stream_fn(&f.sig) {
                        stripped |= strip(&mut f.attrs, errors);
                    } else if let Ok(options) = parse::bindgen_options(&f.attrs) {
                        if no_signal(&Facts::read(&options), errors) {
                            stripped |= strip(&mut f.attrs, &mut Errors::default());
                        }
                    }
                }
            }
        }
        _ => misplaced_outer(outer, "", errors),
    }
    stripped
}

fn misplaced_outer(facts: &Facts, hint: &str, errors: &mut Errors) {
    if let Some(abortable) = &facts.abortable {
        errors.push(syn::Error::new_spanned(abortable, format!("{WHERE}{hint}")));
    }
}

/// Reports `abortable` with an option that takes no signal; returns whether it did.
fn no_signal(facts: &Facts, errors: &mut Errors) -> bool {
    let (Some(abortable), Some(fixed)) = (&facts.abortable, &facts.fixed_shape) else {
        return false;
    };
    errors.push(syn::Error::new_spanned(
        abortable,
        format!("`abortable` adds an `AbortSignal` argument, which a `{fixed}` export cannot take"),
    ));
    true
}

/// Reports and removes `abortable` from the `#[wasm_bindgen(...)]` attributes in `attrs`;
/// returns whether there was one.
fn strip(attrs: &mut [Attribute], errors: &mut Errors) -> bool {
    let mut stripped = false;
    for attr in attrs.iter_mut().filter(|attr| parse::is_bindgen_attr(attr)) {
        let syn::Meta::List(list) = &mut attr.meta else {
            continue;
        };
        let Ok(options) = syn::parse2::<Options>(list.tokens.clone()) else {
            continue;
        };
        let Some(abortable) = Facts::read(&options).abortable else {
            continue;
        };
        errors.push(syn::Error::new_spanned(abortable, WHERE));
        list.tokens = options::without(&options, ABORTABLE).into_token_stream();
        stripped = true;
    }
    stripped
}
