//! Expansion snapshots: exactly what the attribute generates, pretty-printed.
//!
//! Review a change with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and
//! `git diff`); CI fails on any difference.

use proc_macro2::TokenStream;
use quote::quote;
use wasm_bindgen_async_support::{expand_with, Env};

fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens.clone())
        .unwrap_or_else(|err| panic!("expansion is not a valid file: {err}\n{tokens}"));
    prettyplease::unparse(&file)
}

fn expand(attr: TokenStream, item: TokenStream) -> String {
    pretty(expand_with(Env::default(), attr, item))
}

#[test]
fn pass_through_struct() {
    insta::assert_snapshot!(expand(
        quote!(js_name = Thing, inspectable),
        quote! {
            /// Docs stay.
            pub struct Foo { pub x: u32 }
        }
    ));
}

#[test]
fn pass_through_sync_extern_block() {
    insta::assert_snapshot!(expand(
        quote!(module = "/js/api.js"),
        quote! {
            extern "C" {
                type Client;
                #[wasm_bindgen(catch)]
                fn load(key: &str) -> Result<Promise<u32>, JsValue>;
            }
        }
    ));
}

#[test]
fn pass_through_sync_export() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            pub fn add(a: u32, b: u32) -> u32 { a + b }
        }
    ));
}

#[test]
fn free_imports() {
    insta::assert_snapshot!(expand(
        quote!(module = "/js/api.js"),
        quote! {
            extern "C" {
                /// Says nothing.
                pub async fn nothing();
                pub(crate) async fn number(x: u32, s: &str) -> u32;
                async fn maybe(_: bool) -> Option<String>;
                fn sync_one() -> u32;
            }
        }
    ));
}

/// `char` and pointer-sized integers convert as upstream converts them (a support
/// function for `char`, `u32`/`i32` for `usize`/`isize`); generics and `&dyn Fn` carry over.
#[test]
fn conversions_generics_and_closures() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            extern "C" {
                async fn initial() -> char;
                async fn count() -> Option<usize>;
                async fn echo<T: JsGeneric + FromWasmAbi>(x: T) -> T;
                async fn each(f: &dyn Fn(u32));
                #[wasm_bindgen(catch)]
                async unsafe fn aliased() -> JsResult<u32>;
            }
        }
    ));
}

#[test]
fn catch_imports() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            extern "C" {
                #[wasm_bindgen(catch, js_name = load)]
                pub async fn load(key: &str) -> Result<u32, JsValue>;
                #[wasm_bindgen(catch)]
                pub async fn store(key: &str) -> Result<(), JsString>;
            }
        }
    ));
}

/// `abortable`: the hidden import takes the signal last; the wrapper makes the controller
/// on the first poll and wraps the awaited future so that dropping it aborts.
#[test]
fn abortable_imports() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            extern "C" {
                #[wasm_bindgen(abortable)]
                pub async fn fetch_text(url: &str) -> JsString;
                #[wasm_bindgen(abortable, catch)]
                pub async fn fetch_len(url: &str) -> Result<u32, JsValue>;
            }
        }
    ));
}

/// `abortable` exports: a hidden wrapper takes `signal: Option<JsValue>` last, typed
/// `signal?: AbortSignal`, and runs the user's future under `__rt::abortable`.
#[test]
fn abortable_exports() {
    insta::assert_snapshot!(expand(
        quote!(abortable),
        quote! {
            pub async fn work(ms: u32) -> u32 { ms }
        }
    ));
}

#[test]
fn method_and_static_method() {
    insta::assert_snapshot!(expand(
        quote!(js_namespace = ["net", "http"]),
        quote! {
            extern "C" {
                pub type Client;
                #[wasm_bindgen(static_method_of = Client)]
                pub async fn connect(url: &str) -> Client;
                #[wasm_bindgen(method, structural, js_name = "get")]
                pub async fn fetch(this: &Client, path: &str) -> JsValue;
            }
        }
    ));
}

#[test]
fn inline_js_with_cfg() {
    insta::assert_snapshot!(expand(
        quote!(inline_js = "export async function f() {}"),
        quote! {
            #[cfg(target_arch = "wasm32")]
            extern "C" {
                #[cfg(feature = "extra")]
                #[allow(deprecated)]
                async fn f();
            }
        }
    ));
}

#[test]
fn environment_variable_selects_js_sys_only() {
    insta::assert_snapshot!(pretty(expand_with(
        Env { use_js_sys: true },
        quote!(),
        quote! {
            extern "C" {
                async fn f() -> u32;
            }
        }
    )));
}

#[test]
fn crate_path_overrides() {
    insta::assert_snapshot!(expand(
        quote!(
            wasm_bindgen = ::my_wb,
            js_sys = ::my_js,
            wasm_bindgen_futures = ::my_futures
        ),
        quote! {
            extern "C" {
                async fn f() -> u32;
            }
        }
    ));
}

#[test]
fn mistake_reports_one_error_and_keeps_a_stand_in() {
    let tokens = expand_with(
        Env::default(),
        quote!(),
        quote! {
            extern "C" {
                #[wasm_bindgen(method, setter)]
                pub async fn set_size(this: &Thing, size: u32);
                async fn fine() -> u32;
            }
        },
    );
    let text = tokens.to_string();
    assert_eq!(text.matches("compile_error").count(), 1, "{text}");
    insta::assert_snapshot!(pretty(tokens));
}

#[test]
fn export_free_async_fn() {
    insta::assert_snapshot!(expand(
        quote!(js_name = loadThing),
        quote! {
            /// Loads a thing.
            pub async fn load_thing(key: &str, bytes: &[u8]) -> Result<u32, JsError> {
                Ok(key.len() as u32 + bytes.len() as u32)
            }
        }
    ));
}

#[test]
fn export_impl_with_async_methods() {
    insta::assert_snapshot!(expand(
        quote!(js_class = "Counter"),
        quote! {
            impl Counter {
                #[wasm_bindgen(constructor)]
                pub fn new() -> Counter { Counter { n: 0 } }
                pub async fn create(n: u32) -> Self { Counter { n } }
                pub async fn get(&self) -> u32 { self.n }
                pub async fn add(&mut self, k: u32) -> u32 { self.n += k; self.n }
                pub async fn into_inner(self) -> u32 { self.n }
            }
        }
    ));
}

#[test]
fn export_start_and_main() {
    insta::assert_snapshot!(expand(
        quote!(start),
        quote! {
            async fn start() -> Result<(), JsValue> { Ok(()) }
        }
    ));
    insta::assert_snapshot!(expand(
        quote!(main),
        quote! {
            async fn main() {}
        }
    ));
}

#[test]
fn export_with_environment_variable_and_path_overrides() {
    insta::assert_snapshot!(pretty(expand_with(
        Env { use_js_sys: true },
        quote!(js_sys = deps::js_sys),
        quote! {
            pub async fn f() {}
        }
    )));
    insta::assert_snapshot!(expand(
        quote!(wasm_bindgen_futures = crate::deps::futures),
        quote! {
            pub async fn f() {}
        }
    ));
}

/// `Result<T, E>` with an `E` other than `JsValue`/`JsError`: exported through a hidden
/// wrapper whose conversion of `E` is the one error when `E` is not `Into<JsValue>`.
#[test]
fn export_error_wrappers() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            /// Parses.
            pub async fn parse(#[wasm_bindgen(unchecked_param_type = "string")] text: String) -> Result<u32, MyError> {
                Ok(0)
            }
        }
    ));
    insta::assert_snapshot!(expand(
        quote!(js_class = "Parser"),
        quote! {
            impl Thing {
                #[wasm_bindgen(js_name = parseIt)]
                pub async fn parse(&self, text: &str) -> Result<u32, MyError> { Ok(0) }
                pub async fn plain(&self) -> Result<u32, JsError> { Ok(0) }
            }
        }
    ));
}

#[test]
fn export_mistakes_stay_plain_rust() {
    let tokens = expand_with(
        Env::default(),
        quote!(),
        quote! {
            impl Thing {
                pub async fn size<T>(&self) -> u32 { 0 }
                pub async fn fine(&self) -> u32 { 0 }
            }
        },
    );
    assert_eq!(tokens.to_string().matches("compile_error").count(), 1);
    insta::assert_snapshot!(pretty(tokens));
}

/// Argument attributes stay on the hidden import only; a support module per item `cfg`.
#[test]
fn import_argument_attributes_and_item_cfgs() {
    insta::assert_snapshot!(expand(
        quote!(module = "/js/api.js"),
        quote! {
            extern "C" {
                #[wasm_bindgen::prelude::wasm_bindgen(catch)]
                async fn sum(#[wasm_bindgen(slice = array)] values: &[u32]) -> Result<u32, JsValue>;
                #[cfg(debug_assertions)]
                async fn mode() -> Option<JsString>;
            }
        }
    ));
}

/// A method renamed under `cfg_attr` behind a wrapper: the `cfg_attr` goes to the wrapper,
/// our JS name applies when its condition does not; private async helpers stay plain.
#[test]
fn export_methods_with_cfg_attr_and_private_helpers() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            impl Thing {
                async fn helper<T>(&self, x: T) -> u32 { 0 }
                #[cfg_attr(feature = "js", wasm_bindgen(js_name = renamed))]
                pub async fn checked(&self, _: u32, ref name: String) -> Result<u32, MyError> { Ok(0) }
            }
        }
    ));
}

#[test]
fn stream_imports() {
    insta::assert_snapshot!(expand(
        quote!(module = "/js/api.js"),
        quote! {
            extern "C" {
                /// Lines of a file, as they arrive.
                pub fn lines(url: &str) -> impl Stream<Item = String>;
                #[wasm_bindgen(catch, abortable)]
                fn chunks(url: &str) -> impl futures::Stream<Item = Result<JsValue, JsValue>>;
                type Body;
                #[wasm_bindgen(method, js_name = values)]
                fn numbers(this: &Body) -> impl Stream<Item = u32>;
            }
        }
    ));
}

#[test]
fn stream_exports() {
    insta::assert_snapshot!(expand(
        quote!(),
        quote! {
            /// Counts to `n`.
            pub fn ticks(n: u32) -> impl Stream<Item = u32> {
                futures::stream::iter(0..n)
            }
        }
    ));
}

#[test]
fn iterator_imports_and_exports() {
    insta::assert_snapshot!(
        "iterator_imports",
        expand(
            quote!(module = "/js/api.js"),
            quote! {
                extern "C" {
                    /// The keys of a map, read as `for ... of` reads them.
                    pub fn keys(map: &JsValue) -> impl Iterator<Item = String>;
                    #[wasm_bindgen(catch)]
                    fn rows() -> impl core::iter::Iterator<Item = Result<u32, JsValue>>;
                }
            }
        )
    );
    insta::assert_snapshot!(
        "iterator_exports",
        expand(
            quote!(),
            quote! {
                /// Counts to `n`.
                pub fn range(n: u32) -> impl Iterator<Item = u32> {
                    0..n
                }
            }
        )
    );
}
