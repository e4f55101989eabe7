//! Lowering of an extern block with async imports.
//!
//! Each `async fn` import becomes two things:
//! - a hidden synchronous import in the same extern block, returning the promise as a
//!   `JsValue` (with `catch`, a `Result`, so that a synchronous throw is an `Err`);
//! - a wrapper `async fn` with the user's name, visibility, attributes and arguments,
//!   which calls the hidden import and awaits the promise as `Promise<T>`.
//!
//! Synchronous items stay in the block untouched.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Attribute, FnArg, ForeignItemFn, Ident, Visibility};

use super::fnv1a;
use crate::model::imports::{
    ungroup, Arg, AsyncImport, ImportBlock, ImportEntry, ImportReturn, Receiver,
};
use crate::parse::Options;

/// An extern block after lowering.
pub struct LoweredBlock {
    /// Outer attributes of the block other than ours.
    pub attrs: Vec<Attribute>,
    /// `unsafe`, if written before `extern`.
    pub unsafety: Option<syn::token::Unsafe>,
    /// `extern "C"`.
    pub abi: syn::Abi,
    /// The block's items: the user's synchronous ones and the hidden helpers.
    pub items: Vec<BlockItem>,
    /// The async functions the user declared.
    pub wrappers: Vec<Wrapper>,
    /// Stand-ins for imports with a mistake, so that callers still type-check.
    pub stubs: Vec<Stub>,
    /// The hidden module of the block's shared parts (the futures crate chosen by the
    /// user's cfg, the cold paths), `__wbga_support_<hash>`.
    pub support: Ident,
}

/// One item inside the lowered extern block.
pub enum BlockItem {
    /// A synchronous item of the user's, verbatim.
    User(Box<syn::ForeignItem>),
    /// The hidden import behind an async wrapper.
    Helper(Box<Helper>),
}

/// The hidden synchronous import behind one async import.
pub struct Helper {
    /// The user's options for the real attribute (`catch`, `js_namespace`, ...).
    pub options: Options,
    /// `Some(name)` when the user gave no `js_name`: the helper's Rust name differs
    /// from the JS name, so the JS name must be spelled out.
    pub js_name: Option<String>,
    /// `#[cfg]` attributes of the import.
    pub cfgs: Vec<Attribute>,
    /// The generated, hidden name.
    pub ident: Ident,
    /// The import's generic parameters and `where` clause.
    pub generics: syn::Generics,
    /// Arguments as the real attribute expects them (`this: &T` first for methods).
    pub inputs: Vec<TokenStream>,
    /// Whether it is declared with `catch` (then it returns `Result<JsValue, JsValue>`).
    pub catch: bool,
    /// `abortable`: the position among `inputs` of its `AbortSignal` argument.
    pub signal_at: Option<usize>,
}

/// The user-facing `async fn`.
pub struct Wrapper {
    /// `impl #class { ... }` for methods and static methods.
    pub class: Option<TokenStream>,
    /// `impl<#impl_generics> #class`: a method's type parameters that its class names
    /// (`this: &Box<T>`), as upstream hoists them; `generics` keeps the others.
    pub impl_generics: syn::Generics,
    /// `#[cfg]` attributes of the whole block.
    pub block_cfgs: Vec<Attribute>,
    /// The user's attributes (docs, cfg, allow, ...).
    pub attrs: Vec<Attribute>,
    /// The user's visibility.
    pub vis: Visibility,
    /// `unsafe`, if written.
    pub unsafety: Option<syn::token::Unsafe>,
    /// The `async` keyword as written (keeps its span).
    pub asyncness: syn::token::Async,
    /// The user's name.
    pub ident: Ident,
    /// Whether it takes `&self`.
    pub method: bool,
    /// The forwarded arguments.
    pub args: Vec<Arg>,
    /// The import's generic parameters and `where` clause.
    pub generics: syn::Generics,
    /// `-> R` as written.
    pub output: syn::ReturnType,
    /// The call of the hidden import, producing the promise (or a `Result` of it).
    pub call: TokenStream,
    /// How the settled promise becomes the return value.
    pub ret: ImportReturn,
    /// How messages name the import (`load`, `Client::fetch`).
    pub display_name: String,
    /// `abortable`: the local holding the `AbortController` (`__rt::Abort`), whose
    /// signal the call passes last.
    pub abort: Option<Ident>,
    /// How the resolved value is checked, if it is (see [`Check`]), and converted.
    pub checked: Option<(Check, Conversion)>,
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

/// Lowers one extern block.
pub fn import_block(block: ImportBlock) -> LoweredBlock {
    let block_cfgs: Vec<Attribute> = block.cfg_attrs().cloned().collect();
    let mut items = Vec::new();
    let mut wrappers = Vec::new();
    let mut stubs = Vec::new();
    for entry in block.entries {
        match entry {
            ImportEntry::Sync(item) => items.push(BlockItem::User(item)),
            ImportEntry::Broken(item, receiver) => stubs.push(stub(*item, receiver, &block_cfgs)),
            ImportEntry::Async(import) => {
                let (helper, wrapper) = async_import(*import, &block_cfgs);
                items.push(BlockItem::Helper(Box::new(helper)));
                wrappers.push(wrapper);
            }
        }
    }
    let mut names = String::new();
    for item in &items {
        if let BlockItem::Helper(helper) = item {
            names.push_str(&helper.ident.to_string());
        }
    }
    let support = format_ident!(
        "__wbga_support_{:08x}",
        fnv1a(&names),
        span = Span::call_site()
    );
    LoweredBlock {
        support,
        attrs: block.attrs,
        unsafety: block.unsafety,
        abi: block.abi,
        items,
        wrappers,
        stubs,
    }
}

fn async_import(import: AsyncImport, block_cfgs: &[Attribute]) -> (Helper, Wrapper) {
    let rust_name = import.ident.unraw().to_string();
    let helper_ident = helper_ident(&import);
    let catch = import.options.has("catch");
    let js_name = (!import.options.has("js_name")).then(|| rust_name.clone());

    let mut inputs = Vec::new();
    let (class, method, call, display_name) = match &import.receiver {
        Receiver::Free => (None, false, quote!(#helper_ident), rust_name.clone()),
        Receiver::Method { class } => {
            inputs.push(quote!(this: &#class));
            let display = format!("{}::{rust_name}", type_name(class.to_token_stream()));
            (
                Some(class.to_token_stream()),
                true,
                quote!(self.#helper_ident),
                display,
            )
        }
        Receiver::Static { class } => {
            let display = format!("{}::{rust_name}", type_name(class.clone()));
            (
                Some(class.clone()),
                false,
                quote!(<#class>::#helper_ident),
                display,
            )
        }
    };
    inputs.extend(import.args.iter().map(|arg| {
        let Arg { attrs, ident, ty } = arg;
        quote!(#(#attrs)* #ident: #ty)
    }));
    let arg_names = import.args.iter().map(|arg| &arg.ident);
    // `abortable`: the hidden import takes the signal last; the wrapper makes it.
    let abort = import
        .abortable
        .map(|_| Ident::new("__wbga_abort", proc_macro2::Span::mixed_site()));
    // Where the signal goes among the JS arguments (after `this`): as declared, or last.
    let signal_at = import
        .abortable
        .map(|position| position.unwrap_or(import.args.len()));
    let (impl_generics, generics) = match &import.receiver {
        Receiver::Method { class } => hoist(&import.generics, class),
        _ => (syn::Generics::default(), import.generics.clone()),
    };
    let turbofish = turbofish(&generics);
    let mut call_args: Vec<TokenStream> = arg_names.map(ToTokens::to_token_stream).collect();
    if let (Some(abort), Some(at)) = (&abort, signal_at) {
        call_args.insert(at, quote!(#abort.signal()));
    }
    let call = quote!(#call #turbofish (#(#call_args),*));

    let cfgs = import
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .cloned()
        .collect();
    let helper = Helper {
        options: import.options,
        js_name,
        cfgs,
        ident: helper_ident,
        generics: import.generics.clone(),
        inputs,
        catch,
        signal_at: signal_at.map(|at| at + usize::from(method)),
    };
    let checked = match &import.ret {
        ImportReturn::Value(ty) | ImportReturn::Catch { ok: Some(ty), .. } => check(ty),
        _ => None,
    };
    let wrapper = Wrapper {
        checked,
        class,
        block_cfgs: block_cfgs.to_vec(),
        attrs: import.attrs,
        vis: import.vis,
        unsafety: import.unsafety,
        asyncness: import.asyncness,
        ident: import.ident,
        method,
        args: import.args,
        impl_generics,
        generics,
        output: import.output,
        call,
        ret: import.ret,
        display_name,
        abort,
    };
    (helper, wrapper)
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

/// `::<T, N>` naming the type and const parameters of a generic import, for the call of
/// the hidden import: its return type (`JsValue`) does not mention them, so they may
/// not be inferable. Lifetimes are left to inference.
fn turbofish(generics: &syn::Generics) -> Option<TokenStream> {
    let params: Vec<&Ident> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(param) => Some(&param.ident),
            syn::GenericParam::Const(param) => Some(&param.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    (!params.is_empty()).then(|| quote!(::<#(#params),*>))
}

/// How a checked value is converted from the settled `JsValue`: as upstream converts
/// values that are of the declared JS type, never differently.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Conversion {
    /// `TryFromJsValue` of the declared type.
    TryFrom,
    /// `usize`/`isize` (and their `Option`s) through `u32`/`i32`, whose conversion is the
    /// JS-to-wasm one (modulo 2^32) that upstream applies; theirs saturates.
    Via32 {
        /// `u32` or `i32`.
        int: Ident,
        /// `usize` or `isize`.
        target: Ident,
        /// Whether the declared type is an `Option`.
        optional: bool,
    },
    /// `char` (and `Option<char>`) from any one-character string, astral-plane
    /// characters included; `TryFromJsValue` for `char` counts UTF-8 bytes.
    Char {
        /// Whether the declared type is an `Option`.
        optional: bool,
    },
}

/// Number types, checked in debug builds (see [`Check::InDebug`]).
const NUMBERS: &[&str] = &[
    "u8", "u16", "u32", "usize", "i8", "i16", "i32", "isize", "f32", "f64",
];
/// Other types whose resolved values are always checked (see [`Check::Always`]).
const VALUES: &[&str] = &["u64", "i64", "bool", "char", "String"];

/// How a resolved value of type `ty` is checked at runtime and converted, if it is.
fn check(ty: &syn::Type) -> Option<(Check, Conversion)> {
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
    let int = |name: &str| Ident::new(name, scalar.span());
    let conversion = if scalar == "usize" {
        Conversion::Via32 {
            int: int("u32"),
            target: scalar,
            optional,
        }
    } else if scalar == "isize" {
        Conversion::Via32 {
            int: int("i32"),
            target: scalar,
            optional,
        }
    } else if scalar == "char" {
        Conversion::Char { optional }
    } else {
        Conversion::TryFrom
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
/// whole declaration, so it is stable across builds and distinct per signature.
fn helper_ident(import: &AsyncImport) -> Ident {
    let mut text = import.ident.to_string();
    for arg in &import.args {
        text.push_str(&arg.ty.to_token_stream().to_string());
    }
    text.push_str(&import.output.to_token_stream().to_string());
    text.push_str(&import.options.to_token_stream().to_string());
    format_ident!(
        "__wbga_{}_{:08x}",
        import.ident.unraw(),
        fnv1a(&text),
        span = Span::call_site()
    )
}

/// `Client` for `Client`, `web::Client` or `Client<T>`: how messages name a class.
fn type_name(tokens: TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}

/// A stand-in for an import with a mistake: an `async fn` of the declared signature
/// (a method where the import was one), whose body is never reached because the build
/// already failed. It keeps the one reported error the only one.
pub struct Stub {
    /// `impl #class { ... }` for methods and static methods.
    pub class: Option<TokenStream>,
    /// `#[cfg]` attributes of the whole block.
    pub block_cfgs: Vec<Attribute>,
    /// The user's attributes other than `#[wasm_bindgen(...)]`.
    pub attrs: Vec<Attribute>,
    /// The user's visibility.
    pub vis: Visibility,
    /// The signature, with `this` turned into `&self` for methods.
    pub sig: syn::Signature,
}

fn stub(item: ForeignItemFn, receiver: Receiver, block_cfgs: &[Attribute]) -> Stub {
    let mut sig = item.sig;
    sig.variadic = None;
    if let syn::Safety::Safe(_) = sig.safety {
        // `safe` is only allowed inside `unsafe extern` blocks; the stand-in is outside.
        sig.safety = syn::Safety::Default;
    }
    let typed = sig
        .inputs
        .into_iter()
        .filter(|input| matches!(input, FnArg::Typed(_)));
    let (class, inputs) = match receiver {
        Receiver::Free => (None, typed.collect()),
        Receiver::Static { class } => (Some(class), typed.collect()),
        Receiver::Method { class } => {
            let this: FnArg = syn::parse_quote!(&self);
            (
                Some(class.to_token_stream()),
                std::iter::once(this).chain(typed.skip(1)).collect(),
            )
        }
    };
    sig.inputs = inputs;
    Stub {
        class,
        block_cfgs: block_cfgs.to_vec(),
        attrs: item
            .attrs
            .into_iter()
            .filter(|attr| !crate::parse::is_bindgen_attr(attr))
            .collect(),
        vis: item.vis,
        sig,
    }
}

trait Unraw {
    fn unraw(&self) -> Ident;
}

impl Unraw for Ident {
    fn unraw(&self) -> Ident {
        let name = self.to_string();
        match name.strip_prefix("r#") {
            Some(bare) => Ident::new(bare, self.span()),
            None => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{imports as model, Errors};
    use syn::parse_quote;

    fn lower(item: ForeignItemFn) -> (Helper, Wrapper) {
        let mut errors = Errors::default();
        let ImportEntry::Async(import) = model::async_import(item, &mut errors) else {
            panic!("model rejected the import")
        };
        async_import(*import, &[])
    }

    #[test]
    fn free_import_gets_hidden_helper_and_js_name() {
        let (helper, wrapper) = lower(parse_quote!(
            pub async fn load(key: &str) -> u32;
        ));
        assert!(helper.ident.to_string().starts_with("__wbga_load_"));
        assert_eq!(helper.js_name.as_deref(), Some("load"));
        assert!(!helper.catch);
        assert_eq!(wrapper.call.to_string(), format!("{} (key)", helper.ident));
        assert!(wrapper.class.is_none());
    }

    #[test]
    fn explicit_js_name_is_kept() {
        let (helper, _) = lower(parse_quote! {
            #[wasm_bindgen(js_name = "loadIt")]
            async fn load();
        });
        assert_eq!(helper.js_name, None);
    }

    #[test]
    fn raw_identifiers_lose_their_prefix() {
        let (helper, wrapper) = lower(parse_quote!(
            async fn r#type();
        ));
        assert_eq!(helper.js_name.as_deref(), Some("type"));
        assert!(helper.ident.to_string().starts_with("__wbga_type_"));
        assert_eq!(wrapper.display_name, "type");
    }

    #[test]
    fn method_calls_through_self() {
        let (helper, wrapper) = lower(parse_quote! {
            #[wasm_bindgen(method)]
            async fn fetch(this: &Client, url: &str) -> JsValue;
        });
        assert_eq!(helper.inputs[0].to_string(), "this : & Client");
        assert!(wrapper.method);
        assert_eq!(wrapper.class.unwrap().to_string(), "Client");
        assert_eq!(wrapper.display_name, "Client::fetch");
        assert!(wrapper.call.to_string().starts_with("self ."));
    }

    #[test]
    fn static_method_calls_through_class() {
        let (_, wrapper) = lower(parse_quote! {
            #[wasm_bindgen(static_method_of = Client)]
            async fn open() -> Client;
        });
        assert!(!wrapper.method);
        assert!(wrapper
            .call
            .to_string()
            .starts_with("< Client > :: __wbga_open_"));
    }

    #[test]
    fn numbers_are_checked_in_debug_other_scalars_always() {
        let kind = |ty: proc_macro2::TokenStream| match check(&syn::parse2(ty).unwrap()) {
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
        let (_, wrapper) = lower(parse_quote! {
            #[wasm_bindgen(method)]
            async fn get<T: JsGeneric, U: JsGeneric>(this: &Holder<T>, u: U) -> T;
        });
        assert_eq!(
            wrapper.impl_generics.to_token_stream().to_string(),
            "< T : JsGeneric >"
        );
        assert_eq!(
            wrapper.generics.to_token_stream().to_string(),
            "< U : JsGeneric >"
        );
        assert!(
            wrapper.call.to_string().contains(":: < U >"),
            "only the method's own parameters are named: {}",
            wrapper.call
        );
    }

    #[test]
    fn conversions_match_upstream_for_pointer_sized_integers_and_char() {
        let conversion = |ty: proc_macro2::TokenStream| {
            check(&syn::parse2(ty).unwrap())
                .map(|(_, conversion)| format!("{conversion:?}"))
                .unwrap()
        };
        assert_eq!(conversion(quote!(u32)), "TryFrom");
        assert!(conversion(quote!(usize)).contains("Ident(u32)"));
        let optional_isize = conversion(quote!(Option<isize>));
        assert!(optional_isize.contains("Ident(i32)") && optional_isize.contains("optional: true"));
        assert_eq!(conversion(quote!(char)), "Char { optional: false }");
        assert_eq!(conversion(quote!(Option<char>)), "Char { optional: true }");
    }

    #[test]
    fn helper_names_differ_per_signature_and_are_stable() {
        let a = lower(parse_quote!(
            async fn f(x: u32);
        ))
        .0
        .ident;
        let b = lower(parse_quote!(
            async fn f(x: u32);
        ))
        .0
        .ident;
        let c = lower(parse_quote!(
            async fn f(x: f64);
        ))
        .0
        .ident;
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
