//! Parse: the `#[wasm_bindgen(...)]` option grammar and the item it is attached to.
//!
//! Options are kept as written (name, `=` and value tokens, or a parenthesised group),
//! so that everything we do not interpret reaches the real `#[wasm_bindgen]` verbatim,
//! with the user's spans.

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Token};

/// One option of a `#[wasm_bindgen(...)]` attribute, as written.
#[derive(Clone)]
pub struct BindgenOption {
    /// The option's name (`catch`, `js_name`, `final`, ...; keywords are allowed).
    pub name: Ident,
    /// What follows the name.
    pub value: OptionValue,
}

/// The part of an option after its name.
#[derive(Clone)]
pub enum OptionValue {
    /// A bare flag such as `catch`.
    Flag,
    /// `name = value`: the `=` and the value's tokens, as written (a type or an expression may hold
    /// commas: see `value_tokens`).
    Assign(Token![=], TokenStream),
    /// `name(...)`.
    List(Group),
}

impl BindgenOption {
    /// The value tokens of `name = value`, if the option has that form.
    pub fn assigned(&self) -> Option<&TokenStream> {
        match &self.value {
            OptionValue::Assign(_, value) => Some(value),
            _ => None,
        }
    }
}

impl ToTokens for BindgenOption {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.name.to_tokens(tokens);
        match &self.value {
            OptionValue::Flag => {}
            OptionValue::Assign(eq, value) => {
                eq.to_tokens(tokens);
                value.to_tokens(tokens);
            }
            OptionValue::List(group) => group.to_tokens(tokens),
        }
    }
}

/// A comma-separated list of options, in the order written.
#[derive(Clone, Default)]
pub struct Options(pub Vec<BindgenOption>);

impl Parse for Options {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut options = Vec::new();
        while !input.is_empty() {
            let name = input.call(Ident::parse_any)?;
            let value = if input.peek(Token![=]) {
                let eq: Token![=] = input.parse()?;
                let value = value_tokens(input)?;
                if value.is_empty() {
                    return Err(syn::Error::new_spanned(
                        eq,
                        format!("expected a value after `{name} =`"),
                    ));
                }
                OptionValue::Assign(eq, value)
            } else if input.peek(syn::token::Paren) {
                OptionValue::List(input.parse()?)
            } else {
                OptionValue::Flag
            };
            options.push(BindgenOption { name, value });
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(Options(options))
    }
}

/// The tokens of an option's value, as written: a type (`Pair<JsString, Number>`, whose
/// commas inside `<..>` are not token groups) or an expression (`|v| v.is_a(1, 2)`) when
/// one ends just before the next comma, else everything up to the next comma (upstream
/// parses each option's value as what it expects; this takes the same tokens).
fn value_tokens(input: ParseStream) -> syn::Result<TokenStream> {
    let ends_at_comma = |fork: &syn::parse::ParseBuffer| fork.is_empty() || fork.peek(Token![,]);
    let end = {
        let fork = input.fork();
        if fork.parse::<syn::Type>().is_ok() && ends_at_comma(&fork) {
            Some(fork.cursor())
        } else {
            let fork = input.fork();
            (fork.parse::<syn::Expr>().is_ok() && ends_at_comma(&fork)).then(|| fork.cursor())
        }
    };
    let mut value = TokenStream::new();
    match end {
        Some(end) => {
            while input.cursor() != end {
                value.append(input.parse::<TokenTree>()?);
            }
        }
        None => {
            while !input.is_empty() && !input.peek(Token![,]) {
                value.append(input.parse::<TokenTree>()?);
            }
        }
    }
    Ok(value)
}

/// Options print as the tokens they re-emit (syn's tokens have no `Debug` without its
/// `extra-traits` feature, which only the tests enable).
impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Options")
            .field(&self.to_token_stream().to_string())
            .finish()
    }
}

impl ToTokens for Options {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for (i, option) in self.0.iter().enumerate() {
            if i > 0 {
                <Token![,]>::default().to_tokens(tokens);
            }
            option.to_tokens(tokens);
        }
    }
}

/// Parses the tokens of the attribute itself (`#[wasm_bindgen(<these>)]`).
pub fn attribute_options(attr: TokenStream) -> syn::Result<Options> {
    syn::parse2(attr)
}

/// Whether `attr` is an inner `#[wasm_bindgen(...)]` (or bare `#[wasm_bindgen]`), by any
/// path whose first segment is `wasm_bindgen` (`#[wasm_bindgen::prelude::wasm_bindgen]`),
/// as upstream finds its own.
pub fn is_bindgen_attr(attr: &Attribute) -> bool {
    is_bindgen_path(attr.path())
}

fn is_bindgen_path(path: &syn::Path) -> bool {
    path.segments
        .first()
        .is_some_and(|segment| segment.ident == "wasm_bindgen")
}

/// The `#[wasm_bindgen(...)]` inside a `#[cfg_attr(condition, ..)]` (any depth), with the
/// conditions that guard it, if `attr` is one.
pub fn cfg_attr_bindgen(attr: &Attribute) -> Option<(Vec<TokenStream>, TokenStream)> {
    fn search(
        meta: &syn::Meta,
        conditions: &mut Vec<TokenStream>,
    ) -> Option<(Vec<TokenStream>, TokenStream)> {
        let syn::Meta::List(list) = meta else {
            return None;
        };
        if is_bindgen_path(&list.path) {
            return Some((conditions.clone(), list.tokens.clone()));
        }
        if !list.path.is_ident("cfg_attr") {
            return None;
        }
        let args = syn::punctuated::Punctuated::<syn::Meta, Token![,]>::parse_terminated
            .parse2(list.tokens.clone())
            .ok()?;
        let mut args = args.iter();
        conditions.push(args.next()?.to_token_stream());
        let found = args.find_map(|meta| search(meta, conditions));
        if found.is_none() {
            conditions.pop();
        }
        found
    }
    attr.path()
        .is_ident("cfg_attr")
        .then(|| search(&attr.meta, &mut Vec::new()))
        .flatten()
}

/// The options of every `#[wasm_bindgen(...)]` among `attrs`, merged in order.
pub fn bindgen_options(attrs: &[Attribute]) -> syn::Result<Options> {
    let mut merged = Options::default();
    for attr in attrs.iter().filter(|attr| is_bindgen_attr(attr)) {
        if let syn::Meta::List(list) = &attr.meta {
            merged
                .0
                .extend(syn::parse2::<Options>(list.tokens.clone())?.0);
        }
    }
    Ok(merged)
}

/// The `#[cfg(...)]` attributes among `attrs`.
pub fn cfg_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("cfg"))
}

/// Splits `attrs` into `#[wasm_bindgen(...)]` attributes and all the others.
pub fn split_bindgen_attrs(attrs: Vec<Attribute>) -> (Vec<Attribute>, Vec<Attribute>) {
    attrs.into_iter().partition(is_bindgen_attr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn options_round_trip_verbatim() {
        let tokens = quote! {
            catch, js_name = load, js_namespace = ["a", "b"], final,
            extends = ::js_sys::Object, vendor_prefix(webkit)
        };
        let options: Options = syn::parse2(tokens.clone()).unwrap();
        let names: Vec<String> = options.0.iter().map(|o| o.name.to_string()).collect();
        assert_eq!(
            names,
            [
                "catch",
                "js_name",
                "js_namespace",
                "final",
                "extends",
                "vendor_prefix"
            ]
        );
        assert_eq!(
            options.to_token_stream().to_string(),
            tokens.to_string(),
            "options must be re-emitted exactly as written"
        );
    }

    #[test]
    fn options_debug_as_their_tokens() {
        let options: Options = syn::parse2(quote!(catch, js_name = "x")).unwrap();
        assert_eq!(
            format!("{options:?}"),
            r#"Options("catch , js_name = \"x\"")"#
        );
    }

    #[test]
    fn empty_and_trailing_comma() {
        // (`Options` is a plain list: what options say is read in `model::options`.)
        assert!(syn::parse2::<Options>(quote!()).unwrap().0.is_empty());
        assert_eq!(syn::parse2::<Options>(quote!(catch,)).unwrap().0.len(), 1);
    }

    #[test]
    fn missing_value_is_an_error() {
        let err = syn::parse2::<Options>(quote!(js_name =)).unwrap_err();
        assert!(err
            .to_string()
            .contains("expected a value after `js_name =`"));
    }

    #[test]
    fn values_keep_commas_inside_generic_arguments_and_closures() {
        let options: Options = syn::parse2(quote!(
            static_method_of = Pair<JsString, Number>, is_type_of = |v| f(v, 1), js_name = "x", catch
        ))
        .unwrap();
        let values: Vec<String> = options
            .0
            .iter()
            .map(|option| {
                option
                    .assigned()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            values,
            ["Pair < JsString , Number >", "| v | f (v , 1)", "\"x\"", ""]
        );
    }

    #[test]
    fn the_attribute_by_any_path_starting_with_wasm_bindgen() {
        let attr = |tokens: proc_macro2::TokenStream| -> Attribute { syn::parse_quote!(#tokens) };
        assert!(is_bindgen_attr(&attr(quote!(#[wasm_bindgen(catch)]))));
        assert!(is_bindgen_attr(&attr(
            quote!(#[wasm_bindgen::prelude::wasm_bindgen(catch)])
        )));
        assert!(is_bindgen_attr(&attr(
            quote!(#[::wasm_bindgen::prelude::wasm_bindgen])
        )));
        assert!(!is_bindgen_attr(&attr(
            quote!(#[wasm_bindgen_async::wasm_bindgen])
        )));
        assert!(!is_bindgen_attr(&attr(quote!(#[doc = "wasm_bindgen"]))));
    }

    #[test]
    fn cfg_attr_around_the_attribute() {
        let attr: Attribute = syn::parse_quote!(#[cfg_attr(feature = "a", cfg_attr(test, wasm_bindgen(js_name = x)))]);
        let (conditions, options) = cfg_attr_bindgen(&attr).unwrap();
        let conditions: Vec<String> = conditions.iter().map(ToString::to_string).collect();
        assert_eq!(conditions, ["feature = \"a\"", "test"]);
        assert_eq!(options.to_string(), "js_name = x");
        let other: Attribute = syn::parse_quote!(#[cfg_attr(test, derive(Debug))]);
        assert!(cfg_attr_bindgen(&other).is_none());
    }

    #[test]
    fn merges_inner_attributes() {
        let item: syn::ForeignItemFn = syn::parse_quote! {
            #[doc = "x"]
            #[wasm_bindgen(catch)]
            #[wasm_bindgen(js_name = load)]
            fn f();
        };
        let options = bindgen_options(&item.attrs).unwrap();
        assert_eq!(
            options.to_token_stream().to_string(),
            "catch , js_name = load"
        );
        let (bindgen, other) = split_bindgen_attrs(item.attrs);
        assert_eq!((bindgen.len(), other.len()), (2, 1));
    }
}
