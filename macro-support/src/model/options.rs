//! Checks `#[wasm_bindgen(...)]` options before anything is forwarded.
//!
//! The real attribute reports some mistakes poorly (`js_name = 3` is "unexpected end of
//! input" at the attribute, a duplicate option is silently accepted, a typo is a bare
//! "unknown attribute"), so options of a kind we know are checked here: the value's form,
//! duplicates, and names one or two edits away from a known one. A checked-out option is
//! reported once and not forwarded. An option we do not know, and that is not a near
//! miss, is forwarded untouched: the real attribute may know it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::Errors;
use crate::parse::{BindgenOption, OptionValue, Options};

/// The form an option's value must have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// `name` alone.
    Flag,
    /// `name = "string"`.
    Str,
    /// `name = "string"` or `name = identifier`.
    Name,
    /// `name = path`.
    Path,
    /// `name = path` to a crate or module, usable in a `use` (no `Self`, no generics).
    CratePath,
    /// `name = "a"`, `name = a` or `name = ["a", "b"]`.
    Namespace,
    /// `name` alone, or `name = "string"` / `name = identifier`.
    FlagOrName,
    /// Anything (an expression, an identifier): left to the real attribute.
    Any,
}

/// Options of the real attribute (wasm-bindgen 0.2.130), with the form of their value
/// and whether they may be given more than once.
const KNOWN: &[(&str, Form, bool)] = &[
    ("catch", Form::Flag, false),
    ("constructor", Form::Flag, false),
    ("method", Form::Flag, false),
    ("this", Form::Flag, false),
    ("static_method_of", Form::Path, false),
    ("js_namespace", Form::Namespace, false),
    ("module", Form::Str, false),
    ("raw_module", Form::Str, false),
    ("inline_js", Form::Str, false),
    ("getter", Form::FlagOrName, false),
    ("setter", Form::FlagOrName, false),
    ("indexing_getter", Form::Flag, false),
    ("indexing_setter", Form::Flag, false),
    ("indexing_deleter", Form::Flag, false),
    ("structural", Form::Flag, false),
    ("final", Form::Flag, false),
    ("readonly", Form::Flag, false),
    ("js_name", Form::Name, false),
    ("js_class", Form::Name, false),
    ("reexport", Form::FlagOrName, false),
    ("inspectable", Form::Flag, false),
    ("is_type_of", Form::Any, false),
    ("extends", Form::Path, true),
    ("extends_js_class", Form::Name, true),
    ("extends_js_namespace", Form::Namespace, true),
    ("no_deref", Form::Flag, false),
    ("no_upcast", Form::Flag, false),
    ("no_promising", Form::Flag, false),
    ("no_into_js_generic", Form::Flag, false),
    ("vendor_prefix", Form::Any, true),
    ("variadic", Form::Flag, false),
    ("typescript_custom_section", Form::Flag, false),
    ("skip_typescript", Form::Flag, false),
    ("skip_jsdoc", Form::Flag, false),
    ("private", Form::Flag, false),
    ("fallback", Form::Flag, false),
    ("main", Form::Flag, false),
    ("start", Form::Flag, false),
    ("experimental_tokio", Form::FlagOrName, false),
    ("wasm_bindgen", Form::CratePath, false),
    ("js_sys", Form::CratePath, false),
    ("wasm_bindgen_futures", Form::CratePath, false),
    ("skip", Form::Flag, false),
    ("slice_to_array", Form::Flag, false),
    ("slice", Form::Any, false),
    ("vec", Form::Any, false),
    ("typescript_type", Form::Str, false),
    ("getter_with_clone", Form::Flag, false),
    ("static_string", Form::Flag, false),
    ("thread_local", Form::Flag, false),
    ("thread_local_v2", Form::Flag, false),
    ("unchecked_return_type", Form::Str, false),
    ("return_description", Form::Str, false),
    ("unchecked_param_type", Form::Str, false),
    ("unchecked_optional_param_type", Form::Str, false),
    ("param_description", Form::Str, false),
    ("experimental_generic_mono", Form::Any, false),
    ("assert_no_shim", Form::Flag, false),
    ("jspi", Form::Flag, false),
    ("suspending", Form::Flag, false),
];

/// Checks `options`, reporting each mistake once and removing the options at fault.
pub fn check(options: &mut Options, errors: &mut Errors) {
    let mut seen: Vec<String> = Vec::new();
    options.0.retain(|option| {
        let name = option.name.to_string();
        let Some(&(_, form, repeatable)) = KNOWN.iter().find(|(known, ..)| *known == name) else {
            if let Some(suggestion) = near_miss(&name) {
                errors.push(syn::Error::new_spanned(
                    &option.name,
                    format!("unknown option `{name}`; did you mean `{suggestion}`?"),
                ));
                return false;
            }
            return true;
        };
        if !repeatable && seen.contains(&name) {
            errors.push(syn::Error::new_spanned(
                option,
                format!("`{name}` is given twice; remove this one"),
            ));
            return false;
        }
        seen.push(name.clone());
        match form_error(option, form) {
            Some(message) => {
                errors.push(syn::Error::new_spanned(option, message));
                false
            }
            None => true,
        }
    });
}

/// What is wrong with the value of `option`, if anything.
fn form_error(option: &BindgenOption, form: Form) -> Option<String> {
    let name = &option.name;
    let example = |value: &str| format!("for example `{name} = {value}`");
    let value = match (&option.value, form) {
        (_, Form::Any) => return None,
        (OptionValue::Flag, Form::Flag | Form::FlagOrName) => return None,
        (OptionValue::Flag, _) => {
            return Some(format!(
                "`{name}` needs a value, {}",
                example(match form {
                    Form::Str => "\"...\"",
                    Form::Path | Form::CratePath => "::path::to::Item",
                    Form::Namespace => "[\"outer\", \"inner\"]",
                    _ => "\"jsName\"",
                })
            ))
        }
        (_, Form::Flag) => return Some(format!("`{name}` takes no value: write just `{name}`")),
        (OptionValue::List(_), _) => {
            return Some(format!("write `{name} = value`, not `{name}(...)`"))
        }
        (OptionValue::Assign(_, value), _) => value,
    };
    let tokens: Vec<TokenTree> = value.clone().into_iter().collect();
    let ok = match form {
        Form::Str => is_str(&tokens),
        Form::Name | Form::FlagOrName => is_str(&tokens) || is_ident(&tokens),
        Form::Path => syn::parse2::<syn::Path>(value.clone()).is_ok(),
        Form::CratePath => syn::parse2::<syn::Path>(value.clone()).is_ok_and(|path| {
            path.segments
                .first()
                .is_some_and(|first| first.ident != "Self")
                && path
                    .segments
                    .iter()
                    .all(|segment| segment.arguments.is_none())
        }),
        Form::Namespace => is_str(&tokens) || is_ident(&tokens) || is_str_array(&tokens),
        Form::Flag | Form::Any => true,
    };
    (!ok).then(|| match form {
        Form::Str => format!("`{name}` takes a string literal, {}", example("\"...\"")),
        Form::Name | Form::FlagOrName => format!(
            "`{name}` takes a JS name, as a string or an identifier, {}",
            example("\"someName\"")
        ),
        Form::Path => format!("`{name}` takes a path, {}", example(&path_example(name))),
        Form::CratePath => format!(
            "`{name}` takes the path of a crate or module, {}",
            example(&path_example(name))
        ),
        _ => format!(
            "`{name}` takes a name or a list of names, {}",
            example("[\"outer\", \"inner\"]")
        ),
    })
}

fn path_example(name: &proc_macro2::Ident) -> String {
    match name.to_string().as_str() {
        "wasm_bindgen" | "js_sys" | "wasm_bindgen_futures" => format!("::{name}"),
        _ => "SomeType".to_owned(),
    }
}

fn is_str(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Literal(lit)] if lit.to_string().starts_with('"'))
}

fn is_ident(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Ident(_)])
}

fn is_str_array(tokens: &[TokenTree]) -> bool {
    let [TokenTree::Group(group)] = tokens else {
        return false;
    };
    group.delimiter() == Delimiter::Bracket
        && group
            .stream()
            .into_iter()
            .enumerate()
            .all(|(i, token)| match token {
                TokenTree::Literal(lit) => i % 2 == 0 && lit.to_string().starts_with('"'),
                TokenTree::Punct(punct) => i % 2 == 1 && punct.as_char() == ',',
                _ => false,
            })
}

/// The known option `name` is most likely a typo of: one or two edits away, for names
/// long enough that this is not a guess.
fn near_miss(name: &str) -> Option<&'static str> {
    if name.len() < 4 {
        return None;
    }
    KNOWN
        .iter()
        .map(|(known, ..)| (edit_distance(name, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The options as one `#[wasm_bindgen(...)]` attribute (nothing if there are none).
pub fn as_attribute(options: &Options) -> TokenStream {
    if options.0.is_empty() {
        TokenStream::new()
    } else {
        quote::quote!(#[wasm_bindgen(#options)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn checked(tokens: TokenStream) -> (String, Vec<String>) {
        let mut options: Options = syn::parse2(tokens).unwrap();
        let mut errors = Errors::default();
        check(&mut options, &mut errors);
        let messages = errors.0.iter().map(ToString::to_string).collect();
        (options.to_token_stream().to_string(), messages)
    }

    #[test]
    fn valid_options_pass_untouched() {
        let tokens = quote! {
            catch, js_name = loadIt, js_namespace = ["a", "b"],
            module = "/js/a.js", static_method_of = Foo, extends = A, extends = B,
            getter, setter = size, final, skip_typescript, js_class = "K", structural,
            something_brand_new
        };
        let (kept, errors) = checked(tokens.clone());
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(kept, tokens.to_string());
    }

    #[test]
    fn mistakes_are_reported_and_removed() {
        let cases = [
            (quote!(js_name = 3), "`js_name` takes a JS name"),
            (quote!(module = 3), "`module` takes a string literal"),
            (quote!(catch = yes), "`catch` takes no value"),
            (quote!(catch, catch), "`catch` is given twice"),
            (
                quote!(js_namespace = [1, 2]),
                "takes a name or a list of names",
            ),
            (
                quote!(wasm_bindgen_futures = "x"),
                "`wasm_bindgen_futures` takes the path of a crate or module",
            ),
            (
                quote!(js_sys = Self::js),
                "`js_sys` takes the path of a crate",
            ),
            (
                quote!(wasm_bindgen = a::<b>),
                "`wasm_bindgen` takes the path of a crate",
            ),
            (quote!(static_method_of), "`static_method_of` needs a value"),
            (quote!(cach), "did you mean `catch`?"),
            (
                quote!(wasm_bindgen_future = ::x),
                "did you mean `wasm_bindgen_futures`?",
            ),
            (quote!(js_nmae = x), "did you mean `js_name`?"),
            (quote!(js_name(x)), "not `js_name(...)`"),
        ];
        for (tokens, expected) in cases {
            let (kept, errors) = checked(tokens.clone());
            assert_eq!(errors.len(), 1, "{tokens}: {errors:?}");
            assert!(errors[0].contains(expected), "{tokens}: {errors:?}");
            assert!(
                kept.is_empty() || kept == "catch",
                "{tokens}: the option at fault is not forwarded, kept {kept}"
            );
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("catch", "catch"), 0);
        assert_eq!(edit_distance("cach", "catch"), 1);
        assert_eq!(edit_distance("jsname", "js_name"), 1);
        assert_eq!(near_miss("frobnicate"), None);
        assert_eq!(near_miss("sta"), None, "short names are not guessed at");
    }
}
