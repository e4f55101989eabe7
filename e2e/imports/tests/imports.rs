//! Async imports in Node: every row of DESIGN.md's import table.
#![deny(warnings, clippy::all, clippy::pedantic)]

use js_sys::{Array, JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise_typed;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/imports.js")]
extern "C" {
    async fn nothing();
    fn nothing_settled() -> u32;
    async fn ret_js_value() -> JsValue;
    async fn ret_js_string() -> JsString;
    async fn ret_bytes() -> Uint8Array;
    async fn ret_u32_max() -> u32;
    async fn ret_i32_min() -> i32;
    async fn ret_f64() -> f64;
    async fn ret_bool() -> bool;
    async fn ret_string() -> String;
    async fn ret_option_u32(some: bool) -> Option<u32>;

    async fn sum_primitives(a: u8, b: i64, c: f32, d: char) -> String;
    async fn echo_str(s: &str) -> String;
    async fn echo_string(s: String) -> String;
    async fn sum_bytes(bytes: &[u8]) -> u32;

    type Counter;
    #[wasm_bindgen(static_method_of = Counter)]
    async fn create(start: u32) -> Counter;
    #[wasm_bindgen(method)]
    async fn add(this: &Counter, k: u32) -> u32;
    #[wasm_bindgen(method)]
    fn value(this: &Counter) -> u32;
    async fn counter_value(counter: &Counter) -> u32;

    #[wasm_bindgen(catch)]
    async fn catch_value(ok: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn catch_unit(ok: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    async fn catch_u32(ok: bool) -> Result<u32, JsValue>;
    #[wasm_bindgen(catch)]
    async fn catch_string(ok: bool) -> Result<JsString, JsString>;
    #[wasm_bindgen(catch, js_name = throws_sync)]
    async fn throws_sync_value() -> Result<u32, JsValue>;
    #[wasm_bindgen(catch, js_name = throws_sync)]
    async fn throws_sync_unit() -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    async fn throws_sync_string() -> Result<JsString, JsString>;
    #[wasm_bindgen(js_name = nothing)]
    async fn rejects_no_catch_unit_resolving();

    #[wasm_bindgen(js_namespace = api)]
    async fn version() -> String;
    #[wasm_bindgen(js_namespace = "api", js_name = version)]
    async fn version_from_string_namespace() -> String;
    #[wasm_bindgen(js_namespace = ["api", "nested"])]
    async fn depth() -> u32;
    #[wasm_bindgen(js_name = renamedInJs)]
    async fn renamed() -> String;

    fn sleep_then(name: &str, ms: u32) -> Promise<JsString>;
    #[wasm_bindgen(js_name = sleep_then)]
    async fn sleep_then_async(name: &str, ms: u32) -> JsString;
    fn take_log() -> String;

    // Synchronous items stay with the real attribute.
    fn sync_add(a: u32, b: u32) -> u32;
    fn sync_promise_u32() -> Promise<u32>;
}

#[wasm_bindgen(inline_js = "
    export async function inline_twice(x) { return x * 2; }
    export function inline_sync(x) { return x + 1; }
")]
extern "C" {
    async fn inline_twice(x: f64) -> f64;
    fn inline_sync(x: u32) -> u32;
}

#[wasm_bindgen_test]
async fn returns_nothing() {
    let before = nothing_settled();
    nothing().await;
    assert_eq!(
        nothing_settled(),
        before + 1,
        "the promise settled before the await ended"
    );
}

#[wasm_bindgen_test]
async fn returns_js_value() {
    let value = ret_js_value().await;
    let answer = js_sys::Reflect::get(&value, &"answer".into()).unwrap();
    assert_eq!(answer.as_f64(), Some(42.0));
}

#[wasm_bindgen_test]
async fn returns_jscast_types() {
    assert_eq!(ret_js_string().await, "hello");
    assert_eq!(ret_bytes().await.to_vec(), vec![1, 2, 3]);
    let counter = Counter::create(5).await;
    assert_eq!(counter.value(), 5);
}

#[wasm_bindgen_test]
async fn returns_primitives() {
    assert_eq!(ret_u32_max().await, u32::MAX);
    assert_eq!(ret_i32_min().await, i32::MIN);
    assert!((ret_f64().await - 0.300_000_000_000_000_04).abs() < f64::EPSILON);
    assert!(ret_bool().await);
    assert_eq!(ret_string().await, "grüße, 世界");
    assert_eq!(ret_option_u32(true).await, Some(7));
    assert_eq!(ret_option_u32(false).await, None);
}

#[wasm_bindgen_test]
async fn takes_arguments() {
    assert_eq!(sum_primitives(255, -3, 1.5, 'é').await, "255|-3|1.5|é");
    assert_eq!(echo_str("borrowed").await, "str:borrowed");
    assert_eq!(echo_string(String::from("owned")).await, "string:owned");
    assert_eq!(sum_bytes(&[10, 20, 30]).await, 60);
    let counter = Counter::create(8).await;
    assert_eq!(counter_value(&counter).await, 8);
}

#[wasm_bindgen_test]
async fn method_and_static_method() {
    let counter = Counter::create(1).await;
    assert_eq!(counter.add(2).await, 3);
    assert_eq!(counter.add(4).await, 7);
    assert_eq!(counter.value(), 7);
}

#[wasm_bindgen_test]
async fn catch_resolves_ok_and_rejects_err() {
    assert_eq!(catch_value(true).await.unwrap(), "fine");
    let err = catch_value(false).await.unwrap_err();
    assert!(format!("{err:?}").contains("catch_value failed"), "{err:?}");

    catch_unit(true).await.unwrap();
    let err = catch_unit(false).await.unwrap_err();
    assert!(format!("{err:?}").contains("catch_unit failed"), "{err:?}");

    assert_eq!(catch_u32(true).await.unwrap(), 11);
    let err = catch_u32(false).await.unwrap_err();
    assert!(format!("{err:?}").contains("catch_u32 failed"), "{err:?}");

    assert_eq!(catch_string(true).await.unwrap(), "ok string");
    assert_eq!(catch_string(false).await.unwrap_err(), "rejected string");
}

#[wasm_bindgen_test]
async fn synchronous_throw_is_err_under_catch() {
    let err = throws_sync_value().await.unwrap_err();
    assert!(
        format!("{err:?}").contains("thrown synchronously"),
        "{err:?}"
    );
    let err = throws_sync_unit().await.unwrap_err();
    assert!(
        format!("{err:?}").contains("thrown synchronously"),
        "{err:?}"
    );
    assert_eq!(throws_sync_string().await.unwrap_err(), "thrown string");
}

#[wasm_bindgen_test]
async fn unit_import_without_catch_that_resolves() {
    let before = nothing_settled();
    rejects_no_catch_unit_resolving().await;
    assert_eq!(nothing_settled(), before + 1);
}

#[wasm_bindgen_test]
async fn namespaces_and_names() {
    assert_eq!(version().await, "api-1");
    assert_eq!(version_from_string_namespace().await, "api-1");
    assert_eq!(depth().await, 2);
    assert_eq!(renamed().await, "renamed");
    assert!((inline_twice(21.0).await - 42.0).abs() < f64::EPSILON);
}

#[wasm_bindgen_test]
async fn the_call_happens_on_first_poll() {
    take_log();
    let future = sleep_then_async("lazy", 1);
    assert_eq!(
        take_log(),
        "",
        "JS must not be called before the future is polled"
    );
    assert_eq!(future.await, "lazy");
    assert_eq!(take_log(), "start lazy,end lazy");
}

#[wasm_bindgen_test]
async fn join_overlaps_three_imports() {
    take_log();
    let (a, b, c) = futures_util::join!(
        sleep_then_async("a", 30),
        sleep_then_async("b", 20),
        sleep_then_async("c", 10),
    );
    assert_eq!((a, b, c), ("a".into(), "b".into(), "c".into()));
    // All three JS calls start before any timer fires: they ran concurrently.
    assert_eq!(
        take_log(),
        "start a,start b,start c,end c,end b,end a",
        "the three imports must overlap in time"
    );
}

#[wasm_bindgen_test]
async fn seed_recipes_over_our_imports() {
    // Promise::all_tuple over our imports, lifted with future_to_promise_typed.
    let (greeting, bytes) = Promise::all_tuple((
        future_to_promise_typed(async { Ok(ret_js_string().await) }),
        future_to_promise_typed(async { Ok(ret_bytes().await) }),
    ))
    .await
    .unwrap()
    .into_tuple();
    assert_eq!(greeting, "hello");
    assert_eq!(bytes.to_vec(), vec![1, 2, 3]);

    // Promise::all_iterable over a typed Array built with from_iter_typed.
    let names =
        Promise::all_iterable(&Array::from_iter_typed(["x", "y", "z"].into_iter().map(
            |name| future_to_promise_typed(async move { Ok(sleep_then_async(name, 5).await) }),
        )))
        .await
        .unwrap();
    let names: Vec<String> = names.iter().map(String::from).collect();
    assert_eq!(names, ["x", "y", "z"]);
}

#[wasm_bindgen_test]
async fn sync_items_pass_through_beside_async_ones() {
    assert_eq!(sync_add(2, 3), 5);
    assert_eq!(inline_sync(1), 2);
    // A synchronous import returning a typed Promise<T> is the real attribute's.
    assert_eq!(sync_promise_u32().await.unwrap(), 99);
    let promise: Promise<JsString> = sleep_then("typed", 1);
    assert_eq!(promise.await.unwrap(), "typed");
}
