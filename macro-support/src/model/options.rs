//! Checks `#[wasm_bindgen(...)]` options and reads them into typed facts.
//!
//! This is the one place that looks options up by name. [`check`] validates them against
//! one table (`KNOWN`) and returns [`Checked`]: the options the real attribute gets, and
//! the [`Facts`] later stages read as fields.
//!
//! The real attribute reports some mistakes poorly (`js_name = 3` is "unexpected end of
//! input" at the attribute, a duplicate option is silently accepted), so options of a
//! kind we know are checked here: the value's form and duplicates. A checked-out option is
//! reported once and not forwarded. An option we do not know is forwarded untouched, on
//! every item, async ones included: the user's wasm-bindgen decides (a newer release may
//! know it; a typo gets its own "unknown attribute" at the user's token).
//!
//! Each option is written once, in the `options!` table: its `Symbol` constant and its
//! row of `KNOWN` come from the same line.

use proc_macro2::{Ident, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::LitStr;

use super::Errors;
use crate::parse::{BindgenOption, OptionValue, Options};

/// An option's name, spelled once in `options!` (as serde spells its attributes): code
/// compares an option's [`Ident`] with a `Symbol`, never with a string of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Symbol(&'static str);

impl Symbol {
    /// The name as written in the attribute.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// An option named with a raw identifier (`r#final`) is the option of that name, as
/// upstream reads it.
impl PartialEq<Symbol> for Ident {
    fn eq(&self, symbol: &Symbol) -> bool {
        self.unraw() == symbol.0
    }
}

/// Every option: its constant, its name (written once), the form of its value, and
/// whether it may be given more than once. The constants are `Symbol`s; `KNOWN` is the
/// table `check` reads.
macro_rules! options {
    ($($(#[$doc:meta])* $symbol:ident = $name:literal: $form:ident $($repeatable:ident)?;)*) => {
        $(
            $(#[$doc])*
            #[allow(dead_code)]
            pub const $symbol: Symbol = Symbol($name);
        )*

        /// The options of the real attribute (wasm-bindgen 0.2.130's `attrgen!` list) and
        /// ours: name, form of the value, whether repeatable.
        const KNOWN: &[(Symbol, Form, bool)] = &[
            $(($symbol, Form::$form, options!(@repeatable $($repeatable)?)),)*
        ];
    };
    (@repeatable repeatable) => { true };
    (@repeatable) => { false };
}

options! {
    /// `catch`: a rejection (or a synchronous throw) is `Err`.
    CATCH = "catch": Flag;
    /// `constructor`.
    CONSTRUCTOR = "constructor": Flag;
    /// `method`: the first argument is the JS `this`.
    METHOD = "method": Flag;
    /// `this`.
    THIS = "this": Flag;
    /// `static_method_of = Type`.
    STATIC_METHOD_OF = "static_method_of": TypePath;
    /// `js_namespace = a` or `["a", "b"]`.
    JS_NAMESPACE = "js_namespace": Namespace;
    /// `module = "path"`.
    MODULE = "module": Str;
    /// `raw_module = "path"`.
    RAW_MODULE = "raw_module": Str;
    /// `inline_js = "source"`.
    INLINE_JS = "inline_js": Str;
    /// `getter`, with or without a name.
    GETTER = "getter": FlagOrStr;
    /// `setter`, with or without a name.
    SETTER = "setter": FlagOrStr;
    /// `indexing_getter`.
    INDEXING_GETTER = "indexing_getter": Flag;
    /// `indexing_setter`.
    INDEXING_SETTER = "indexing_setter": Flag;
    /// `indexing_deleter`.
    INDEXING_DELETER = "indexing_deleter": Flag;
    /// `structural`.
    STRUCTURAL = "structural": Flag;
    /// `final`.
    FINAL = "final": Flag;
    /// `readonly`.
    READONLY = "readonly": Flag;
    /// `js_name = name`.
    JS_NAME = "js_name": Str;
    /// `js_class = name`.
    JS_CLASS = "js_class": Str;
    /// `reexport`, with or without a name.
    REEXPORT = "reexport": FlagOrStr;
    /// `inspectable`.
    INSPECTABLE = "inspectable": Flag;
    /// `is_type_of = expression`.
    IS_TYPE_OF = "is_type_of": Expr;
    /// `extends = Path`.
    EXTENDS = "extends": Path repeatable;
    /// `extends_js_class = name`.
    EXTENDS_JS_CLASS = "extends_js_class": Str repeatable;
    /// `extends_js_namespace = ..`.
    EXTENDS_JS_NAMESPACE = "extends_js_namespace": Namespace repeatable;
    /// `no_deref`.
    NO_DEREF = "no_deref": Flag;
    /// `no_upcast`.
    NO_UPCAST = "no_upcast": Flag;
    /// `no_promising`.
    NO_PROMISING = "no_promising": Flag;
    /// `no_into_js_generic`.
    NO_INTO_JS_GENERIC = "no_into_js_generic": Flag;
    /// `vendor_prefix = name`.
    VENDOR_PREFIX = "vendor_prefix": Ident repeatable;
    /// `variadic`.
    VARIADIC = "variadic": Flag;
    /// `typescript_custom_section`.
    TYPESCRIPT_CUSTOM_SECTION = "typescript_custom_section": Flag;
    /// `skip_typescript`.
    SKIP_TYPESCRIPT = "skip_typescript": Flag;
    /// `skip_jsdoc`.
    SKIP_JSDOC = "skip_jsdoc": Flag;
    /// `private`.
    PRIVATE = "private": Flag;
    /// `fallback`.
    FALLBACK = "fallback": Flag;
    /// `main`.
    MAIN = "main": Flag;
    /// `start`.
    START = "start": Flag;
    /// `experimental_tokio`, with or without a mode.
    EXPERIMENTAL_TOKIO = "experimental_tokio": FlagOrStr;
    /// `wasm_bindgen = path`.
    WASM_BINDGEN = "wasm_bindgen": CratePath;
    /// `js_sys = path`.
    JS_SYS = "js_sys": CratePath;
    /// `wasm_bindgen_futures = path`.
    WASM_BINDGEN_FUTURES = "wasm_bindgen_futures": CratePath;
    /// `skip`.
    SKIP = "skip": Flag;
    /// `slice_to_array`.
    SLICE_TO_ARRAY = "slice_to_array": Flag;
    /// `slice = mode`.
    SLICE = "slice": Ident;
    /// `vec = mode`.
    VEC = "vec": Ident;
    /// `typescript_type = "T"`.
    TYPESCRIPT_TYPE = "typescript_type": Str;
    /// `getter_with_clone`.
    GETTER_WITH_CLONE = "getter_with_clone": Flag;
    /// `static_string`.
    STATIC_STRING = "static_string": Flag;
    /// `thread_local`.
    THREAD_LOCAL = "thread_local": Flag;
    /// `thread_local_v2`.
    THREAD_LOCAL_V2 = "thread_local_v2": Flag;
    /// `unchecked_return_type = "T"`.
    UNCHECKED_RETURN_TYPE = "unchecked_return_type": Str;
    /// `return_description = ".."`.
    RETURN_DESCRIPTION = "return_description": Str;
    /// `unchecked_param_type = "T"`.
    UNCHECKED_PARAM_TYPE = "unchecked_param_type": Str;
    /// `unchecked_optional_param_type = "T"`.
    UNCHECKED_OPTIONAL_PARAM_TYPE = "unchecked_optional_param_type": Str;
    /// `param_description = ".."`.
    PARAM_DESCRIPTION = "param_description": Str;
    /// `experimental_generic_mono`.
    EXPERIMENTAL_GENERIC_MONO = "experimental_generic_mono": Flag;
    /// `assert_no_shim`.
    ASSERT_NO_SHIM = "assert_no_shim": Flag;
    /// `jspi`.
    JSPI = "jspi": Flag;
    /// `suspending`.
    SUSPENDING = "suspending": Flag;
    /// `wasm_bindgen_async = path` (ours): this crate's path, for a renamed dependency.
    WASM_BINDGEN_ASYNC = "wasm_bindgen_async": CratePath;
    /// `abortable` (ours): the JS side gets an `AbortSignal`.
    ABORTABLE = "abortable": Flag;
}

/// Options only this attribute knows: never forwarded to the real attribute.
const OURS: [Symbol; 2] = [WASM_BINDGEN_ASYNC, ABORTABLE];

/// Options with which an async export keeps its JS shape (no wrapper, no extra
/// argument).
const FIXED_SHAPE: [Symbol; 5] = [START, MAIN, CONSTRUCTOR, GETTER, SETTER];

/// Options whose JS operation never yields a promise, and why: upstream compiles them
/// with `async`, and the first call fails at runtime (`.then` of `undefined`). (`getter`
/// and `indexing_getter` are fine: a property or an element may hold a promise, such as
/// `document.fonts.ready`.)
const SYNC_ONLY: [(Symbol, &str); 4] = [
    (SETTER, "a property assignment yields no promise to await"),
    (CONSTRUCTOR, "`new` returns the object, not a promise"),
    (
        INDEXING_SETTER,
        "an indexed write yields no promise to await",
    ),
    (
        INDEXING_DELETER,
        "an indexed delete yields no promise to await",
    ),
];

/// Options of an import whose JS operation takes no extra (`AbortSignal`) argument.
const FIXED_ARITY: [Symbol; 3] = [GETTER, INDEXING_GETTER, VARIADIC];

/// Options, checked: what the real attribute gets, and what they say.
#[derive(Clone, Default)]
pub struct Checked {
    /// The options the real attribute gets, as written: without those at fault and
    /// without ours.
    pub forwarded: Options,
    /// What the options say, for later stages.
    pub facts: Facts,
}

/// What a list of options says, read once. Flags keep the option's name for spans.
#[derive(Clone, Default)]
pub struct Facts {
    /// `catch`.
    pub catch: Option<Ident>,
    /// `method`.
    pub method: Option<Ident>,
    /// `static_method_of = Type`: the option, and its type when it is one.
    pub static_method_of: Option<(BindgenOption, Option<syn::TypePath>)>,
    /// `js_name` is given.
    pub js_name: bool,
    /// `start`.
    pub start: bool,
    /// `abortable`.
    pub abortable: Option<Ident>,
    /// The first of `start`, `main`, `constructor`, `getter`, `setter`: an async export
    /// that keeps its JS shape (no wrapper, no extra argument).
    pub fixed_shape: Option<Ident>,
    /// Options whose JS operation yields no promise, each with why.
    pub sync_only: Vec<(Ident, &'static str)>,
    /// `getter`, `indexing_getter`, `variadic`: an import taking no extra argument.
    pub fixed_arity: Vec<Ident>,
    /// The crate-path options, as checked paths.
    pub crates: CratePaths,
}

/// The crate-path options (`None`: not given).
#[derive(Clone, Default)]
pub struct CratePaths {
    /// `wasm_bindgen = path`.
    pub wasm_bindgen: Option<syn::Path>,
    /// `js_sys = path`.
    pub js_sys: Option<syn::Path>,
    /// `wasm_bindgen_futures = path`.
    pub wasm_bindgen_futures: Option<syn::Path>,
    /// `wasm_bindgen_async = path`.
    pub runtime: Option<syn::Path>,
}

impl Facts {
    /// Reads `options` (checked or not: a value of the wrong form reads as absent).
    pub fn read(options: &Options) -> Facts {
        let find = |symbol: Symbol| options.0.iter().find(|option| option.name == symbol);
        let flag = |symbol: Symbol| find(symbol).map(|option| option.name.clone());
        let among = |symbols: &[Symbol]| -> Vec<Ident> {
            options
                .0
                .iter()
                .filter(|option| symbols.iter().any(|symbol| option.name == *symbol))
                .map(|option| option.name.clone())
                .collect()
        };
        let crate_path = |symbol: Symbol| {
            find(symbol)
                .and_then(BindgenOption::assigned)
                .and_then(crate_path_value)
        };
        Facts {
            catch: flag(CATCH),
            method: flag(METHOD),
            static_method_of: find(STATIC_METHOD_OF).map(|option| {
                let ty = option.assigned().and_then(type_path_value);
                (option.clone(), ty)
            }),
            js_name: find(JS_NAME).is_some(),
            start: find(START).is_some(),
            abortable: flag(ABORTABLE),
            fixed_shape: among(&FIXED_SHAPE).into_iter().next(),
            sync_only: SYNC_ONLY
                .iter()
                .filter_map(|(symbol, why)| flag(*symbol).map(|name| (name, *why)))
                .collect(),
            fixed_arity: among(&FIXED_ARITY),
            crates: CratePaths {
                wasm_bindgen: crate_path(WASM_BINDGEN),
                js_sys: crate_path(JS_SYS),
                wasm_bindgen_futures: crate_path(WASM_BINDGEN_FUTURES),
                runtime: crate_path(WASM_BINDGEN_ASYNC),
            },
        }
    }
}

/// `options` without any option called `symbol`.
pub fn without(options: &Options, symbol: Symbol) -> Options {
    Options(
        options
            .0
            .iter()
            .filter(|option| option.name != symbol)
            .cloned()
            .collect(),
    )
}

/// The options of `attrs`' `#[wasm_bindgen(...)]` attributes, checked (a malformed
/// attribute is reported, and its options are none).
pub fn check_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> Checked {
    match crate::parse::bindgen_options(attrs) {
        Ok(options) => check(options, errors),
        Err(error) => {
            errors.push(error);
            Checked::default()
        }
    }
}

/// The form an option's value must have: the forms upstream's parser takes (its
/// `attrgen!` table in `wasm-bindgen-macro-support`), read with syn as upstream reads
/// them, so that raw strings and `macro_rules!` fragments (invisible groups) are taken
/// wherever upstream takes them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// `name` alone.
    Flag,
    /// `name = "string"` or `name = identifier` (upstream's `String` options).
    Str,
    /// `name = identifier` or `name = "identifier"`.
    Ident,
    /// `name = path`, or the path in a string.
    Path,
    /// `name = Type` (a type path, generic arguments allowed), or the type in a string.
    TypePath,
    /// `name = path` to a crate or module, or the path in a string; usable in a `use`
    /// (no `Self`, no generics).
    CratePath,
    /// `name = "a"`, `name = a` or `name = ["a", "b"]`.
    Namespace,
    /// `name` alone, or `name = "string"` / `name = identifier`.
    FlagOrStr,
    /// An expression.
    Expr,
}

/// The names of the options whose value we check (for the property test, which must
/// reach every one of them).
pub fn known_names() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|(name, ..)| name.as_str())
}

/// Checks `options`, reporting each mistake once; the options at fault are not
/// forwarded, nor are ours.
pub fn check(mut options: Options, errors: &mut Errors) -> Checked {
    let mut seen: Vec<String> = Vec::new();
    options.0.retain(|option| {
        let name = option.name.unraw().to_string();
        let Some(&(_, form, repeatable)) = KNOWN.iter().find(|(known, ..)| known.as_str() == name)
        else {
            // Not ours to judge: the user's wasm-bindgen (maybe newer than this table)
            // accepts it or reports it, on async items as on the others.
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
    let facts = Facts::read(&options);
    options
        .0
        .retain(|option| !OURS.iter().any(|ours| option.name == *ours));
    Checked {
        forwarded: options,
        facts,
    }
}

/// What is wrong with the value of `option`, if anything.
fn form_error(option: &BindgenOption, form: Form) -> Option<String> {
    let name = &option.name;
    let example = |value: &str| format!("for example `{name} = {value}`");
    let value = match (&option.value, form) {
        (OptionValue::Flag, Form::Flag | Form::FlagOrStr) => return None,
        (OptionValue::Flag, _) => {
            let value = match form {
                Form::Path | Form::TypePath | Form::CratePath => path_example(name),
                Form::Namespace => "[\"outer\", \"inner\"]".to_owned(),
                Form::Ident => "name".to_owned(),
                Form::Expr => "|value| value.is_object()".to_owned(),
                _ => "\"jsName\"".to_owned(),
            };
            return Some(format!("`{name}` needs a value, {}", example(&value)));
        }
        (_, Form::Flag) => return Some(format!("`{name}` takes no value: write just `{name}`")),
        (OptionValue::List(_), _) => {
            return Some(format!("write `{name} = value`, not `{name}(...)`"))
        }
        (OptionValue::Assign(_, value), _) => value,
    };
    let ok = match form {
        Form::Str | Form::FlagOrStr => str_value(value).is_some(),
        Form::Ident => in_string_or_plain::<Ident>(value, Ident::parse_any).is_some(),
        Form::Path => path_value(value).is_some(),
        Form::TypePath => type_path_value(value).is_some(),
        Form::CratePath => crate_path_value(value).is_some(),
        Form::Namespace => namespace_value(value).is_some(),
        Form::Expr => syn::parse2::<syn::Expr>(value.clone()).is_ok(),
        Form::Flag => true,
    };
    (!ok).then(|| match form {
        Form::Str | Form::FlagOrStr => format!(
            "`{name}` takes a string or an identifier, {}",
            example("\"someName\"")
        ),
        Form::Ident => format!("`{name}` takes an identifier, {}", example("name")),
        Form::Path | Form::TypePath => {
            format!("`{name}` takes a path, {}", example(&path_example(name)))
        }
        Form::CratePath => format!(
            "`{name}` takes the path of a crate or module, {}",
            example(&path_example(name))
        ),
        Form::Expr => format!("`{name}` takes an expression"),
        Form::Namespace | Form::Flag => format!(
            "`{name}` takes a name or a list of names, {}",
            example("[\"outer\", \"inner\"]")
        ),
    })
}

fn path_example(name: &Ident) -> String {
    match name.to_string().as_str() {
        "wasm_bindgen" | "js_sys" | "wasm_bindgen_futures" => format!("::{name}"),
        _ => "SomeType".to_owned(),
    }
}

/// The value of a string option: a string literal (raw ones included) or an
/// identifier, as upstream reads it.
pub fn str_value(value: &TokenStream) -> Option<String> {
    let parser = |input: ParseStream| {
        if input.peek(LitStr) {
            input.parse::<LitStr>().map(|lit| lit.value())
        } else {
            input.call(Ident::parse_any).map(|ident| ident.to_string())
        }
    };
    parser.parse2(value.clone()).ok()
}

/// `T` written as is, or inside a string literal (`"T"`), as upstream reads paths,
/// types and identifiers.
fn in_string_or_plain<T: Parse>(
    value: &TokenStream,
    plain: fn(ParseStream) -> syn::Result<T>,
) -> Option<T> {
    let parser = |input: ParseStream| {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            lit.parse::<T>()
        } else {
            plain(input)
        }
    };
    parser.parse2(value.clone()).ok()
}

/// A path option's value (`extends`).
pub fn path_value(value: &TokenStream) -> Option<syn::Path> {
    in_string_or_plain(value, syn::Path::parse)
}

/// A type option's value (`static_method_of`).
pub fn type_path_value(value: &TokenStream) -> Option<syn::TypePath> {
    in_string_or_plain(value, syn::TypePath::parse)
}

/// A crate path option's value (`wasm_bindgen`, `js_sys`, `wasm_bindgen_futures`): a
/// path usable in a `use`.
pub fn crate_path_value(value: &TokenStream) -> Option<syn::Path> {
    path_value(value).filter(|path| {
        path.segments
            .first()
            .is_some_and(|first| first.ident != "Self")
            && path
                .segments
                .iter()
                .all(|segment| segment.arguments.is_none())
    })
}

/// `js_namespace`'s value: a non-empty array of strings, a string or an identifier.
fn namespace_value(value: &TokenStream) -> Option<Vec<String>> {
    let parser = |input: ParseStream| {
        if input.peek(syn::token::Bracket) {
            let array: syn::ExprArray = input.parse()?;
            let names = array
                .elems
                .iter()
                .map(|elem| match elem {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(lit),
                        ..
                    }) => Ok(lit.value()),
                    other => Err(syn::Error::new_spanned(other, "expected a string")),
                })
                .collect::<syn::Result<Vec<String>>>()?;
            if names.is_empty() {
                return Err(input.error("empty namespace"));
            }
            Ok(names)
        } else {
            Ok(vec![str_value(&input.parse::<TokenStream>()?)
                .ok_or_else(|| input.error("expected a name"))?])
        }
    };
    parser.parse2(value.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn checked(tokens: TokenStream) -> (String, Vec<String>) {
        let options: Options = syn::parse2(tokens).unwrap();
        let mut errors = Errors::default();
        let checked = check(options, &mut errors);
        let messages = errors.messages();
        (checked.forwarded.to_token_stream().to_string(), messages)
    }

    #[test]
    fn raw_option_names_are_the_options_of_that_name() {
        let options: Options = syn::parse2(quote!(r#final, r#catch, method)).unwrap();
        let mut errors = Errors::default();
        let checked = check(options, &mut errors);
        assert_eq!(
            errors.messages(),
            Vec::<String>::new(),
            "no near miss of `final`"
        );
        assert!(checked.facts.catch.is_some(), "`r#catch` is `catch`");
        assert_eq!(
            checked.forwarded.to_token_stream().to_string(),
            "r#final , r#catch , method",
            "forwarded as written"
        );
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
            (
                quote!(js_name = 3),
                "`js_name` takes a string or an identifier",
            ),
            (
                quote!(module = 3),
                "`module` takes a string or an identifier",
            ),
            (quote!(js_namespace = []), "takes a name or a list of names"),
            (
                quote!(static_method_of = "not a type!"),
                "`static_method_of` takes a path",
            ),
            (
                quote!(vendor_prefix = "a b"),
                "`vendor_prefix` takes an identifier",
            ),
            (quote!(catch = yes), "`catch` takes no value"),
            (quote!(catch, catch), "`catch` is given twice"),
            (
                quote!(js_namespace = [1, 2]),
                "takes a name or a list of names",
            ),
            (
                quote!(wasm_bindgen_futures = "not a path"),
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
    fn every_value_form_upstream_takes_passes() {
        use proc_macro2::{Delimiter, Group};
        // What `$v:literal`, `$v:expr`, `$t:ty` and `$p:path` become in a `macro_rules!`.
        let invisible = |tokens| Group::new(Delimiter::None, tokens);
        let lit = invisible(quote!("fromMacro"));
        let ty = invisible(quote!(Foo<u32>));
        let path = invisible(quote!(::wasm_bindgen));
        let names = invisible(quote!(["a", "b"]));
        let tokens = quote! {
            js_name = r"raw", js_class = r#"Raw"#, module = r"/js/a.js", inline_js = r#"export function f() {}"#,
            unchecked_return_type = r"number", typescript_type = "T", raw_module = ident_module,
            static_method_of = "SomeType", extends = "js_sys::Object", vendor_prefix = "webkit",
            js_namespace = [r"a", "b"], getter = r"g", setter, wasm_bindgen = "::wasm_bindgen",
            slice = "x", vec = y, extends_js_class = Ident, is_type_of = |v| v.is_object(),
            experimental_generic_mono
        };
        let (kept, errors) = checked(tokens.clone());
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(kept, tokens.to_string());
        let fragments = quote! {
            js_name = #lit, static_method_of = #ty, js_sys = #path, js_namespace = #names
        };
        let (_, errors) = checked(fragments);
        assert_eq!(errors, Vec::<String>::new(), "fragments are looked through");
    }

    #[test]
    fn a_missing_value_is_shown_in_the_option_s_own_form() {
        for (tokens, example) in [
            (
                quote!(js_namespace),
                "`js_namespace = [\"outer\", \"inner\"]`",
            ),
            (quote!(vendor_prefix), "`vendor_prefix = name`"),
            (
                quote!(is_type_of),
                "`is_type_of = |value| value.is_object()`",
            ),
            (quote!(js_sys), "`js_sys = ::js_sys`"),
            (quote!(extends), "`extends = SomeType`"),
            (quote!(js_name), "`js_name = \"jsName\"`"),
        ] {
            let (_, errors) = checked(tokens.clone());
            assert_eq!(errors.len(), 1, "{tokens}");
            assert!(errors[0].contains(example), "{tokens}: {errors:?}");
        }
    }

    #[test]
    fn facts_are_read_once_with_their_spans() {
        let options: Options = syn::parse2(quote! {
            catch, method, js_name = x, setter, getter = y, abortable,
            wasm_bindgen_async = ::renamed, js_sys = "deps::js", static_method_of = "Foo"
        })
        .unwrap();
        let checked = check(options, &mut Errors::default());
        let facts = &checked.facts;
        assert!(facts.catch.is_some() && facts.method.is_some() && facts.js_name);
        assert!(!facts.start);
        assert_eq!(facts.abortable.as_ref().unwrap(), "abortable");
        assert_eq!(
            facts.fixed_shape.as_ref().unwrap(),
            "setter",
            "the first one"
        );
        let sync_only: Vec<String> = facts.sync_only.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(sync_only, ["setter"]);
        let arity: Vec<String> = facts.fixed_arity.iter().map(ToString::to_string).collect();
        assert_eq!(arity, ["getter"]);
        let path = |path: &Option<syn::Path>| path.as_ref().unwrap().to_token_stream().to_string();
        assert_eq!(path(&facts.crates.runtime), ":: renamed");
        assert_eq!(path(&facts.crates.js_sys), "deps :: js");
        assert!(facts.crates.wasm_bindgen.is_none());
        let (_, ty) = facts.static_method_of.as_ref().unwrap();
        assert_eq!(ty.to_token_stream().to_string(), "Foo");
        let forwarded = checked.forwarded.to_token_stream().to_string();
        assert!(
            !forwarded.contains("abortable") && !forwarded.contains("wasm_bindgen_async"),
            "ours are never forwarded: {forwarded}"
        );
        assert!(forwarded.contains("catch") && forwarded.contains("js_sys"));
    }

    #[test]
    fn options_at_fault_say_nothing() {
        let options: Options = syn::parse2(quote!(catch = yes, js_sys = Self::x)).unwrap();
        let mut errors = Errors::default();
        let checked = check(options, &mut errors);
        assert_eq!(errors.len(), 2);
        assert!(checked.facts.catch.is_none() && checked.facts.crates.js_sys.is_none());
        assert!(checked.forwarded.0.is_empty());
    }

    #[test]
    fn known_names_are_the_table() {
        let names: Vec<&str> = known_names().collect();
        assert_eq!(names.len(), KNOWN.len());
        assert!(names.contains(&"catch") && names.contains(&"wasm_bindgen_futures"));
    }

    #[test]
    fn unknown_names_are_forwarded_untouched() {
        // Near misses included: the user's wasm-bindgen decides (a newer release may know
        // the name; a typo gets its "unknown attribute" at the user's token).
        for tokens in [
            quote!(cach),
            quote!(catcher),
            quote!(js_nmae = x),
            quote!(frobnicate(1)),
        ] {
            let (kept, errors) = checked(tokens.clone());
            assert_eq!(errors, Vec::<String>::new(), "{tokens}");
            assert_eq!(kept, tokens.to_string());
        }
    }

    /// Every option of wasm-bindgen 0.2.130's `attrgen!` list (a copy of it, verbatim, in
    /// `attrgen-0.2.130.txt`) is in our table, so that its value is checked as upstream
    /// reads it.
    #[test]
    fn every_option_of_upstream_is_known() {
        let list = include_str!("attrgen-0.2.130.txt");
        let upstream: Vec<&str> = list
            .lines()
            .filter_map(|line| line.trim().strip_prefix('('))
            .filter_map(|line| line.split(',').next())
            .map(|name| name.trim_start_matches("r#"))
            .collect();
        assert!(upstream.len() >= 50, "the copy was read: {upstream:?}");
        let known: Vec<&str> = known_names().collect();
        for name in upstream {
            assert!(known.contains(&name), "`{name}` is missing from `options!`");
        }
    }
}
