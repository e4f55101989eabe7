//! The model of async exports: a free `async fn`, or an `impl` block with async methods.
//!
//! Exports are checked here and then handed to the real attribute, which owns the JS
//! side of an async export (the `Promise<T>` typing in `.d.ts`, the borrow of `self` held
//! for the whole future). What it lacks, and what we add, is a futures path chosen by the
//! user's crate, and one clear error per mistake.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{FnArg, ImplItem, ImplItemFn, ItemFn, ItemImpl, Signature, Type};

use super::imports::ungroup;
use super::options::{self, Checked, Facts};
use super::Errors;

/// An item with async exports, checked.
pub enum ExportItem {
    /// A well-formed free `async fn` (its options are the outer attribute's).
    Fn(Box<ItemFn>),
    /// An `impl` block whose async methods are well-formed.
    Impl(Box<ExportImpl>),
    /// An item with a mistake (already reported), kept as plain Rust.
    Rejected(Box<syn::Item>),
}

/// An `impl` block with async methods.
pub struct ExportImpl {
    /// The block, its items taken out into `entries`.
    pub shell: ItemImpl,
    /// The block's items, in order, without the broken methods.
    pub entries: Vec<ImplEntry>,
    /// Async methods with a mistake (already reported), taken out of the block.
    pub broken: Vec<ImplItemFn>,
}

/// One item of an `impl` block with async exports.
pub enum ImplEntry {
    /// Anything but a well-formed async method: left to the real attribute.
    Other(Box<ImplItem>),
    /// A well-formed async method.
    Async(Box<AsyncMethod>),
}

/// A well-formed async method.
pub struct AsyncMethod {
    /// The method as written.
    pub method: ImplItemFn,
    /// Its own `#[wasm_bindgen(...)]` options, checked.
    pub options: Checked,
}

/// Whether `item` is an `async fn` (in a trait impl, whatever its visibility).
pub fn is_async_fn(item: &ImplItem) -> bool {
    matches!(item, ImplItem::Fn(f) if f.sig.asyncness.is_some())
}

/// Whether `item` is an exported `async fn` method or stream method: `pub` (only those
/// are exported).
pub fn is_async_method(item: &ImplItem) -> bool {
    matches!(item, ImplItem::Fn(f)
        if (f.sig.asyncness.is_some() || many_fn(&f.sig).is_some())
            && matches!(f.vis, syn::Visibility::Public(_)))
}

/// Whether `sig` is a stream or iterator export's (a `fn`, not `async`, returning `impl
/// Stream<..>` or `impl Iterator<..>`), and which.
pub fn many_fn(sig: &Signature) -> Option<super::imports::Many> {
    if sig.asyncness.is_some() {
        return None;
    }
    super::imports::many_bound(&sig.output).map(|(many, _)| many)
}

/// Whether `sig` is a stream export's: a `fn` (not `async`) returning `impl Stream<..>`.
pub fn is_stream_fn(sig: &Signature) -> bool {
    many_fn(sig) == Some(super::imports::Many::Stream)
}

/// Whether `item` is an `async fn` in a trait.
pub fn is_async_trait_fn(item: &syn::TraitItem) -> bool {
    matches!(item, syn::TraitItem::Fn(f) if f.sig.asyncness.is_some())
}

/// `async fn` in a trait or a trait impl: JS has no traits to call them through.
pub fn misplaced_async(item: syn::Item, errors: &mut Errors) -> ExportItem {
    let asyncness = match &item {
        syn::Item::Impl(block) => block.items.iter().find_map(|item| match item {
            ImplItem::Fn(f) => f.sig.asyncness,
            _ => None,
        }),
        syn::Item::Trait(block) => block.items.iter().find_map(|item| match item {
            syn::TraitItem::Fn(f) => f.sig.asyncness,
            _ => None,
        }),
        _ => None,
    };
    if let Some(asyncness) = asyncness {
        errors.push(syn::Error::new_spanned(
            asyncness,
            "`#[wasm_bindgen]` cannot export trait methods, async or not: JS has no traits. \
             Export an inherent `async fn` (in `impl Type { ... }`) that calls the trait \
             method, and remove `#[wasm_bindgen]` here",
        ));
    }
    ExportItem::Rejected(Box::new(item))
}

/// Checks a free `async fn` carrying the outer options' `facts`.
pub fn async_fn(item: ItemFn, facts: &Facts, errors: &mut Errors) -> ExportItem {
    let mark = errors.mark();
    if facts.start && !item.sig.inputs.is_empty() {
        errors.push(syn::Error::new_spanned(
            &item.sig.inputs,
            "a `start` function is called by the JS glue with no arguments; remove them \
             and fetch what it needs from JS inside it",
        ));
    }
    check_shape(&item.sig, facts, errors);
    check_signature(&item.sig, errors);
    if errors.any_since(mark) {
        ExportItem::Rejected(Box::new(syn::Item::Fn(item)))
    } else {
        ExportItem::Fn(Box::new(item))
    }
}

/// Checks the async methods of an `impl` block; broken ones are taken out of it.
pub fn async_impl(mut shell: ItemImpl, errors: &mut Errors) -> ExportItem {
    let mut broken = Vec::new();
    let mut entries = Vec::with_capacity(shell.items.len());
    for item in std::mem::take(&mut shell.items) {
        match item {
            // Only `pub` methods are exported (as upstream exports them); any other async
            // method is a plain Rust helper of the type, left as written.
            ImplItem::Fn(method)
                if (method.sig.asyncness.is_some() || many_fn(&method.sig).is_some())
                    && matches!(method.vis, syn::Visibility::Public(_)) =>
            {
                let mark = errors.mark();
                let options = options::check_attrs(&method.attrs, errors);
                check_shape(&method.sig, &options.facts, errors);
                check_signature(&method.sig, errors);
                if errors.any_since(mark) {
                    broken.push(method);
                } else {
                    entries.push(ImplEntry::Async(Box::new(AsyncMethod { method, options })));
                }
            }
            other => entries.push(ImplEntry::Other(Box::new(other))),
        }
    }
    ExportItem::Impl(Box::new(ExportImpl {
        shell,
        entries,
        broken,
    }))
}

/// A stream or iterator export is a function JS calls: not a `constructor`, `getter`,
/// `setter`, `start` or `main`, whose JS shape is fixed.
fn check_shape(sig: &Signature, facts: &Facts, errors: &mut Errors) {
    if let (Some(shape), Some(many)) = (&facts.fixed_shape, many_fn(sig)) {
        errors.push(syn::Error::new_spanned(
            shape,
            format!(
                "{} export cannot be a `{shape}`: JS gets its {} from a call. Make it a \
                 method (`pub fn values(&self) -> impl {}<Item = T>`) or a function",
                many.article(),
                many.noun(),
                many.trait_name()
            ),
        ));
    }
}

fn check_signature(sig: &Signature, errors: &mut Errors) {
    if let (Some(asyncness), Some((many, _))) =
        (&sig.asyncness, super::imports::many_bound(&sig.output))
    {
        let how = match many {
            super::imports::Many::Stream => {
                "JS gets its async iterator from the call, and each `next()` polls the \
                 stream, which may await inside (`futures::stream::unfold`, `async-stream`)"
            }
            super::imports::Many::Iterator => {
                "JS gets its iterator from the call, and each `next()` runs the iterator's"
            }
        };
        errors.push(syn::Error::new_spanned(
            asyncness,
            format!(
                "{} export is not `async`: {how}; remove `async`",
                many.article()
            ),
        ));
    }
    if let Some((many, bound)) = super::imports::many_bound(&sig.output) {
        if super::imports::item_type(bound).is_none() {
            errors.push(syn::Error::new_spanned(
                bound,
                format!(
                    "{} export names its item type: `impl {}<Item = T>` (JS gets {} of `T`s)",
                    many.article(),
                    many.trait_name(),
                    many.js_iterator()
                ),
            ));
        }
    }
    // (A `where` clause alone is fine, as upstream's attribute takes it.)
    if !sig.generics.params.is_empty() {
        let message = match many_fn(sig) {
            Some(many) => format!(
                "{} exports cannot be generic: JS calls one concrete function. Export one \
                 function per concrete item type",
                many.noun()
            ),
            None => "async exports cannot be generic: JS calls one concrete function. \
                     Export one `async fn` per concrete type"
                .to_owned(),
        };
        errors.push(syn::Error::new_spanned(&sig.generics, message));
    }
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                if let syn::ReceiverKind::Reference(_, Some(lifetime), _) = &receiver.kind {
                    errors.push(syn::Error::new_spanned(
                        lifetime,
                        "the future of an async export outlives the call, so it cannot borrow \
                         `self` for a named lifetime; write `&self`",
                    ));
                }
            }
            FnArg::Typed(arg) => check_argument(&arg.ty, errors),
        }
    }
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        if let Type::Reference(reference) = ungroup(ty) {
            errors.push(syn::Error::new_spanned(
                reference,
                "async exports cannot return references: JS receives the value after the \
                 call has returned. Return an owned type such as `String`",
            ));
        }
    }
}

/// Argument types an async export cannot take. (`&mut T` and `&mut [T]` are fine, as
/// upstream takes them: the borrow is held until the future completes, and JS sees
/// writes made after an `.await` too.)
fn check_argument(ty: &Type, errors: &mut Errors) {
    let mut found = ImplTraitOrLifetime::default();
    found.visit_type(ty);
    if let Some(span) = found.impl_trait {
        errors.push(syn::Error::new(
            span,
            "async exports cannot take `impl Trait`: JS calls one concrete function. \
             Name the concrete type",
        ));
    } else if let Some(span) = found.lifetime {
        errors.push(syn::Error::new(
            span,
            "the future of an async export outlives the call, so its arguments cannot have \
             explicit lifetimes; write `&str`, `&[T]` or `&T` (the future keeps its own copy \
             or borrow) or take an owned value",
        ));
    }
}

/// Finds the first `impl Trait` and the first explicit lifetime in a type.
#[derive(Default)]
struct ImplTraitOrLifetime {
    impl_trait: Option<Span>,
    lifetime: Option<Span>,
}

impl<'ast> Visit<'ast> for ImplTraitOrLifetime {
    fn visit_type_impl_trait(&mut self, node: &'ast syn::TypeImplTrait) {
        self.impl_trait.get_or_insert(node.span());
    }

    fn visit_lifetime(&mut self, node: &'ast syn::Lifetime) {
        if node.ident != "_" {
            self.lifetime.get_or_insert(node.span());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;
    use syn::parse_quote;

    fn fn_errors(item: ItemFn, options: proc_macro2::TokenStream) -> Vec<String> {
        let mut errors = Errors::default();
        let options: crate::parse::Options = syn::parse2(options).unwrap();
        let facts = options::Facts::read(&options);
        let model = async_fn(item, &facts, &mut errors);
        let messages: Vec<String> = errors.messages();
        assert_eq!(
            matches!(model, ExportItem::Rejected(_)),
            !messages.is_empty(),
            "an export with errors must be broken, one without must not"
        );
        messages
    }

    #[test]
    fn well_formed_exports_pass() {
        for item in [
            parse_quote!(
                pub async fn f() {}
            ),
            parse_quote!(
                pub async fn f(a: u32, s: &str, b: &[u8], v: &JsValue) -> u32 {
                    0
                }
            ),
            parse_quote!(
                pub async fn f(x: Option<String>, v: Vec<u8>) -> Result<(), JsError> {
                    Ok(())
                }
            ),
            parse_quote!(
                pub async fn f(s: &'_ str) {}
            ),
            parse_quote!(
                pub async fn f(x: &mut [u8], p: &mut Thing) {}
            ),
        ] {
            assert_eq!(fn_errors(item, quote!()), Vec::<String>::new());
        }
    }

    #[test]
    fn each_mistake_is_one_error() {
        let cases: Vec<(ItemFn, proc_macro2::TokenStream, &str)> = vec![
            (
                parse_quote!(
                    async fn f<T>(x: T) {}
                ),
                quote!(),
                "cannot be generic",
            ),
            (
                parse_quote!(
                    async fn f(x: impl Into<u32>) {}
                ),
                quote!(),
                "cannot take `impl Trait`",
            ),
            (
                parse_quote!(
                    async fn f(x: &'static str) {}
                ),
                quote!(),
                "explicit lifetimes",
            ),
            (
                parse_quote!(
                    async fn f() -> &'static str {
                        ""
                    }
                ),
                quote!(),
                "cannot return references",
            ),
            (
                parse_quote!(
                    async fn start(x: u32) {}
                ),
                quote!(start),
                "`start` function",
            ),
        ];
        for (item, options, expected) in cases {
            let errors = fn_errors(item, options);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].contains(expected), "{errors:?} lacks {expected}");
        }
    }

    #[test]
    fn synchronous_methods_are_left_to_the_real_attribute() {
        let mut errors = Errors::default();
        let item: ItemImpl = parse_quote! {
            impl Thing {
                #[wasm_bindgen(js_nmae = "x")]
                pub fn sync<T>(&self, x: impl Into<u32>) -> &str { "" }
                pub async fn fine(&self) -> u32 { 0 }
            }
        };
        let ExportItem::Impl(block) = async_impl(item, &mut errors) else {
            panic!("expected an impl")
        };
        assert_eq!(errors.messages(), Vec::<String>::new());
        assert!(block.broken.is_empty());
        assert_eq!(block.entries.len(), 2);
    }

    #[test]
    fn only_pub_async_methods_are_exports() {
        let mut errors = Errors::default();
        let item: ItemImpl = parse_quote! {
            impl Thing {
                async fn helper<T>(&self, x: impl Into<T>) -> &str { "" }
                pub(crate) async fn in_crate(&self) -> &str { "" }
                pub async fn api(&self) -> u32 { 0 }
            }
        };
        let ExportItem::Impl(block) = async_impl(item, &mut errors) else {
            panic!("expected an impl")
        };
        assert_eq!(
            errors.messages(),
            Vec::<String>::new(),
            "helpers are not checked"
        );
        let kinds: Vec<&str> = block
            .entries
            .iter()
            .map(|entry| match entry {
                ImplEntry::Other(_) => "plain",
                ImplEntry::Async(_) => "export",
            })
            .collect();
        assert_eq!(kinds, ["plain", "plain", "export"]);
        let private_only: syn::ImplItem = parse_quote!(
            async fn helper(&self) {}
        );
        assert!(!is_async_method(&private_only));
    }

    #[test]
    fn broken_methods_leave_the_block() {
        let mut errors = Errors::default();
        let item: ItemImpl = parse_quote! {
            impl Thing {
                pub fn sync(&self) {}
                pub async fn fine(&self) -> u32 { 0 }
                #[wasm_bindgen(js_name = 3)]
                pub async fn size(&self) -> u32 { 0 }
                pub async fn generic<T>(&self) {}
            }
        };
        let ExportItem::Impl(block) = async_impl(item, &mut errors) else {
            panic!("expected an impl")
        };
        assert_eq!(errors.len(), 2);
        assert_eq!(block.entries.len(), 2);
        let broken: Vec<String> = block
            .broken
            .iter()
            .map(|m| m.sig.ident.to_string())
            .collect();
        assert_eq!(broken, ["size", "generic"]);
    }
}
