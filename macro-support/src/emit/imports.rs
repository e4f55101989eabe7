//! Tokens for an extern block with async imports: the block for the real attribute,
//! the `async fn` wrappers beside it, and stand-ins for imports with a mistake.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ForeignItemFn, Ident};

use super::{inner_attribute, real_attribute, support_module, track_env, Added, Holds};
use crate::lower::imports::{
    BlockItem, Check, Conversion, HiddenImport, LoweredBlock, Scalar, Wrapper,
};
use crate::model::imports::{ungroup, Arg, ImportReturn, Many, Receiver};
use crate::model::Paths;
use crate::parse::{self, Options};

/// An extern block with async imports, and everything generated next to it.
pub fn import_block(paths: &Paths, options: &Options, lowered: &LoweredBlock) -> TokenStream {
    let attribute = real_attribute(paths, options, &[]);
    let block = lowered.block;
    let (attrs, unsafety, abi) = (&block.attrs, &block.unsafety, &block.abi);
    let block_cfgs: Vec<_> = block.cfg_attrs().collect();
    let items = lowered.items.iter().map(|item| match item {
        BlockItem::User(item) => item.to_token_stream(),
        BlockItem::Hidden(hidden) => hidden_import(paths, hidden),
    });
    let module = lowered.needs_support.then(|| {
        let holds = Holds {
            typed_fallback: true,
            ..Holds::default()
        };
        let module = support_module(paths, &lowered.support, holds);
        // Under the block's `#[cfg]`s, as everything else generated for it (two blocks
        // with the same imports under exclusive `cfg`s each have theirs).
        quote!(#(#block_cfgs)* #module)
    });
    let wrappers = lowered.wrappers.iter().map(|wrapper| {
        let function = self::wrapper(paths, &lowered.support, wrapper);
        in_class(
            &block_cfgs,
            wrapper.import.receiver.class(),
            &wrapper.impl_generics,
            function,
        )
    });
    let stubs = lowered.broken.iter().map(|(item, receiver)| {
        let (class, function) = stub(paths, item, receiver);
        in_class(&block_cfgs, class, &syn::Generics::default(), function)
    });
    let track_env = track_env();
    quote! {
        #attribute
        #(#attrs)*
        #unsafety #abi {
            #(#items)*
        }
        #module
        #(#wrappers)*
        #(#stubs)*
        #track_env
    }
}

/// `function` under the block's `#[cfg]`s, inside `impl #class` for methods and static
/// methods.
fn in_class(
    block_cfgs: &[&syn::Attribute],
    class: Option<&syn::Type>,
    impl_generics: &syn::Generics,
    function: TokenStream,
) -> TokenStream {
    match class {
        None => quote!(#(#block_cfgs)* #function),
        Some(class) => quote! {
            #(#block_cfgs)*
            impl #impl_generics #class {
                #function
            }
        },
    }
}

/// The hidden synchronous import: the user's options, the JS name, returning the
/// promise as a `JsValue` (a `Result` of it under `catch`).
fn hidden_import(paths: &Paths, hidden: &HiddenImport) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let import = hidden.import;
    let ident = &hidden.ident;
    let generics = &import.generics;
    let where_clause = &generics.where_clause;
    let options = inner_attribute(&import.options.forwarded, &[]);
    let js_name = hidden
        .js_name
        .as_deref()
        .map(|name| inner_attribute(&Options::default(), &[Added::JsName(name)]));
    let cfgs = parse::cfg_attrs(&import.attrs);
    // A stream or iterator import's call is always caught: without `catch`, a throw is
    // the failure of its items, a panic naming the import at the first read, as for its
    // other failures.
    let caught = import.many.is_some() && import.options.facts.catch.is_none();
    let catch = caught.then(|| quote!(#[wasm_bindgen(catch)]));
    let ret = if import.options.facts.catch.is_some() || import.many.is_some() {
        quote!(::core::result::Result<#wasm_bindgen::JsValue, #wasm_bindgen::JsValue>)
    } else {
        quote!(#wasm_bindgen::JsValue)
    };
    let this = match &import.receiver {
        Receiver::Method { class } => Some(quote!(this: &#class)),
        _ => None,
    };
    let mut inputs: Vec<TokenStream> = this
        .into_iter()
        .chain(
            import
                .args
                .iter()
                .map(|Arg { attrs, ident, ty }| quote!(#(#attrs)* #ident: #ty)),
        )
        .collect();
    if let Some(at) = hidden.signal_at {
        inputs.insert(at, quote!(__wbga_signal: &#wasm_bindgen::JsValue));
    }
    quote! {
        #options
        #catch
        #js_name
        #(#cfgs)*
        #[doc(hidden)]
        fn #ident #generics (#(#inputs),*) -> #ret #where_clause;
    }
}

/// Names of the wrapper's locals (`mixed_site`: the user's code cannot see them).
struct Locals {
    promise: Ident,
    /// A stream import's iterable (a `Result` of it).
    source: Ident,
    reason: Ident,
    value: Ident,
    wrong: Ident,
}

impl Locals {
    fn new() -> Locals {
        let local = |name: &str| Ident::new(name, Span::mixed_site());
        Locals {
            promise: local("__wbga_promise"),
            source: local("__wbga_source"),
            reason: local("__wbga_reason"),
            value: local("__wbga_value"),
            wrong: local("__wbga_wrong"),
        }
    }
}

/// The user's `async fn`: calls the hidden import, awaits the promise through our
/// runtime (`settle`), and settles per the import table; the cold paths are calls into
/// the runtime. A return taken as declared goes through `Typed`: a cast for `JsCast`
/// types, else the futures crate's typed `JsFuture` (the support module's fallback).
fn wrapper(paths: &Paths, support: &Ident, wrapper: &Wrapper) -> TokenStream {
    if let Some(many) = wrapper.import.many {
        return many_wrapper(paths, wrapper, many);
    }
    let wasm_bindgen = &paths.wasm_bindgen;
    let import = wrapper.import;
    let locals = Locals::new();
    let into_err = match &import.ret {
        ImportReturn::Catch { err, .. } => {
            Some(into_err(wasm_bindgen, err.as_deref(), &import.output))
        }
        _ => None,
    };
    let settle = Settle {
        paths,
        wrapper,
        locals: &locals,
        into_err: into_err.as_ref(),
    };
    let make_abort = wrapper.abort.as_ref().map(|(abort, _)| {
        let runtime = &paths.runtime;
        quote!(let #abort = #runtime::__rt::Abort::new();)
    });
    let get_promise = settle.get_promise(call(wrapper));
    let value = &locals.value;
    let (body, tail) = match &import.ret {
        // Nothing to resolve: the settled value is discarded.
        ImportReturn::Unit => (settle.discarded(), quote!()),
        ImportReturn::Catch { ok: None, .. } => {
            (settle.discarded(), quote!(::core::result::Result::Ok(())))
        }
        ImportReturn::Value(ty) => (settle.resolved(ty, support), quote!(#value)),
        ImportReturn::Catch { ok: Some(ty), .. } => (
            settle.resolved(ty, support),
            quote!(::core::result::Result::Ok(#value)),
        ),
    };
    signature(
        paths,
        wrapper,
        quote! {
            #make_abort
            #get_promise
            #body
            #tail
        },
    )
}

/// The user's function, with `body`: name, visibility, attributes, generics, `self` and
/// arguments as declared.
fn signature(paths: &Paths, wrapper: &Wrapper, body: TokenStream) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let import = wrapper.import;
    let attrs = &import.attrs;
    let (vis, asyncness, unsafety, ident) = (
        &import.vis,
        &import.asyncness,
        &import.unsafety,
        &import.ident,
    );
    let generics = &wrapper.generics;
    let where_clause = &generics.where_clause;
    let receiver = matches!(import.receiver, Receiver::Method { .. }).then(|| quote!(&self,));
    let args = import.args.iter().map(|Arg { attrs, ident, ty }| {
        let ty = stack_closure(wasm_bindgen, ty).unwrap_or_else(|| ty.to_token_stream());
        // `#[wasm_bindgen(..)]` describes the JS side: it stays on the hidden import's
        // argument (a Rust function's parameters take no attribute macros).
        let attrs = attrs.iter().filter(|attr| {
            !parse::is_bindgen_attr(attr) && parse::cfg_attr_bindgen(attr).is_none()
        });
        quote!(#(#attrs)* #ident: #ty)
    });
    let output = &import.output;
    // As upstream's own import functions: the names and arity are the JS API's.
    quote! {
        #[allow(nonstandard_style)]
        #[allow(clippy::all, clippy::nursery, clippy::pedantic, clippy::restriction)]
        #(#attrs)*
        #vis #asyncness #unsafety fn #ident #generics (#receiver #(#args),*) #output #where_clause {
            #body
        }
    }
}

/// A stream (or iterator) import's function: calls the hidden import and returns the
/// runtime's `ImportStream` (or `ImportIter`) of its value, with the conversion of each
/// step into the declared item (checked and converted as an async import's value is,
/// else cast; an error is `Err(E)` under `catch`, else a panic naming the import).
fn many_wrapper(paths: &Paths, wrapper: &Wrapper, many: Many) -> TokenStream {
    let wasm_bindgen = &paths.wasm_bindgen;
    let runtime = &paths.runtime;
    let rt = quote!(#runtime::__rt);
    let import = wrapper.import;
    let locals = Locals::new();
    let Locals {
        source,
        reason,
        value,
        wrong,
        ..
    } = &locals;
    let into_err = match &import.ret {
        ImportReturn::Catch { err, .. } => {
            Some(into_err(wasm_bindgen, err.as_deref(), &import.output))
        }
        _ => None,
    };
    let make_abort = wrapper
        .abort
        .as_ref()
        .map(|(abort, _)| quote!(let #abort = #rt::Abort::new();));
    let abort = match &wrapper.abort {
        Some((abort, _)) => quote!(::core::option::Option::Some(#abort)),
        None => quote!(::core::option::Option::None),
    };
    let call = call(wrapper);
    // (Always a `Result`: the hidden import of a stream is always caught.)
    let get_source = quote!(let #source = #rt::caught_call(|| #call););
    let display_name = &wrapper.display_name;
    let kind = many.noun();
    let on_error = match &into_err {
        Some(into_err) => quote!(::core::result::Result::Err(#into_err(#reason))),
        None => quote!(#rt::items_failed(#kind, #display_name, #reason)),
    };
    let item = |ty: &syn::Type| match &wrapper.checked {
        Some((check, conversion)) => {
            let expected = ty.to_token_stream().to_string().replace(' ', "");
            let mismatch = match &into_err {
                Some(into_err) => quote! {
                    return ::core::result::Result::Err(#into_err(#rt::item_mismatch_error(
                        #kind,
                        #display_name,
                        #expected,
                        &#wrong,
                    )))
                },
                None => quote!(#rt::item_mismatch(#kind, #display_name, #expected, #wrong)),
            };
            let input = value.to_token_stream();
            let checked = converted(
                &rt,
                wasm_bindgen,
                conversion,
                &input,
                (value, wrong),
                &mismatch,
            );
            match check {
                Check::Always => checked,
                Check::InDebug => quote! {{
                    #[cfg(debug_assertions)]
                    let #value = #checked;
                    #[cfg(not(debug_assertions))]
                    let #value = <#ty as #rt::Number>::from_settled(&#value);
                    #value
                }},
            }
        }
        // Taken as declared, as an async import's `JsCast` return is; spanned at the
        // item type, where a type that is not `JsCast` is reported.
        None => quote_spanned! {ty.span()=>
            <#ty as #rt::StreamItem>::from_item(#value)
        },
    };
    let on_value = match &import.ret {
        ImportReturn::Unit => quote!({
            let _ = #value;
        }),
        ImportReturn::Catch { ok: None, .. } => quote!({
            let _ = #value;
            ::core::result::Result::Ok(())
        }),
        ImportReturn::Value(ty) => item(ty),
        ImportReturn::Catch { ok: Some(ty), .. } => {
            let item = item(ty);
            quote!(::core::result::Result::Ok(#item))
        }
    };
    let step = Ident::new("__wbga_step", Span::mixed_site());
    let reader = match many {
        Many::Stream => quote!(ImportStream),
        Many::Iterator => quote!(ImportIter),
    };
    signature(
        paths,
        wrapper,
        quote! {
            #make_abort
            #get_source
            #rt::#reader::new(#source, #abort, move |#step: ::core::result::Result<
                #wasm_bindgen::JsValue,
                #wasm_bindgen::JsValue,
            >| match #step {
                ::core::result::Result::Ok(#value) => #on_value,
                ::core::result::Result::Err(#reason) => #on_error,
            })
        },
    )
}

/// `input` (a `JsValue`) checked and converted per `conversion` (bound to `value`);
/// `on_mismatch` (with the value as `wrong`) when it is of another JS type.
fn converted(
    rt: &TokenStream,
    wasm_bindgen: &syn::Path,
    conversion: &Conversion,
    input: &TokenStream,
    (value, wrong): (&Ident, &Ident),
    on_mismatch: &TokenStream,
) -> TokenStream {
    let try_from = |ty: &dyn ToTokens| quote!(<#ty as #wasm_bindgen::convert::TryFromJsValue>::try_from_js_value);
    let try_from_scalar = try_from(&conversion.scalar_type);
    let scalar = &conversion.scalar_type;
    let converted = match (&conversion.scalar, conversion.optional) {
        (Scalar::TryFrom, false) => quote!(#try_from_scalar(#input)),
        (Scalar::TryFrom, true) => quote!(#rt::optional(#input, #try_from_scalar)),
        (Scalar::Number, false) => quote!(#rt::number::<#scalar>(#input)),
        (Scalar::Number, true) => quote!(#rt::optional(#input, #rt::number::<#scalar>)),
        (Scalar::Char, false) => quote!(#rt::char_from(#input)),
        (Scalar::Char, true) => quote!(#rt::optional(#input, #rt::char_from)),
    };
    quote! {
        match #converted {
            ::core::result::Result::Ok(#value) => #value,
            ::core::result::Result::Err(#wrong) => #on_mismatch,
        }
    }
}

/// The call of the hidden import, producing the promise (or a `Result` of it).
fn call(wrapper: &Wrapper) -> TokenStream {
    let hidden = &wrapper.hidden;
    let callee = match &wrapper.import.receiver {
        Receiver::Free => quote!(#hidden),
        Receiver::Method { .. } => quote!(self.#hidden),
        Receiver::Static { class } => quote!(<#class>::#hidden),
    };
    let turbofish = &wrapper.turbofish;
    let turbofish = (!turbofish.is_empty()).then(|| quote!(::<#(#turbofish),*>));
    let mut args: Vec<TokenStream> = wrapper
        .import
        .args
        .iter()
        .map(|arg| arg.ident.to_token_stream())
        .collect();
    if let Some((abort, at)) = &wrapper.abort {
        args.insert(*at, quote!(#abort.signal()));
    }
    quote!(#callee #turbofish (#(#args),*))
}

/// How a wrapper's promise settles into its return value.
struct Settle<'a> {
    paths: &'a Paths,
    wrapper: &'a Wrapper<'a>,
    locals: &'a Locals,
    /// Under `catch`: the conversion of a `JsValue` into the user's `E`.
    into_err: Option<&'a TokenStream>,
}

impl Settle<'_> {
    /// `let promise = <call>;`; under `catch`, a synchronous throw returns `Err` early.
    fn get_promise(&self, call: TokenStream) -> TokenStream {
        let Locals {
            promise, reason, ..
        } = self.locals;
        let rt = self.rt();
        match self.into_err {
            Some(into_err) => quote! {
                let #promise = match #rt::caught_call(|| #call) {
                    ::core::result::Result::Ok(#promise) => #promise,
                    ::core::result::Result::Err(#reason) => {
                        return ::core::result::Result::Err(#into_err(#reason));
                    }
                };
            },
            None => quote!(let #promise = #call;),
        }
    }

    /// Awaits `future`, a `Result` of the settled promise: a rejection is `Err(E)`
    /// under `catch`, else a panic naming the import.
    fn settled(&self, future: TokenStream) -> TokenStream {
        let rt = self.rt();
        let Locals { reason, value, .. } = self.locals;
        let on_reject = match self.into_err {
            Some(into_err) => quote!(return ::core::result::Result::Err(#into_err(#reason))),
            None => {
                let display_name = &self.wrapper.display_name;
                quote!(#rt::rejected(#display_name, #reason))
            }
        };
        quote! {
            match #future.await {
                ::core::result::Result::Ok(#value) => #value,
                ::core::result::Result::Err(#reason) => #on_reject,
            }
        }
    }

    /// The promise settled as a `JsValue`; under `abortable`, with the abort armed (the
    /// future aborts the signal if it is dropped before the promise settles).
    fn settle_js(&self) -> TokenStream {
        let rt = self.rt();
        let promise = &self.locals.promise;
        match &self.wrapper.abort {
            Some((abort, _)) => self.settled(quote!(#rt::settle_armed(#promise, #abort))),
            None => self.settled(quote!(#rt::settle(#promise))),
        }
    }

    fn rt(&self) -> TokenStream {
        let runtime = &self.paths.runtime;
        quote!(#runtime::__rt)
    }

    /// The settled value discarded.
    fn discarded(&self) -> TokenStream {
        let settle_js = self.settle_js();
        quote!(let _ = #settle_js;)
    }

    /// `let value = ...;` of type `ty`: checked and converted, or taken as declared.
    fn resolved(&self, ty: &syn::Type, support: &Ident) -> TokenStream {
        let value = &self.locals.value;
        let Some((check, conversion)) = &self.wrapper.checked else {
            let typed = self.typed(ty, support);
            return quote!(let #value = #typed;);
        };
        let checked = self.checked(ty, conversion);
        match check {
            Check::Always => quote!(let #value = #checked;),
            // Unchecked: as a wasm parameter of the number's ABI type.
            Check::InDebug => {
                let rt = self.rt();
                let settle_js = self.settle_js();
                quote! {
                    #[cfg(debug_assertions)]
                    let #value = #checked;
                    #[cfg(not(debug_assertions))]
                    let #value = <#ty as #rt::Number>::from_settled(&#settle_js);
                }
            }
        }
    }

    /// Awaited as declared, through `Typed`. Spanned at the awaited type, so that a type
    /// that cannot be awaited (a generic `T` without `FromWasmAbi`) is reported at the
    /// user's type, with rustc's hint for the missing bound.
    fn typed(&self, awaited: &syn::Type, support: &Ident) -> TokenStream {
        let rt = self.rt();
        let promise = &self.locals.promise;
        // Spanned at the awaited type too: a bound the method needs is reported there.
        let settle = match &self.wrapper.abort {
            Some((abort, _)) => quote_spanned!(awaited.span()=> settle_armed(#promise, #abort)),
            None => quote_spanned!(awaited.span()=> settle(#promise)),
        };
        self.settled(quote_spanned! {awaited.span()=>
            {
                use #rt::JsCastValue as _;
                use #support::ViaFutures as _;
                (&#rt::Typed::<#awaited>::NEW).#settle
            }
        })
    }

    /// The settled value converted to `ty` with a check of its JS type; a mismatch is
    /// `Err(E)` under `catch`, else a panic naming the import and both types.
    fn checked(&self, ty: &syn::Type, conversion: &Conversion) -> TokenStream {
        let rt = self.rt();
        let wasm_bindgen = &self.paths.wasm_bindgen;
        let Locals { value, wrong, .. } = self.locals;
        let settled = self.settle_js();
        let display_name = &self.wrapper.display_name;
        let expected = ty.to_token_stream().to_string().replace(' ', "");
        let on_mismatch = match self.into_err {
            Some(into_err) => quote! {
                return ::core::result::Result::Err(#into_err(
                    #rt::mismatch_error(#display_name, #expected, &#wrong),
                ))
            },
            None => quote!(#rt::mismatch(#display_name, #expected, #wrong)),
        };
        converted(
            &rt,
            wasm_bindgen,
            conversion,
            &settled,
            (value, wrong),
            &on_mismatch,
        )
    }
}

/// `&(impl Fn(..) + MaybeUnwindSafe)` for an argument declared `&dyn Fn(..)` (`&mut`
/// and `FnMut` likewise), exactly as upstream declares such imports: callers pass
/// `&|x| ..`, which must be unwind-safe under `panic = "unwind"`, and the hidden import,
/// declared the same way by upstream, takes it on.
fn stack_closure(wasm_bindgen: &syn::Path, ty: &syn::Type) -> Option<TokenStream> {
    let syn::Type::Reference(reference) = ungroup(ty) else {
        return None;
    };
    let syn::Type::TraitObject(object) = ungroup(&reference.elem) else {
        return None;
    };
    let wanted = if reference.mutability.is_some() {
        "FnMut"
    } else {
        "Fn"
    };
    let is_closure = object.bounds.iter().any(|bound| {
        matches!(bound, syn::TypeParamBound::Trait(bound)
            if bound.path.segments.last().is_some_and(|last| last.ident == wanted))
    });
    let (and, mutability, bounds) = (&reference.and_token, &reference.mutability, &object.bounds);
    is_closure.then(
        || quote!(#and #mutability (impl #bounds + #wasm_bindgen::__rt::marker::MaybeUnwindSafe)),
    )
}

/// `<E as From<JsValue>>::from`, spanned at the user's `E` so that a missing impl is
/// reported there; for a `Result` by another name, `From::from` with `E` inferred from
/// the return type, spanned at it.
fn into_err(
    wasm_bindgen: &syn::Path,
    err: Option<&syn::Type>,
    output: &syn::ReturnType,
) -> TokenStream {
    match err {
        Some(err) => quote_spanned! {err.span()=>
            <#err as ::core::convert::From<#wasm_bindgen::JsValue>>::from
        },
        None => quote_spanned! {output.span()=>
            ::core::convert::From::<#wasm_bindgen::JsValue>::from
        },
    }
}

/// A stand-in for an import with a mistake: an `async fn` of the declared signature
/// (a method where the import was one: `this` becomes `&self`), whose body is never
/// reached because the build already failed. It keeps the one reported error the only
/// one. Returns the class whose `impl` holds it, if any. A stream import's stand-in
/// returns a stream of its declared item (none without one: its type is unknown).
fn stub<'a>(
    paths: &Paths,
    item: &ForeignItemFn,
    receiver: &'a Receiver,
) -> (Option<&'a syn::Type>, TokenStream) {
    let many = crate::model::imports::many_bound(&item.sig.output).map(|(_, bound)| bound);
    let runtime = &paths.runtime;
    let wasm_bindgen = &paths.wasm_bindgen;
    let body = match many {
        // Without an item type (the mistake reported), any stream will do.
        Some(bound) if crate::model::imports::item_type(bound).is_none() => {
            quote!(#runtime::__rt::Unreachable::<#wasm_bindgen::JsValue>::NEW)
        }
        Some(_) => quote!(#runtime::__rt::Unreachable::NEW),
        None => quote!(::core::unreachable!()),
    };
    let mut sig = item.sig.clone();
    sig.variadic = None;
    if many.is_some() {
        // (`async` on a stream import is the mistake reported.)
        sig.asyncness = None;
    }
    if let syn::Safety::Safe(_) = sig.safety {
        // `safe` is only allowed inside `unsafe extern` blocks; the stand-in is outside.
        sig.safety = syn::Safety::Default;
    }
    let typed = sig
        .inputs
        .into_iter()
        .filter(|input| matches!(input, FnArg::Typed(_)));
    sig.inputs = match receiver {
        Receiver::Method { .. } => {
            let this: FnArg = syn::parse_quote!(&self);
            std::iter::once(this).chain(typed.skip(1)).collect()
        }
        _ => typed.collect(),
    };
    let attrs = item
        .attrs
        .iter()
        .filter(|attr| !parse::is_bindgen_attr(attr));
    let vis = &item.vis;
    let function = quote! {
        #(#attrs)*
        #[allow(unused_variables, clippy::unused_async)]
        #vis #sig {
            #body
        }
    };
    (receiver.class(), function)
}
