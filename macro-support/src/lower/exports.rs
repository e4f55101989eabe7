//! Lowering of async exports.
//!
//! The real attribute generates the JS side of an async export (the synchronous wasm
//! export that builds the promise with `future_to_promise`, or `spawn_local` for
//! `start`/`main`; the `Promise<T>` type in `.d.ts`; the borrow of `self` held for the
//! whole future). It takes the futures crate from its `wasm_bindgen_futures = path`
//! option, which emit points at a hidden module whose `pub use` is chosen by
//! `cfg(wasm_bindgen_use_js_sys)` in the user's crate.
//!
//! What lowering decides is which exports go through a hidden wrapper export
//! ([`ExportWrapper`]), and what that wrapper looks like.

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Attribute, FnArg, Ident, ImplItemFn, ItemFn, Pat, PatType, Type, Visibility};

use super::hidden_name;
use crate::model::exports::{ExportImpl, ExportItem, ImplEntry};
use crate::model::imports::{ungroup, Many};
use crate::model::options::Facts;
use crate::parse::Options;

/// An item with async exports after lowering.
pub struct LoweredExport<'a> {
    /// The hidden module that names the futures crate for the real attribute,
    /// `__wbga_futures_<hash>`.
    pub support: Ident,
    /// What goes to the real attribute and what stays plain Rust.
    pub shape: Shape<'a>,
    /// Whether a wrapper converts its error through the support module's check.
    pub checks_errors: bool,
}

/// What an item with async exports becomes.
pub enum Shape<'a> {
    /// A free `async fn` the real attribute takes as written.
    Fn(&'a ItemFn),
    /// A free `async fn` behind a wrapper: the wrapper is exported (under the user's JS
    /// name), the user's function stays plain Rust.
    WrappedFn(&'a ItemFn, ExportWrapper<'a>),
    /// An `impl` block.
    Impl {
        /// The block as modelled.
        block: &'a ExportImpl,
        /// Its items for the real attribute, in order.
        entries: Vec<Entry<'a>>,
        /// Methods that stay plain Rust: those behind wrappers, and the broken ones.
        plain: Vec<&'a ImplItemFn>,
    },
    /// An item with a mistake (already reported): plain Rust.
    Rejected(&'a syn::Item),
}

/// One item of an `impl` block for the real attribute.
pub enum Entry<'a> {
    /// As written.
    Kept(&'a ImplEntry),
    /// A hidden wrapper in place of an async method.
    Wrapped(ExportWrapper<'a>),
}

/// A hidden export returning `Result<T, JsValue>` in place of the user's async
/// function, which stays plain Rust. An export needs one when:
/// - it returns `Result<T, E>` with an `E` not written `JsValue` or `JsError`: the
///   wrapper converts the error as upstream does (`E: Into<JsValue>`). When `E` is not
///   `Into<JsValue>`, the conversion is the one error, at `E`, saying what to do; handed
///   to the real attribute as written, the same mistake is an error at the whole return
///   type naming `wasm_bindgen::__rt::IntoJsResult`;
/// - it is `abortable`: the wrapper takes an optional `AbortSignal` last
///   (`signal?: AbortSignal` in `.d.ts`) and runs the user's future under
///   `__rt::abortable`.
pub struct ExportWrapper<'a> {
    /// The user's signature.
    pub sig: &'a syn::Signature,
    /// The user's attributes (the wrapper keeps docs and `#[cfg]`s).
    pub attrs: &'a [Attribute],
    /// The user's visibility.
    pub vis: &'a Visibility,
    /// A method's own options, forwarded (a free function's are the outer attribute's).
    pub options: Option<&'a Options>,
    /// `js_name` to add (the user's name), when the user gave none.
    pub js_name: Option<String>,
    /// The hidden export's name, `__wbga_export_<name>`.
    pub ident: Ident,
    /// How the wrapper calls the user's function.
    pub call: Call,
    /// The typed arguments, each with a name the wrapper forwards (`__wbga_argN` for a
    /// pattern that is not a plain name).
    pub args: Vec<(Ident, &'a PatType)>,
    /// `T` (`None`: `()`, no return type).
    pub ok: Option<&'a Type>,
    /// What the user's function returns.
    pub returns: Returns<'a>,
    /// `abortable`: the name of the signal argument.
    pub signal: Option<Ident>,
    /// A stream (or iterator) export: `unchecked_return_type`, `AsyncIterableIterator<T>`
    /// (or `IterableIterator<T>`) with the item's TypeScript type.
    pub ts_return: Option<String>,
}

/// How a wrapper calls the user's function.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Call {
    /// A free function: `name(..)`.
    Function,
    /// A method taking `self`: `self.name(..)`.
    Method,
    /// An associated function: `Self::name(..)`.
    Associated,
}

/// What an export behind a wrapper returns.
#[derive(Clone)]
pub enum Returns<'a> {
    /// `T` (or nothing): always `Ok`.
    Plain,
    /// `Result<T, JsValue>` or `Result<T, JsError>`: `Err` converted with `Into`.
    JsError,
    /// `Result<T, E>` with any other `E`: `Err` through the support module's check.
    Checked(&'a Type),
    /// A stream export (`impl Stream<Item = I>`): JS gets an async iterator, each item
    /// converted with `Into<JsValue>`; a `Result` item's `Err` rejects that `next()`. Or
    /// an iterator export (`impl Iterator<Item = I>`): JS gets a sync iterator, and an
    /// `Err` item throws from that `next()`.
    Stream {
        /// `I`.
        item: Box<Type>,
        /// `I` is `Result<T, E>`: `T` and `E`.
        result: Option<Box<ItemResult>>,
        /// Which.
        many: Many,
    },
}

/// `T` and `E` of an item `Result<T, E>`.
#[derive(Clone)]
pub struct ItemResult {
    /// `T`.
    pub ok: Type,
    /// `E`, where written.
    pub err: Option<Type>,
}

/// Lowers one item with async exports; `outer` are the facts of the outer attribute.
pub fn export<'a>(item: &'a ExportItem, outer: &Facts) -> LoweredExport<'a> {
    let hashed = match item {
        ExportItem::Fn(item) => item.to_token_stream().to_string(),
        ExportItem::Rejected(item) => item.to_token_stream().to_string(),
        ExportItem::Impl(block) => impl_text(block),
    };
    let support = hidden_name("futures", &hashed);
    let shape = match item {
        ExportItem::Fn(item) => match wrapper(&item.sig, outer, Call::Function) {
            Some(wrapper) => Shape::WrappedFn(
                item,
                ExportWrapper {
                    attrs: &item.attrs,
                    vis: &item.vis,
                    ..wrapper
                },
            ),
            None => Shape::Fn(item),
        },
        ExportItem::Rejected(item) => Shape::Rejected(item),
        ExportItem::Impl(block) => impl_block(block),
    };
    let checks_errors = match &shape {
        Shape::WrappedFn(_, wrapper) => wrapper.checks_errors(),
        Shape::Impl { entries, .. } => entries
            .iter()
            .any(|entry| matches!(entry, Entry::Wrapped(wrapper) if wrapper.checks_errors())),
        _ => false,
    };
    LoweredExport {
        support,
        shape,
        checks_errors,
    }
}

/// The text an `impl` block's support module name is hashed from: the block as the
/// user wrote it, its broken methods last.
fn impl_text(block: &ExportImpl) -> String {
    let mut shell = block.shell.clone();
    shell.items = block
        .entries
        .iter()
        .map(|entry| match entry {
            ImplEntry::Other(item) => (**item).clone(),
            ImplEntry::Async(method) => syn::ImplItem::Fn(method.method.clone()),
        })
        .collect();
    let mut text = shell.to_token_stream().to_string();
    for method in &block.broken {
        text.push_str(&method.to_token_stream().to_string());
    }
    text
}

fn impl_block(block: &ExportImpl) -> Shape<'_> {
    let mut entries = Vec::with_capacity(block.entries.len());
    let mut plain = Vec::new();
    for entry in &block.entries {
        let wrapped = match entry {
            ImplEntry::Async(method) => {
                let call = match method.method.sig.receiver() {
                    Some(_) => Call::Method,
                    None => Call::Associated,
                };
                wrapper(&method.method.sig, &method.options.facts, call).map(|wrapper| {
                    plain.push(&method.method);
                    ExportWrapper {
                        attrs: &method.method.attrs,
                        vis: &method.method.vis,
                        options: Some(&method.options.forwarded),
                        ..wrapper
                    }
                })
            }
            ImplEntry::Other(_) => None,
        };
        entries.push(match wrapped {
            Some(wrapper) => Entry::Wrapped(wrapper),
            None => Entry::Kept(entry),
        });
    }
    plain.extend(&block.broken);
    Shape::Impl {
        block,
        entries,
        plain,
    }
}

/// The wrapper an export needs (with the user's attributes, visibility and options
/// still to fill in): if it is `abortable`, or returns `Result<T, E>` with an `E` other
/// than `JsValue`/`JsError`; never for one whose JS name or role the wrapper would
/// change (`start`, `main`, `constructor`, `getter`, `setter`; `abortable` is an error
/// there, reported by the model).
fn wrapper<'a>(sig: &'a syn::Signature, facts: &Facts, call: Call) -> Option<ExportWrapper<'a>> {
    if facts.fixed_shape.is_some() {
        return None;
    }
    let signal = facts.abortable.as_ref().map(|_| signal_name(sig));
    let (ok, returns, ts_return) = match shape(sig) {
        // A stream or iterator export always goes behind a wrapper.
        Some(shape) => shape,
        None if signal.is_some() => {
            let (ok, returns) = output_type(sig);
            (ok, returns, None)
        }
        None => return None,
    };
    Some(ExportWrapper {
        sig,
        attrs: &[],
        vis: &Visibility::Inherited,
        options: None,
        js_name: (!facts.js_name).then(|| sig.ident.unraw().to_string()),
        ident: quote::format_ident!(
            "__wbga_export_{}",
            sig.ident.unraw(),
            span = Span::call_site()
        ),
        call,
        args: arguments(sig),
        ok,
        returns,
        signal,
        ts_return,
    })
}

/// What a wrapper of `sig` returns (`T`, how, and the `.d.ts` return type it sets),
/// where the export needs a wrapper whatever its options: a stream or iterator export, or
/// an error other than `JsValue`/`JsError`. `None` for the others: plain returns and
/// `Result<T, JsValue>` (or `JsError`) need one only under `abortable`.
fn shape(sig: &syn::Signature) -> Option<(Option<&Type>, Returns<'_>, Option<String>)> {
    if let Some((many, item)) = crate::model::imports::many_bound(&sig.output)
        .filter(|_| sig.asyncness.is_none())
        .and_then(|(many, bound)| Some((many, crate::model::imports::item_type(bound)?)))
    {
        let result = item_result(&item).map(Box::new);
        let shown = ts_type(result.as_ref().map_or(&item, |result| &result.ok));
        let ts_return = match many {
            Many::Stream => format!("AsyncIterableIterator<{shown}>"),
            Many::Iterator => format!("IterableIterator<{shown}>"),
        };
        let returns = Returns::Stream {
            item: Box::new(item),
            result,
            many,
        };
        return Some((None, returns, Some(ts_return)));
    }
    match result_types(sig) {
        Some((ok, err)) => {
            let js_error = matches!(ungroup(err), Type::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "JsValue" || last.ident == "JsError"));
            if js_error {
                None
            } else {
                Some((Some(ok), Returns::Checked(err), None))
            }
        }
        None => None,
    }
}

/// `T` of an export's `-> T` (`None` for `()`), or of its `-> Result<T, JsValue>`
/// (`JsError`), as an `abortable` wrapper returns it.
fn output_type(sig: &syn::Signature) -> (Option<&Type>, Returns<'_>) {
    match result_types(sig) {
        Some((ok, _)) => (Some(ok), Returns::JsError),
        None => (
            match &sig.output {
                syn::ReturnType::Type(_, ty) => Some(&**ty),
                syn::ReturnType::Default => None,
            },
            Returns::Plain,
        ),
    }
}

/// `T` and `E` of a stream (or iterator) export's item `Result<T, E>` (named `Result`),
/// read as a `catch` import's return is: `E` is `None` where it is not written
/// (`Result<T>` with a default error, left to inference).
fn item_result(item: &Type) -> Option<ItemResult> {
    let Type::Path(path) = ungroup(item) else {
        return None;
    };
    if path.path.segments.last()?.ident != "Result" {
        return None;
    }
    let (ok, err) = crate::model::imports::result_args(item)?;
    Some(ItemResult { ok, err })
}

/// The TypeScript type of a value JS gets as `ty` (through `Into<JsValue>`), as
/// wasm-bindgen writes it in `.d.ts` for the types it knows by name; `any` for the others
/// (imported types, exported structs: their names may not be declared in the module).
fn ts_type(ty: &Type) -> String {
    let Type::Path(path) = ungroup(ty) else {
        return if matches!(ungroup(ty), Type::Tuple(tuple) if tuple.elems.is_empty()) {
            "undefined".to_owned()
        } else {
            "any".to_owned()
        };
    };
    let Some(last) = path.path.segments.last() else {
        return "any".to_owned();
    };
    let name = last.ident.to_string();
    match name.as_str() {
        "u8" | "u16" | "u32" | "usize" | "i8" | "i16" | "i32" | "isize" | "f32" | "f64"
        | "Number" => "number".to_owned(),
        "u64" | "i64" | "u128" | "i128" | "BigInt" => "bigint".to_owned(),
        "bool" | "Boolean" => "boolean".to_owned(),
        "String" | "char" | "JsString" => "string".to_owned(),
        "Option" => match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(syn::GenericArgument::Type(inner)) => {
                    format!("{} | undefined", ts_type(inner))
                }
                _ => "any".to_owned(),
            },
            _ => "any".to_owned(),
        },
        // (As upstream types them: a vector of numbers is the typed array.)
        "Vec" | "Box" => match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(syn::GenericArgument::Type(inner)) => vector_ts_type(inner),
                _ => "any".to_owned(),
            },
            _ => "any".to_owned(),
        },
        "Uint8Array" | "Int8Array" | "Uint16Array" | "Int16Array" | "Uint32Array"
        | "Int32Array" | "Float32Array" | "Float64Array" | "ArrayBuffer" | "Date" | "RegExp"
        | "Error" | "Function" => name,
        _ => "any".to_owned(),
    }
}

/// The TypeScript type of `Vec<T>` (or `Box<[T]>`) for an element type `T`.
fn vector_ts_type(element: &Type) -> String {
    let element = match ungroup(element) {
        Type::Slice(slice) => &*slice.elem,
        other => other,
    };
    let Type::Path(path) = ungroup(element) else {
        return "any".to_owned();
    };
    let name = path
        .path
        .segments
        .last()
        .map(|last| last.ident.to_string())
        .unwrap_or_default();
    match name.as_str() {
        "u8" => "Uint8Array",
        "i8" => "Int8Array",
        "u16" => "Uint16Array",
        "i16" => "Int16Array",
        "u32" | "usize" => "Uint32Array",
        "i32" | "isize" => "Int32Array",
        "f32" => "Float32Array",
        "f64" => "Float64Array",
        "u64" => "BigUint64Array",
        "i64" => "BigInt64Array",
        "String" | "JsString" => "string[]",
        _ => "any",
    }
    .to_owned()
}

impl ExportWrapper<'_> {
    /// Whether the error goes through the support module's check.
    fn checks_errors(&self) -> bool {
        matches!(self.returns, Returns::Checked(_))
    }
}

/// `T` and `E` of a `-> Result<T, E>` (written with two type arguments).
fn result_types(sig: &syn::Signature) -> Option<(&Type, &Type)> {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return None;
    };
    let Type::Path(path) = ungroup(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<&Type> = args
        .args
        .iter()
        .filter_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .collect();
    (last.ident == "Result" && args.args.len() == 2 && types.len() == 2)
        .then(|| (types[0], types[1]))
}

/// `signal`, or `abort_signal` if an argument is already called `signal`.
fn signal_name(sig: &syn::Signature) -> Ident {
    let taken = sig.inputs.iter().any(|input| {
        matches!(input, FnArg::Typed(arg) if matches!(ungroup_pat(&arg.pat), Pat::Ident(pat) if pat.ident == "signal"))
    });
    Ident::new(
        if taken { "abort_signal" } else { "signal" },
        Span::mixed_site(),
    )
}

/// The typed arguments, each with the name the wrapper's parameter takes: the name of a
/// plain binding (`mut n`, `ref name`, `x @ ..` bind `n`, `name`, `x`), else `argN` (N
/// counting typed arguments only), as upstream names them in `.d.ts`. Generated names
/// are hygienic: they cannot clash with the user's.
fn arguments(sig: &syn::Signature) -> Vec<(Ident, &PatType)> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(arg) => Some(arg),
            FnArg::Receiver(_) => None,
        })
        .enumerate()
        .map(|(i, arg)| {
            let name = match ungroup_pat(&arg.pat) {
                Pat::Ident(pat) => pat.ident.clone(),
                _ => Ident::new(&format!("arg{i}"), Span::mixed_site()),
            };
            (name, arg)
        })
        .collect()
}

fn ungroup_pat(pat: &Pat) -> &Pat {
    match pat {
        Pat::Paren(paren) => ungroup_pat(&paren.pat),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exports::{async_fn, async_impl};
    use crate::model::Errors;
    use quote::quote;
    use syn::parse_quote;

    fn wraps(sig: syn::Signature, options: proc_macro2::TokenStream) -> bool {
        let options: Options = syn::parse2(options).unwrap();
        wrapper(&sig, &Facts::read(&options), Call::Function).is_some()
    }

    #[test]
    fn wrappers_only_for_errors_other_than_js_values_and_for_abortable() {
        assert!(wraps(
            parse_quote!(async fn f() -> Result<u32, MyError>),
            quote!()
        ));
        assert!(wraps(
            parse_quote!(async fn f() -> Result<(), String>),
            quote!()
        ));
        assert!(wraps(parse_quote!(async fn f() -> u32), quote!(abortable)));
        assert!(!wraps(
            parse_quote!(async fn f() -> Result<u32, JsValue>),
            quote!()
        ));
        assert!(!wraps(
            parse_quote!(async fn f() -> Result<u32, wasm_bindgen::JsError>),
            quote!()
        ));
        assert!(!wraps(parse_quote!(async fn f() -> u32), quote!()));
        assert!(!wraps(
            parse_quote!(async fn f() -> JsResult<u32>),
            quote!()
        ));
        assert!(!wraps(
            parse_quote!(async fn f() -> Pair<u32, MyError>),
            quote!()
        ));
        for kept in [quote!(start), quote!(getter), quote!(constructor)] {
            assert!(!wraps(
                parse_quote!(async fn f() -> Result<u32, MyError>),
                kept
            ));
        }
    }

    #[test]
    fn stream_and_iterator_items_are_typed_as_upstream_types_values() {
        let ts = |ty: syn::Type| ts_type(&ty);
        assert_eq!(ts(parse_quote!(u32)), "number");
        assert_eq!(ts(parse_quote!(Option<String>)), "string | undefined");
        assert_eq!(ts(parse_quote!(Vec<u8>)), "Uint8Array");
        assert_eq!(ts(parse_quote!(Box<[f64]>)), "Float64Array");
        assert_eq!(ts(parse_quote!(Vec<i64>)), "BigInt64Array");
        assert_eq!(ts(parse_quote!(Vec<String>)), "string[]");
        assert_eq!(ts(parse_quote!(js_sys::Uint8Array)), "Uint8Array");
        assert_eq!(ts(parse_quote!(Vec<Point>)), "any");
        assert_eq!(ts(parse_quote!(JsValue)), "any");
    }

    #[test]
    fn wrapper_arguments_are_named_as_upstream_names_them() {
        let sig: syn::Signature = parse_quote!(async fn f(&self, a: u32, mut b: u32, ref c: u32, d @ _: u32, _: u32) -> Result<u32, E>);
        let names: Vec<String> = arguments(&sig)
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(
            names,
            ["a", "b", "c", "d", "arg4"],
            "as upstream's .d.ts: a binding's name, else `argN` counting typed arguments"
        );
    }

    #[test]
    fn methods_behind_wrappers_and_broken_ones_stay_plain() {
        let item = async_impl(
            parse_quote! {
                impl Thing {
                    pub fn check(&self) -> Result<u32, MyError> { Ok(0) }
                    pub async fn load(&self) -> Result<u32, MyError> { Ok(0) }
                    pub async fn fine(&self) {}
                    pub async fn make() -> Result<u32, MyError> { Ok(0) }
                    #[wasm_bindgen(js_name = 3)]
                    pub async fn size(&self) -> u32 { 0 }
                }
            },
            &mut Errors::default(),
        );
        let lowered = export(&item, &Facts::default());
        let Shape::Impl { entries, plain, .. } = lowered.shape else {
            panic!("expected an impl")
        };
        let wrapped: Vec<(String, Call)> = entries
            .iter()
            .filter_map(|entry| match entry {
                Entry::Wrapped(wrapper) => Some((wrapper.ident.to_string(), wrapper.call)),
                Entry::Kept(_) => None,
            })
            .collect();
        assert_eq!(
            wrapped,
            [
                ("__wbga_export_load".to_owned(), Call::Method),
                ("__wbga_export_make".to_owned(), Call::Associated)
            ]
        );
        assert_eq!(entries.len(), 4, "the broken method left the block");
        let plain: Vec<String> = plain.iter().map(|m| m.sig.ident.to_string()).collect();
        assert_eq!(plain, ["load", "make", "size"]);
        assert!(lowered.checks_errors);
    }

    #[test]
    fn a_wrapped_free_function_keeps_the_user_s_js_name() {
        let lower = |options: proc_macro2::TokenStream| {
            let options: Options = syn::parse2(options).unwrap();
            let facts = Facts::read(&options);
            let item = async_fn(
                parse_quote!(
                    async fn r#load() -> Result<u32, MyError> {
                        Ok(0)
                    }
                ),
                &facts,
                &mut Errors::default(),
            );
            match export(&item, &facts).shape {
                Shape::WrappedFn(_, wrapper) => wrapper.js_name,
                _ => panic!("expected a wrapper"),
            }
        };
        assert_eq!(lower(quote!()).as_deref(), Some("load"));
        assert_eq!(lower(quote!(js_name = "loadIt")), None);
    }

    #[test]
    fn module_name_is_stable_and_per_item() {
        let lower = |item: syn::ItemFn| {
            let item = async_fn(item, &Facts::default(), &mut Errors::default());
            export(&item, &Facts::default()).support
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
