//! Lowering of an extern block with async imports.
//!
//! Each `async fn` import becomes two things:
//! - a hidden synchronous import in the same extern block, returning the promise as a
//!   `JsValue` (with `catch`, a `Result`, so that a synchronous throw is an `Err`);
//! - a wrapper `async fn` with the user's name, visibility, attributes and arguments,
//!   which calls the hidden import and awaits the promise as `Promise<T>`.
//!
//! Synchronous items stay in the block untouched. Lowered items refer to the model's;
//! what they add is what lowering decides: names, where generics and the signal go,
//! how the resolved value is checked.

use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{ForeignItem, ForeignItemFn, Ident};

use super::hidden_name;
use crate::model::imports::{ungroup, AsyncImport, ImportBlock, ImportEntry, Receiver};
use crate::parse::{self, Options};

/// An extern block after lowering.
pub struct LoweredBlock<'a> {
    /// The block as modelled (attributes, `unsafe`, ABI).
    pub block: &'a ImportBlock,
    /// The block's items: the user's synchronous ones and the hidden imports.
    pub items: Vec<BlockItem<'a>>,
    /// The async functions the user declared.
    pub wrappers: Vec<Wrapper<'a>>,
    /// Imports with a mistake (already reported): stand-ins keep callers type-checking.
    pub broken: Vec<(&'a ForeignItemFn, &'a Receiver)>,
    /// The hidden module of the block's shared parts (the futures crate chosen by the
    /// user's cfg), `__wbga_support_<hash>`.
    pub support: Ident,
    /// Whether a wrapper awaits a return taken as declared (`Typed`), whose fallback
    /// lives in the support module: without one, no module is generated.
    pub needs_support: bool,
}

/// One item inside the lowered extern block.
pub enum BlockItem<'a> {
    /// A synchronous item of the user's, verbatim.
    User(&'a ForeignItem),
    /// The hidden import behind an async wrapper.
    Hidden(HiddenImport<'a>),
}

/// The hidden synchronous import behind one async import.
pub struct HiddenImport<'a> {
    /// The async import it serves.
    pub import: &'a AsyncImport,
    /// The generated, hidden name.
    pub ident: Ident,
    /// `Some(name)` when the user gave no `js_name`: the hidden import's Rust name
    /// differs from the JS name, so the JS name must be spelled out.
    pub js_name: Option<String>,
    /// `abortable`: the position of its `AbortSignal` argument among the JS arguments
    /// (`this` included).
    pub signal_at: Option<usize>,
}

/// The user-facing `async fn`.
pub struct Wrapper<'a> {
    /// The async import it implements.
    pub import: &'a AsyncImport,
    /// The hidden import it calls.
    pub hidden: Ident,
    /// `impl<#impl_generics> #class`: a method's type parameters that its class names
    /// (`this: &Box<T>`), as upstream hoists them; `generics` keeps the others.
    pub impl_generics: syn::Generics,
    /// The wrapper's own generic parameters and `where` clause.
    pub generics: syn::Generics,
    /// The type and const parameters the call of the hidden import names (`::<T>`):
    /// its return type (`JsValue`) does not mention them, so they may not be inferable.
    pub turbofish: Vec<Ident>,
    /// How messages name the import (`load`, `Client::fetch`).
    pub display_name: String,
    /// `abortable`: the local holding the `AbortController` (`__rt::Abort`) and the
    /// position among the call's arguments (after `this`) where its signal goes.
    pub abort: Option<(Ident, usize)>,
    /// How the resolved value is checked, if it is (see [`Check`]), and converted.
    pub checked: Option<(Check, Conversion)>,
}

impl Wrapper<'_> {
    /// Whether the resolved value is awaited as declared, through `Typed` (a stream's
    /// items are cast at once instead).
    pub fn typed(&self) -> bool {
        self.import.many.is_none() && self.checked.is_none() && self.import.ret.resolved().is_some()
    }
}

/// The runtime check of a resolved value whose unchecked conversion would silently
/// coerce (`"abc"` to `0`) or fail without naming the import: the promise is awaited as
/// `JsValue` and converted with `TryFromJsValue`, which checks the JS type. Other types
/// (`JsValue`, imported types) are taken as declared, as upstream does: an `instanceof`
/// check would reject plain objects that are fine for them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Check {
    /// Numbers (`u8`..`u32`, `i8`..`i32`, `usize`, `isize`, `f32`, `f64`) and `Option`s
    /// of them: checked in builds with `debug_assertions`, like integer overflow. The
    /// check costs a round trip of the value through the externref table and a call to
    /// JS; unchecked, JS numbers cross as plain wasm numbers, and a non-number coerces
    /// as upstream coerces it.
    InDebug,
    /// `bool`, `char`, `String`, 64-bit integers and `Option`s of them: always checked.
    /// Unchecked, `null` for a `String` throws inside the promise's callback, out of
    /// reach of `catch`, and the call never settles (upstream's behaviour).
    Always,
}

/// Lowers one extern block; `outer` are the options of the block's attribute (its JS
/// module), which the hidden imports' names depend on.
pub fn import_block<'a>(block: &'a ImportBlock, outer: &Options) -> LoweredBlock<'a> {
    let module = outer.to_token_stream().to_string();
    let mut items = Vec::new();
    let mut wrappers = Vec::new();
    let mut broken = Vec::new();
    for entry in &block.entries {
        match entry {
            ImportEntry::Sync(item) => items.push(BlockItem::User(item)),
            ImportEntry::Broken(item, receiver) => broken.push((&**item, receiver)),
            ImportEntry::Async(import) => {
                let (hidden, wrapper) = async_import(import, &module);
                items.push(BlockItem::Hidden(hidden));
                wrappers.push(wrapper);
            }
        }
    }
    // The block's `#[cfg]`s too: two blocks with the same imports under exclusive `cfg`s
    // get distinct support modules.
    let mut names: String = block
        .cfg_attrs()
        .map(|attr| attr.to_token_stream().to_string())
        .collect();
    for item in &items {
        if let BlockItem::Hidden(hidden) = item {
            names.push_str(&hidden.ident.to_string());
        }
    }
    for wrapper in &wrappers {
        for cfg in parse::cfg_attrs(&wrapper.import.attrs) {
            names.push_str(&cfg.to_token_stream().to_string());
        }
    }
    LoweredBlock {
        block,
        support: hidden_name("support", &names),
        needs_support: wrappers.iter().any(Wrapper::typed),
        items,
        wrappers,
        broken,
    }
}

fn async_import<'a>(import: &'a AsyncImport, module: &str) -> (HiddenImport<'a>, Wrapper<'a>) {
    let rust_name = import.ident.unraw().to_string();
    let ident = hidden_ident(import, module);
    let display_name = match import.receiver.class() {
        None => rust_name.clone(),
        Some(class) => format!("{}::{rust_name}", type_name(class)),
    };
    let method = matches!(import.receiver, Receiver::Method { .. });
    // Where the signal goes among the JS arguments (after `this`): as declared, or last.
    let signal_at = import
        .abortable
        .map(|position| position.unwrap_or(import.args.len()));
    let (impl_generics, generics) = match &import.receiver {
        Receiver::Method { class } => hoist(&import.generics, class),
        _ => (syn::Generics::default(), import.generics.clone()),
    };
    let hidden = HiddenImport {
        import,
        ident: ident.clone(),
        js_name: (!import.options.facts.js_name).then_some(rust_name),
        signal_at: signal_at.map(|at| at + usize::from(method)),
    };
    let wrapper = Wrapper {
        import,
        hidden: ident,
        turbofish: turbofish(&generics),
        impl_generics,
        generics,
        display_name,
        abort: signal_at.map(|at| {
            (
                Ident::new("__wbga_abort", proc_macro2::Span::mixed_site()),
                at,
            )
        }),
        checked: import.ret.resolved().and_then(value_check),
    };
    (hidden, wrapper)
}

/// Splits a method's generics into those its class names (`T` of `this: &Box<T>`), which
/// go on the `impl` as upstream puts them, and the others, which stay on the method.
fn hoist(generics: &syn::Generics, class: &syn::Type) -> (syn::Generics, syn::Generics) {
    let named: Vec<String> = class
        .to_token_stream()
        .into_iter()
        .flat_map(flatten)
        .filter_map(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
            _ => None,
        })
        .collect();
    let (hoisted, kept): (Vec<_>, Vec<_>) =
        generics
            .params
            .iter()
            .cloned()
            .partition(|param| match param {
                syn::GenericParam::Type(param) => named.contains(&param.ident.to_string()),
                syn::GenericParam::Const(param) => named.contains(&param.ident.to_string()),
                syn::GenericParam::Lifetime(_) => false,
            });
    let impl_generics = syn::Generics {
        params: hoisted.into_iter().collect(),
        ..syn::Generics::default()
    };
    let method_generics = syn::Generics {
        params: kept.into_iter().collect(),
        ..generics.clone()
    };
    (impl_generics, method_generics)
}

/// A token and, for a group, every token inside it.
fn flatten(token: proc_macro2::TokenTree) -> Vec<proc_macro2::TokenTree> {
    match token {
        proc_macro2::TokenTree::Group(group) => {
            group.stream().into_iter().flat_map(flatten).collect()
        }
        other => vec![other],
    }
}

/// The type and const parameters (`::<T, N>`) of a generic import, for the call of
/// the hidden import: its return type (`JsValue`) does not mention them, so they may
/// not be inferable. Lifetimes are left to inference.
fn turbofish(generics: &syn::Generics) -> Vec<Ident> {
    generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(param) => Some(param.ident.clone()),
            syn::GenericParam::Const(param) => Some(param.ident.clone()),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect()
}

/// How a checked value is converted from the settled `JsValue`: as upstream converts
/// values that are of the declared JS type, never differently.
#[derive(Clone)]
pub struct Conversion {
    /// How the value converts (an `Option`'s inner value, for an `Option`).
    pub scalar: Scalar,
    /// The scalar type (`u32`, `String`; the inner type of an `Option`).
    pub scalar_type: Box<syn::Type>,
    /// Whether the declared type is an `Option` of it: `null` and `undefined` are `None`
    /// (as `TryFromJsValue` for `Option<T>` has it in wasm-bindgen 0.2.130; done by the
    /// runtime, so that older releases, which reject `null`, agree).
    pub optional: bool,
}

/// How a scalar converts from the settled `JsValue`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Scalar {
    /// `TryFromJsValue` of the scalar type (`u64`, `i64`, `bool`, `String`).
    TryFrom,
    /// A number type: `typeof` checked, then converted as JS converts a value for a wasm
    /// parameter of its ABI type (`__rt::number`, modulo 2^32 for integers, as upstream's
    /// glue); `TryFromJsValue` saturates beyond 2^63 and for `usize`/`isize`.
    Number,
    /// `char` from any one-character string, astral-plane characters included;
    /// `TryFromJsValue` for `char` counts UTF-8 bytes.
    Char,
}

/// Number types, checked in debug builds (see [`Check::InDebug`]).
const NUMBERS: &[&str] = &[
    "u8", "u16", "u32", "usize", "i8", "i16", "i32", "isize", "f32", "f64",
];
/// Other types whose resolved values are always checked (see [`Check::Always`]).
const VALUES: &[&str] = &["u64", "i64", "bool", "char", "String"];

/// How a resolved value of type `ty` is checked at runtime and converted, if it is.
fn value_check(ty: &syn::Type) -> Option<(Check, Conversion)> {
    let inner = option_inner(ty);
    let optional = inner.is_some();
    let scalar = plain_ident(inner.unwrap_or(ty))?;
    let check = if NUMBERS.iter().any(|number| scalar == number) {
        Check::InDebug
    } else if VALUES.iter().any(|value| scalar == value) {
        Check::Always
    } else {
        return None;
    };
    let kind = if matches!(check, Check::InDebug) {
        Scalar::Number
    } else if scalar == "char" {
        Scalar::Char
    } else {
        Scalar::TryFrom
    };
    let conversion = Conversion {
        scalar: kind,
        scalar_type: Box::new(inner.unwrap_or(ty).clone()),
        optional,
    };
    Some((check, conversion))
}

/// `T` of `Option<T>` (any path ending in `Option`).
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ungroup(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (last.ident == "Option", args.args.first()) {
        (true, Some(syn::GenericArgument::Type(inner))) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The last identifier of a plain path type (`String`, `std::string::String`).
fn plain_ident(ty: &syn::Type) -> Option<syn::Ident> {
    let syn::Type::Path(path) = ungroup(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    (path.qself.is_none() && last.arguments.is_none()).then(|| last.ident.clone())
}

/// `__wbga_<name>_<hash>`: a name no user writes by accident. The hash covers the
/// whole declaration and the block's options (`module`, the text of the JS module's
/// options), so it is stable across builds and distinct per signature and per JS module:
/// wasm-bindgen before 0.2.130 gives two imports of the same Rust name and signature in
/// different modules one wasm import, calling the same JS function.
fn hidden_ident(import: &AsyncImport, module: &str) -> Ident {
    let mut text = module.to_owned();
    text.push_str(&import.ident.to_string());
    for arg in &import.args {
        text.push_str(&arg.ty.to_token_stream().to_string());
    }
    text.push_str(&import.output.to_token_stream().to_string());
    text.push_str(&import.options.forwarded.to_token_stream().to_string());
    hidden_name(&import.ident.unraw().to_string(), &text)
}

/// `Client` for `Client`, `web::Client` or `Client<T>`: how messages name a class.
fn type_name(ty: &syn::Type) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Errors;
    use quote::quote;
    use syn::parse_quote;

    fn model(item: ForeignItemFn) -> AsyncImport {
        let mut errors = Errors::default();
        let ImportEntry::Async(import) = crate::model::imports::async_import(item, &mut errors)
        else {
            panic!("model rejected the import")
        };
        *import
    }

    /// Lowers `item` and hands the hidden import and the wrapper to `check`.
    fn lower(item: ForeignItemFn, check: impl FnOnce(HiddenImport, Wrapper)) {
        let import = model(item);
        let (hidden, wrapper) = async_import(&import, "");
        check(hidden, wrapper);
    }

    #[test]
    fn free_import_gets_hidden_import_and_js_name() {
        lower(
            parse_quote!(
                pub async fn load(key: &str) -> u32;
            ),
            |hidden, wrapper| {
                assert!(hidden.ident.to_string().starts_with("__wbga_load_"));
                assert_eq!(hidden.js_name.as_deref(), Some("load"));
                assert_eq!(wrapper.hidden, hidden.ident);
                assert!(wrapper.import.receiver.class().is_none());
                assert_eq!(wrapper.display_name, "load");
            },
        );
    }

    #[test]
    fn explicit_js_name_is_kept() {
        lower(
            parse_quote! {
                #[wasm_bindgen(js_name = "loadIt")]
                async fn load();
            },
            |hidden, _| assert_eq!(hidden.js_name, None),
        );
    }

    #[test]
    fn raw_identifiers_lose_their_prefix() {
        lower(
            parse_quote!(
                async fn r#type();
            ),
            |hidden, wrapper| {
                assert_eq!(hidden.js_name.as_deref(), Some("type"));
                assert!(hidden.ident.to_string().starts_with("__wbga_type_"));
                assert_eq!(wrapper.display_name, "type");
            },
        );
    }

    #[test]
    fn methods_and_static_methods_are_named_by_their_class() {
        lower(
            parse_quote! {
                #[wasm_bindgen(method)]
                async fn fetch(this: &Client, url: &str) -> JsValue;
            },
            |_, wrapper| assert_eq!(wrapper.display_name, "Client::fetch"),
        );
        lower(
            parse_quote! {
                #[wasm_bindgen(static_method_of = web::Client)]
                async fn open() -> Client;
            },
            |_, wrapper| assert_eq!(wrapper.display_name, "web::Client::open"),
        );
    }

    #[test]
    fn the_signal_goes_where_declared_counting_this() {
        lower(
            parse_quote! {
                #[wasm_bindgen(method, abortable)]
                async fn fetch(this: &Client, url: &str) -> JsValue;
            },
            |hidden, wrapper| {
                assert_eq!(hidden.signal_at, Some(2), "after `this` and `url`");
                assert_eq!(wrapper.abort.map(|(_, at)| at), Some(1));
            },
        );
        lower(
            parse_quote! {
                #[wasm_bindgen(abortable)]
                async fn fetch(signal: AbortSignal, url: &str) -> JsValue;
            },
            |hidden, wrapper| {
                assert_eq!(hidden.signal_at, Some(0));
                assert_eq!(wrapper.abort.map(|(_, at)| at), Some(0));
            },
        );
    }

    #[test]
    fn numbers_are_checked_in_debug_other_scalars_always() {
        let kind = |ty: proc_macro2::TokenStream| match value_check(&syn::parse2(ty).unwrap()) {
            Some((Check::InDebug, _)) => "debug",
            Some((Check::Always, _)) => "always",
            None => "unchecked",
        };
        assert_eq!(kind(quote!(u32)), "debug");
        assert_eq!(kind(quote!(Option<f64>)), "debug");
        assert_eq!(kind(quote!(String)), "always");
        assert_eq!(kind(quote!(std::string::String)), "always");
        assert_eq!(kind(quote!(Option<bool>)), "always");
        assert_eq!(kind(quote!(i64)), "always");
        for unchecked in [
            quote!(JsValue),
            quote!(JsString),
            quote!(Option<JsValue>),
            quote!(Vec<u8>),
            quote!(Option<Option<u32>>),
            quote!(Option<u32, Extra>),
            quote!(<T as Scalars>::String),
            quote!(u32<Extra>),
        ] {
            assert_eq!(kind(unchecked.clone()), "unchecked", "{unchecked}");
        }
    }

    #[test]
    fn class_parameters_of_generic_methods_go_on_the_impl() {
        lower(
            parse_quote! {
                #[wasm_bindgen(method)]
                async fn get<T: JsGeneric, U: JsGeneric>(this: &Holder<T>, u: U) -> T;
            },
            |_, wrapper| {
                assert_eq!(
                    wrapper.impl_generics.to_token_stream().to_string(),
                    "< T : JsGeneric >"
                );
                assert_eq!(
                    wrapper.generics.to_token_stream().to_string(),
                    "< U : JsGeneric >"
                );
                assert_eq!(
                    wrapper.turbofish,
                    ["U"],
                    "only the method's own parameters are named"
                );
            },
        );
    }

    #[test]
    fn conversions_match_upstream_for_numbers_and_char() {
        let conversion = |ty: proc_macro2::TokenStream| {
            let (_, conversion) = value_check(&syn::parse2(ty).unwrap()).unwrap();
            format!(
                "{:?} of {} optional: {}",
                conversion.scalar,
                conversion.scalar_type.to_token_stream(),
                conversion.optional
            )
        };
        // Every number goes through the runtime's conversion (modulo 2^32 as upstream's
        // glue, also beyond 2^63 and for `usize`/`isize`).
        for number in ["u8", "i16", "u32", "i32", "usize", "isize", "f32", "f64"] {
            let ty: proc_macro2::TokenStream = number.parse().unwrap();
            assert_eq!(
                conversion(ty),
                format!("Number of {number} optional: false")
            );
        }
        assert_eq!(
            conversion(quote!(Option<isize>)),
            "Number of isize optional: true"
        );
        assert_eq!(conversion(quote!(u64)), "TryFrom of u64 optional: false");
        assert_eq!(
            conversion(quote!(Option<std::string::String>)),
            "TryFrom of std :: string :: String optional: true"
        );
        assert_eq!(conversion(quote!(char)), "Char of char optional: false");
        assert_eq!(
            conversion(quote!(Option<char>)),
            "Char of char optional: true"
        );
    }

    #[test]
    fn hidden_names_differ_per_signature_and_are_stable() {
        let name = |item: ForeignItemFn| hidden_ident(&model(item), "");
        let a = name(parse_quote!(
            async fn f(x: u32);
        ));
        let b = name(parse_quote!(
            async fn f(x: u32);
        ));
        let c = name(parse_quote!(
            async fn f(x: f64);
        ));
        assert_eq!(a, b);
        assert_ne!(a, c);
        let in_module = |module: &str| {
            hidden_ident(
                &model(parse_quote!(
                    async fn f(x: u32);
                )),
                module,
            )
        };
        assert_ne!(
            in_module("inline_js = \"a\""),
            in_module("inline_js = \"b\""),
            "the same import in two JS modules"
        );
    }
}
