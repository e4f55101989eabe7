//! The model of an extern block with async imports.
//!
//! An import with a mistake becomes [`ImportEntry::Broken`], which still yields a
//! function of the declared signature so that the rest of the crate keeps type-checking.

use proc_macro2::Span;
use syn::{Attribute, FnArg, ForeignItem, ForeignItemFn, Ident, Pat, Type, Visibility};

use super::options::{self, Checked, Facts};
use super::Errors;
use crate::parse;

/// An extern block with async imports.
pub struct ImportBlock {
    /// Outer attributes of the block other than ours (`#[cfg]`, `#[allow]`, docs).
    pub attrs: Vec<Attribute>,
    /// `unsafe` before `extern`, if written.
    pub unsafety: Option<syn::token::Unsafe>,
    /// `extern "C"`.
    pub abi: syn::Abi,
    /// The block's items in their order.
    pub entries: Vec<ImportEntry>,
}

impl ImportBlock {
    /// The block's `#[cfg]` attributes, which must also guard everything generated
    /// outside the block.
    pub fn cfg_attrs(&self) -> impl Iterator<Item = &Attribute> {
        parse::cfg_attrs(&self.attrs)
    }
}

/// One item of an extern block.
pub enum ImportEntry {
    /// A synchronous item (type, static, fn): passed through untouched.
    Sync(Box<ForeignItem>),
    /// A well-formed `async fn` import, or stream import.
    Async(Box<AsyncImport>),
    /// An `async fn` or stream import with a mistake (already reported), and as much of
    /// its receiver as could be understood.
    Broken(Box<ForeignItemFn>, Receiver),
}

/// An `async fn` in an extern block, or a stream or iterator import (a `fn` returning
/// `impl Stream<Item = T>` or `impl Iterator<Item = T>`): the same model, but the JS
/// function's return is read as an async (or sync) iterable instead of awaited as a
/// promise, and [`AsyncImport::ret`] describes each item.
pub struct AsyncImport {
    /// The options of the user's `#[wasm_bindgen(...)]` attributes, checked.
    pub options: Checked,
    /// Every other attribute (docs, `#[cfg]`, `#[allow]`, `#[deprecated]`...).
    pub attrs: Vec<Attribute>,
    /// Declared visibility.
    pub vis: Visibility,
    /// `unsafe`, if written (`safe`, allowed in `unsafe extern` blocks, is dropped: the
    /// wrapper lives outside the block).
    pub unsafety: Option<syn::token::Unsafe>,
    /// The `async` keyword (none for a stream or iterator import).
    pub asyncness: Option<syn::token::Async>,
    /// A stream or iterator import: `ret` is the item's.
    pub many: Option<Many>,
    /// The Rust name.
    pub ident: Ident,
    /// How the import is called.
    pub receiver: Receiver,
    /// Arguments other than a method's `this`.
    pub args: Vec<Arg>,
    /// Generic parameters and `where` clause, as written (upstream accepts generic
    /// imports; the hidden import and the wrapper both carry them).
    pub generics: syn::Generics,
    /// The declared return type, as written (`-> R` or nothing).
    pub output: syn::ReturnType,
    /// What the awaited promise becomes (for a stream import, each item).
    pub ret: ImportReturn,
    /// `abortable`: the JS function gets an `AbortSignal`, aborted when the future is
    /// dropped before the promise settles: `Some(None)` as its last argument,
    /// `Some(Some(i))` as its `i`-th one (among `args`, after `this`), where the
    /// declaration has an argument typed `AbortSignal`, which is not in `args` (the Rust
    /// caller does not pass it).
    pub abortable: Option<Option<usize>>,
}

/// How an import is called from Rust.
pub enum Receiver {
    /// A free function.
    Free,
    /// `method`: `this: &Type` becomes `&self` of an inherent method on `Type`.
    Method {
        /// `Type` in `this: &Type`.
        class: Box<Type>,
    },
    /// `static_method_of = Type`: an associated function of `Type`.
    Static {
        /// The option's type.
        class: Box<Type>,
    },
}

impl Receiver {
    /// The type whose `impl` holds the wrapper, for methods and static methods.
    pub fn class(&self) -> Option<&Type> {
        match self {
            Receiver::Free => None,
            Receiver::Method { class } | Receiver::Static { class } => Some(class),
        }
    }
}

/// One argument.
pub struct Arg {
    /// The argument's attributes (rare, but they survive).
    pub attrs: Vec<Attribute>,
    /// Its name; `_` is given a generated name so that it can be forwarded.
    pub ident: Ident,
    /// Its type.
    pub ty: Box<Type>,
}

/// What an import's promise resolves to, and how a rejection is reported.
pub enum ImportReturn {
    /// No return type, or `()`: the resolved value is discarded; a rejection panics.
    Unit,
    /// `-> T`: the promise is awaited as `Promise<T>`; a rejection panics.
    Value(Box<Type>),
    /// `catch` with `-> Result<T, E>`, or a `Result` by another name: rejection and
    /// synchronous throw are `Err(E)`.
    Catch {
        /// `T` (as upstream reads it: the first type argument), or `None` for `()`.
        ok: Option<Box<Type>>,
        /// `E` when written as `Result<T, E>`; `None` for an alias (`JsResult<T>`) or a
        /// `Result` with a default error type, whose `E` the type checker infers.
        err: Option<Box<Type>>,
    },
}

impl ImportReturn {
    /// The type the promise resolves to, if the value is kept.
    pub fn resolved(&self) -> Option<&Type> {
        match self {
            ImportReturn::Value(ty) | ImportReturn::Catch { ok: Some(ty), .. } => Some(ty),
            _ => None,
        }
    }
}

/// Whether `item` is ours to lower: an `async fn` import, or a stream or iterator import
/// (a `fn` returning `impl Stream<..>` or `impl Iterator<..>`, which upstream's attribute
/// rejects).
pub fn is_lowered(item: &ForeignItem) -> bool {
    matches!(item, ForeignItem::Fn(f)
        if f.sig.asyncness.is_some() || many_bound(&f.sig.output).is_some())
}

/// Many values across the boundary: a stream (JS: an async iterable) or an iterator (JS:
/// a sync iterable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Many {
    /// `impl Stream<Item = T>`.
    Stream,
    /// `impl Iterator<Item = T>`.
    Iterator,
}

impl Many {
    /// "stream" or "iterator", for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Many::Stream => "stream",
            Many::Iterator => "iterator",
        }
    }

    /// The trait, as written.
    pub fn trait_name(self) -> &'static str {
        match self {
            Many::Stream => "Stream",
            Many::Iterator => "Iterator",
        }
    }

    /// "a stream" or "an iterator", for messages.
    pub fn article(self) -> &'static str {
        match self {
            Many::Stream => "a stream",
            Many::Iterator => "an iterator",
        }
    }

    /// What JS has on its side: "async iterable" or "iterable", for messages.
    pub fn js_iterable(self) -> &'static str {
        match self {
            Many::Stream => "async iterable",
            Many::Iterator => "iterable",
        }
    }

    /// What JS gets from an export: "an async iterator" or "an iterator", for messages.
    pub fn js_iterator(self) -> &'static str {
        match self {
            Many::Stream => "an async iterator",
            Many::Iterator => "an iterator",
        }
    }
}

/// The traits an `impl` return names for an iterator: `Iterator` and the standard
/// library's traits built on it (an export hands on what `IntoIterator::into_iter` gives;
/// an import's iterator is `Iterator`, `IntoIterator` and `FusedIterator` only).
const ITERATOR_TRAITS: [&str; 5] = [
    "Iterator",
    "IntoIterator",
    "FusedIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// The `Stream<..>` or `Iterator<..>` bound of a return type `impl Stream<..>` or `impl
/// Iterator<..>` (the last path segment so named, as `futures::Stream`,
/// `futures_core::Stream` and `core::iter::Iterator` are), and which.
pub fn many_bound(output: &syn::ReturnType) -> Option<(Many, &syn::TraitBound)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::ImplTrait(bounds) = ungroup(ty) else {
        return None;
    };
    bounds.bounds.iter().find_map(|bound| match bound {
        syn::TypeParamBound::Trait(bound) => {
            let last = bound.path.segments.last()?;
            if last.ident == "Stream" {
                Some((Many::Stream, bound))
            } else if ITERATOR_TRAITS.iter().any(|name| last.ident == name) {
                Some((Many::Iterator, bound))
            } else {
                None
            }
        }
        _ => None,
    })
}

/// `T` of `Stream<Item = T>` (or `Iterator<..>`), or an error at the bound.
fn many_item(many: Many, bound: &syn::TraitBound) -> Result<Type, syn::Error> {
    item_type(bound).ok_or_else(|| {
        syn::Error::new_spanned(
            bound,
            format!(
                "{} import names its item type: `impl {}<Item = T>` (each value the JS {} \
                 yields becomes a `T`)",
                many.article(),
                many.trait_name(),
                many.js_iterable()
            ),
        )
    })
}

/// `T` of `Item = T` in a `Stream<..>` or `Iterator<..>` bound.
pub fn item_type(bound: &syn::TraitBound) -> Option<Type> {
    bound
        .path
        .segments
        .last()
        .and_then(|last| match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => {
                args.args.iter().find_map(|arg| match arg {
                    syn::GenericArgument::AssocType(assoc) if assoc.ident == "Item" => {
                        Some(assoc.ty.clone())
                    }
                    _ => None,
                })
            }
            _ => None,
        })
}

/// Builds the model of an extern block with at least one async import.
pub fn block(block: syn::ItemForeignMod, errors: &mut Errors) -> ImportBlock {
    let entries = block
        .items
        .into_iter()
        .map(|item| match item {
            ForeignItem::Fn(f)
                if f.sig.asyncness.is_some() || many_bound(&f.sig.output).is_some() =>
            {
                async_import(f, errors)
            }
            other => ImportEntry::Sync(Box::new(other)),
        })
        .collect();
    ImportBlock {
        attrs: block.attrs,
        unsafety: block.unsafety,
        abi: block.abi,
        entries,
    }
}

/// Builds the model of an extern block's `async fn`.
pub fn async_import(item: ForeignItemFn, errors: &mut Errors) -> ImportEntry {
    let mark = errors.mark();
    let options = options::check_attrs(&item.attrs, errors);
    let facts = &options.facts;
    let many = many_bound(&item.sig.output);
    let what = match many {
        Some((many, _)) if item.sig.asyncness.is_none() => format!("{} import", many.article()),
        _ => "`async`".to_owned(),
    };
    combinations(facts, &what, errors);
    if let Some(variadic) = &item.sig.variadic {
        errors.push(syn::Error::new_spanned(
            variadic,
            "C variadics are not supported; use `#[wasm_bindgen(variadic)]` \
             with a slice as the last argument",
        ));
    }
    let mut inputs = item.sig.inputs.iter().enumerate();
    let receiver = receiver(facts, &mut inputs, errors);
    let mut args = arguments(inputs, errors);
    let abortable = if facts.abortable.is_some() {
        signal_position(&mut args, errors)
    } else {
        None
    };
    // A `Result` without `catch` is reported only when no option was at fault (a
    // mistyped or rejected `catch` is the one error then).
    let options_clean = !errors.any_since(mark);
    let ret = match (many, &item.sig.asyncness) {
        (Some((many, _)), Some(asyncness)) => {
            errors.push(syn::Error::new_spanned(
                asyncness,
                format!(
                    "{} import is not `async`: the JS function is called when the Rust \
                     function is, and its {} is read item by item; remove `async`",
                    many.article(),
                    many.js_iterable()
                ),
            ));
            ImportReturn::Unit
        }
        (Some((Many::Iterator, bound)), None)
            if bound.path.segments.last().is_some_and(|last| {
                last.ident == "DoubleEndedIterator" || last.ident == "ExactSizeIterator"
            }) =>
        {
            errors.push(syn::Error::new_spanned(
                bound,
                "an iterator import returns `impl Iterator<Item = T>` (or `IntoIterator`, \
                 `FusedIterator`): a JS iterator has no length and no back end",
            ));
            ImportReturn::Unit
        }
        (Some((many, bound)), None) => match many_item(many, bound) {
            Ok(item_ty) => {
                let output = syn::ReturnType::Type(Default::default(), Box::new(item_ty));
                import_return(facts, &output, options_clean, Shape::Many(many), errors)
            }
            Err(error) => {
                errors.push(error);
                ImportReturn::Unit
            }
        },
        (None, _) => import_return(
            facts,
            &item.sig.output,
            options_clean,
            Shape::Future,
            errors,
        ),
    };

    if errors.any_since(mark) {
        return ImportEntry::Broken(Box::new(item), receiver);
    }
    let (_, attrs) = parse::split_bindgen_attrs(item.attrs);
    ImportEntry::Async(Box::new(AsyncImport {
        options,
        attrs,
        vis: item.vis,
        unsafety: match item.sig.safety {
            syn::Safety::Unsafe(unsafety) => Some(unsafety),
            _ => None,
        },
        asyncness: item.sig.asyncness,
        many: many.map(|(many, _)| many),
        ident: item.sig.ident,
        receiver,
        args,
        generics: item.sig.generics,
        output: item.sig.output,
        ret,
        abortable,
    }))
}

/// Options that cannot go with `async` (`what`: or with a stream import) or with each
/// other on an import.
fn combinations(facts: &Facts, what: &str, errors: &mut Errors) {
    for (name, why) in &facts.sync_only {
        let remedy = if what == "`async`" {
            "Remove `async` (and return `Promise<T>` if the JS side returns one)"
        } else {
            "Return the JS value instead (`JsValue`)"
        };
        errors.push(syn::Error::new_spanned(
            name,
            format!("{what} cannot be combined with `{name}`: {why}. {remedy}"),
        ));
    }
    if facts.abortable.is_some() {
        for name in &facts.fixed_arity {
            errors.push(syn::Error::new_spanned(
                name,
                format!(
                    "`abortable` passes an `AbortSignal` argument, which `{name}` \
                     cannot take: remove one of the two"
                ),
            ));
        }
    }
}

type Inputs<'a> = std::iter::Enumerate<syn::punctuated::Iter<'a, FnArg>>;

/// How the import is called: `method` takes the class from `this: &Type` (consumed from
/// `inputs`), `static_method_of` from its value.
fn receiver(facts: &Facts, inputs: &mut Inputs, errors: &mut Errors) -> Receiver {
    if let Some(method) = &facts.method {
        let message = match inputs.next() {
            Some((_, FnArg::Typed(this))) => match ungroup(&this.ty) {
                Type::Reference(reference) if reference.mutability.is_none() => {
                    return Receiver::Method {
                        class: reference.elem.clone(),
                    }
                }
                other => syn::Error::new_spanned(
                    other,
                    "the first argument of a `method` import is the JS `this` \
                     and must be a shared reference: `this: &Type`",
                ),
            },
            Some((_, FnArg::Receiver(receiver))) => syn::Error::new_spanned(
                receiver,
                "imports take no `self`: the JS `this` is declared as the first argument, \
                 `this: &Type`",
            ),
            None => syn::Error::new_spanned(
                method,
                "a `method` import needs `this: &Type` as its first argument",
            ),
        };
        errors.push(message);
        return Receiver::Free;
    }
    match &facts.static_method_of {
        Some((_, Some(class))) => Receiver::Static {
            class: Box::new(Type::Path(class.clone())),
        },
        // (A value that is no type was reported by the option check, which then drops
        // the option: this reads only checked options.)
        Some((_, None)) | None => Receiver::Free,
    }
}

/// The arguments after `this`, each with a name the wrapper can forward.
fn arguments(inputs: Inputs, errors: &mut Errors) -> Vec<Arg> {
    let mut args = Vec::new();
    for (i, input) in inputs {
        match input {
            FnArg::Typed(arg) => {
                let ident = match &*arg.pat {
                    Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                        pat.ident.clone()
                    }
                    Pat::Wild(_) => Ident::new(&format!("__wbga_arg{i}"), Span::mixed_site()),
                    other => {
                        errors.push(syn::Error::new_spanned(
                            other,
                            "arguments of imports must be plain names, such as `key: &str`",
                        ));
                        continue;
                    }
                };
                args.push(Arg {
                    attrs: arg.attrs.clone(),
                    ident,
                    ty: arg.ty.clone(),
                });
            }
            FnArg::Receiver(receiver) => errors.push(syn::Error::new_spanned(
                receiver,
                "imports take no `self`; declare `this: &Type` and add `#[wasm_bindgen(method)]`",
            )),
        }
    }
    args
}

/// Where an `abortable` import's declaration puts the signal: the argument typed
/// `AbortSignal` (or `&AbortSignal`), removed from `args`; `Some(None)` (last) when
/// there is none; `None` after an error (two such arguments).
fn signal_position(args: &mut Vec<Arg>, errors: &mut Errors) -> Option<Option<usize>> {
    let is_signal = |ty: &Type| {
        let ty = match ungroup(ty) {
            Type::Reference(reference) => ungroup(&reference.elem),
            other => other,
        };
        matches!(ty, Type::Path(path)
            if path.path.segments.last().is_some_and(|last| last.ident == "AbortSignal"))
    };
    let mut positions = args
        .iter()
        .enumerate()
        .filter(|(_, arg)| is_signal(&arg.ty));
    let first = positions.next().map(|(i, _)| i);
    if let Some((_, second)) = positions.next() {
        errors.push(syn::Error::new_spanned(
            &second.ty,
            "an `abortable` import gets one `AbortSignal`: declare one argument of that type \
             (where JS expects it), or none (then it is the last argument)",
        ));
        return None;
    }
    if let Some(i) = first {
        args.remove(i);
    }
    Some(first)
}

/// What an import's JS function returns: a promise, or an async iterable.
#[derive(Clone, Copy)]
enum Shape {
    Future,
    Many(Many),
}

fn import_return(
    facts: &Facts,
    output: &syn::ReturnType,
    options_clean: bool,
    shape: Shape,
    errors: &mut Errors,
) -> ImportReturn {
    let ty = match output {
        syn::ReturnType::Type(_, ty) if !is_unit(ty) => Some(ty),
        _ => None,
    };
    if let Some(ty) = ty {
        if let Type::Reference(reference) = ungroup(ty) {
            errors.push(syn::Error::new_spanned(
                reference,
                match shape {
                    Shape::Future => "async imports cannot return references: the value \
                                      outlives the call. Return an owned type such as \
                                      `String` or `JsValue`"
                        .to_owned(),
                    Shape::Many(many) => format!(
                        "{} import's items cannot be references: each outlives the \
                         call. Use an owned type such as `String` or `JsValue`",
                        many.article()
                    ),
                },
            ));
        }
    }
    let Some(catch) = &facts.catch else {
        return match ty {
            Some(ty) if options_clean && result_args(ty).is_some_and(|(_, err)| err.is_some()) => {
                errors.push(syn::Error::new_spanned(
                    ty,
                    match shape {
                        Shape::Future => "an async import returning `Result<T, E>` needs \
                                          `#[wasm_bindgen(catch)]`: with it, a rejection (or a \
                                          synchronous throw) becomes `Err(E)`; without it, \
                                          declare the resolved type alone (`-> T`) and a \
                                          rejection panics"
                            .to_owned(),
                        Shape::Many(many) => format!(
                            "{} import whose items are `Result<T, E>` needs \
                             `#[wasm_bindgen(catch)]`: with it, a {}throwing `next()` is \
                             one `Err(E)` that ends the {}; without it, declare `Item = T` \
                             and such an error panics",
                            many.article(),
                            if many == Many::Stream {
                                "rejected or "
                            } else {
                                ""
                            },
                            many.noun()
                        ),
                    },
                ));
                ImportReturn::Unit
            }
            Some(ty) => ImportReturn::Value(ty.clone()),
            None => ImportReturn::Unit,
        };
    };
    match ty.and_then(|ty| result_args(ty)) {
        Some((ok, err)) => ImportReturn::Catch {
            ok: (!is_unit(&ok)).then(|| Box::new(ok)),
            err: err.map(Box::new),
        },
        None => {
            let message = match shape {
                Shape::Future => "`catch` needs the return type `Result<T, E>` \
                                  (for example `Result<JsValue, JsValue>`, or \
                                  `Result<(), JsValue>` for no value): a rejection or a throw \
                                  becomes `Err(E)`"
                    .to_owned(),
                Shape::Many(many) => format!(
                    "`catch` on {} import needs items of type `Result<T, E>` (`impl \
                     {}<Item = Result<JsValue, JsValue>>`): a {}throwing `next()` becomes \
                     one `Err(E)`, which ends the {}",
                    many.article(),
                    many.trait_name(),
                    if many == Many::Stream {
                        "rejected or "
                    } else {
                        ""
                    },
                    many.noun()
                ),
            };
            errors.push(match ty {
                Some(ty) => syn::Error::new_spanned(ty, message),
                None => syn::Error::new_spanned(catch, message),
            });
            ImportReturn::Unit
        }
    }
}

/// `T` and `E` of a `catch` return, read as upstream reads it: `T` is the first type
/// argument of the path's last segment, whatever its name (`Result<T, E>`,
/// `JsResult<T>`, `Result<T>` with a default error type); `E` is known when the type
/// is written `Result<T, E>`.
pub(crate) fn result_args(ty: &Type) -> Option<(Type, Option<Type>)> {
    let Type::Path(path) = ungroup(ty) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty.clone()),
        _ => None,
    });
    let ok = types.next()?;
    let err = types.next();
    let written_out = last.ident == "Result" && args.args.len() == 2;
    Some((ok, err.filter(|_| written_out)))
}

fn is_unit(ty: &Type) -> bool {
    matches!(ungroup(ty), Type::Tuple(tuple) if tuple.elems.is_empty())
}

/// The type inside the invisible groups a `macro_rules!` fragment (`$t:ty`) leaves
/// around it, and inside parentheses.
pub(crate) fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::{Delimiter, Group};
    use quote::quote;
    use quote::ToTokens;
    use syn::parse_quote;

    fn model(item: ForeignItemFn) -> (ImportEntry, Vec<String>) {
        let mut errors = Errors::default();
        let entry = async_import(item, &mut errors);
        let messages = errors.messages();
        (entry, messages)
    }

    fn import(item: ForeignItemFn) -> AsyncImport {
        match model(item) {
            (ImportEntry::Async(import), errors) if errors.is_empty() => *import,
            (_, errors) => panic!("unexpected errors: {errors:?}"),
        }
    }

    #[test]
    fn abortable_signal_goes_last_or_where_declared() {
        let last = import(syn::parse_quote! {
            #[wasm_bindgen(abortable)]
            async fn load(url: &str) -> JsValue;
        });
        assert_eq!(last.abortable, Some(None));
        assert_eq!(last.args.len(), 1);
        let first = import(syn::parse_quote! {
            #[wasm_bindgen(abortable)]
            async fn load(signal: AbortSignal, url: &str) -> JsValue;
        });
        assert_eq!(first.abortable, Some(Some(0)));
        assert_eq!(first.args.len(), 1, "the signal is not a Rust argument");
        assert_eq!(first.args[0].ident, "url");
        assert!(
            !first
                .options
                .forwarded
                .to_token_stream()
                .to_string()
                .contains("abortable"),
            "never forwarded"
        );
        let plain = import(syn::parse_quote! {
            async fn load(signal: AbortSignal) -> JsValue;
        });
        assert_eq!(plain.abortable, None);
        assert_eq!(
            plain.args.len(),
            1,
            "without the option, an AbortSignal is an argument"
        );
    }

    #[test]
    fn catch_result_splits_ok_and_err() {
        let import = import(parse_quote! {
            #[wasm_bindgen(catch)]
            pub async fn load(key: &str) -> Result<u32, JsString>;
        });
        let ImportReturn::Catch { ok, err } = import.ret else {
            panic!("expected catch")
        };
        assert_eq!(ok.unwrap().to_token_stream().to_string(), "u32");
        assert_eq!(err.unwrap().to_token_stream().to_string(), "JsString");
    }

    #[test]
    fn catch_takes_results_by_other_names() {
        for ret in [
            quote!(JsResult<u32>),
            quote!(Result<u32>),
            quote!(io::Result<u32>),
            quote!(Res<u32, Extra>),
        ] {
            let import = import(parse_quote! {
                #[wasm_bindgen(catch)]
                async fn f() -> #ret;
            });
            let ImportReturn::Catch { ok, err } = import.ret else {
                panic!("expected catch for {ret}")
            };
            assert_eq!(ok.unwrap().to_token_stream().to_string(), "u32", "{ret}");
            assert!(err.is_none(), "{ret}: the error type is left to inference");
        }
    }

    #[test]
    fn types_from_macro_fragments_are_looked_through() {
        // What `$t:ty` and `$this:ty` become inside a `macro_rules!` expansion.
        let invisible = |tokens| Group::new(Delimiter::None, tokens);
        let ret = invisible(quote!(Result<u32, JsValue>));
        let this = invisible(quote!(&Client));
        let import = import(parse_quote! {
            #[wasm_bindgen(catch, method)]
            async fn f(this: #this) -> #ret;
        });
        assert!(matches!(import.receiver, Receiver::Method { .. }));
        let ImportReturn::Catch { ok, err } = import.ret else {
            panic!("expected catch")
        };
        assert_eq!(ok.unwrap().to_token_stream().to_string(), "u32");
        assert_eq!(err.unwrap().to_token_stream().to_string(), "JsValue");
    }

    #[test]
    fn parenthesized_types_are_looked_through() {
        let import = import(parse_quote! {
            #[wasm_bindgen(catch)]
            async fn f() -> (Result<u32, JsValue>);
        });
        assert!(matches!(
            import.ret,
            ImportReturn::Catch { err: Some(_), .. }
        ));
    }

    #[test]
    fn generic_imports_keep_their_generics() {
        let import = import(parse_quote! {
            async fn f<T: JsGeneric>(x: T) -> T where T: Clone;
        });
        assert_eq!(import.generics.params.len(), 1);
        assert!(import.generics.where_clause.is_some());
    }

    #[test]
    fn static_method_of_takes_a_type_in_a_string() {
        let import = import(parse_quote! {
            #[wasm_bindgen(static_method_of = "Foo")]
            async fn make() -> Foo;
        });
        let Receiver::Static { class } = import.receiver else {
            panic!("expected a static method")
        };
        assert_eq!(class.to_token_stream().to_string(), "Foo");
    }

    #[test]
    fn catch_unit_result_has_no_ok_type() {
        let import = import(parse_quote! {
            #[wasm_bindgen(catch)]
            async fn f() -> Result<(), JsValue>;
        });
        assert!(matches!(import.ret, ImportReturn::Catch { ok: None, .. }));
    }

    #[test]
    fn unit_and_values() {
        assert!(matches!(
            import(parse_quote!(
                async fn f();
            ))
            .ret,
            ImportReturn::Unit
        ));
        assert!(matches!(
            import(parse_quote!(
                async fn f() -> ();
            ))
            .ret,
            ImportReturn::Unit
        ));
        assert!(matches!(
            import(parse_quote!(
                async fn f() -> Option<u32>;
            ))
            .ret,
            ImportReturn::Value(_)
        ));
    }

    #[test]
    fn method_takes_class_from_this() {
        let import = import(parse_quote! {
            #[wasm_bindgen(method)]
            async fn fetch(this: &Client, url: &str) -> JsValue;
        });
        let Receiver::Method { class } = import.receiver else {
            panic!("expected a method")
        };
        assert_eq!(class.to_token_stream().to_string(), "Client");
        assert_eq!(import.args.len(), 1, "`this` is not a forwarded argument");
    }

    #[test]
    fn wildcard_arguments_get_names() {
        let import = import(parse_quote!(
            async fn f(_: u32, _: &str);
        ));
        let names: Vec<String> = import.args.iter().map(|a| a.ident.to_string()).collect();
        assert_eq!(names, ["__wbga_arg0", "__wbga_arg1"]);
    }

    #[test]
    fn each_mistake_is_one_error() {
        let cases: Vec<(ForeignItemFn, &str)> = vec![
            (
                parse_quote!(
                    #[wasm_bindgen(method, setter)]
                    async fn set_f(this: &Foo, v: u32);
                ),
                "`async` cannot be combined with `setter`",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(constructor)]
                    async fn f() -> Foo;
                ),
                "`async` cannot be combined with `constructor`",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(indexing_setter)]
                    async fn f(this: &Foo, i: u32, v: u32);
                ),
                "`async` cannot be combined with `indexing_setter`",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(catch)]
                    async fn f() -> u32;
                ),
                "`catch` needs the return type `Result<T, E>`",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(catch)]
                    async fn f();
                ),
                "`catch` needs the return type `Result<T, E>`",
            ),
            (
                parse_quote!(
                    async fn f() -> Result<u32, JsValue>;
                ),
                "needs `#[wasm_bindgen(catch)]`",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(method)]
                    async fn f(this: Foo);
                ),
                "must be a shared reference",
            ),
            (
                parse_quote!(
                    #[wasm_bindgen(method)]
                    async fn f(this: &mut Foo);
                ),
                "must be a shared reference",
            ),
            (
                parse_quote!(
                    async fn f(ref x: u32);
                ),
                "must be plain names",
            ),
            (
                parse_quote!(
                    async fn f(x @ _: u32);
                ),
                "must be plain names",
            ),
            (
                parse_quote!(
                    async fn f() -> &'static str;
                ),
                "cannot return references",
            ),
        ];
        for (item, expected) in cases {
            let (entry, errors) = model(item);
            assert!(matches!(entry, ImportEntry::Broken(..)));
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].contains(expected), "{errors:?} lacks {expected}");
        }
    }
}
