//! The runtime async imports are awaited through (`wasm_bindgen_async::__rt`): futures
//! dropped before their promise settles, many awaits at once, thenables that call back
//! twice or synchronously, values that are not promises, and the number conversions of
//! release builds. `live_slots` must return to where it was once everything settled.
#![deny(warnings, clippy::all, clippy::pedantic)]

use js_sys::{JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::__rt::live_slots;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;

mod common;
use common::poll_once_and_drop;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    async fn held_promise(value: u32) -> u32;
    #[wasm_bindgen(js_name = held_promise)]
    async fn held_string(value: &str) -> JsString;
    #[wasm_bindgen(catch)]
    async fn held_rejection(reason: &str) -> Result<u32, JsValue>;
    fn settle_held(reverse: bool) -> u32;
    async fn counted(value: u32) -> u32;
    fn take_calls() -> u32;
    async fn eager_thenable(value: u32) -> u32;
    async fn late_thenable(value: u32) -> u32;
    #[wasm_bindgen(catch)]
    async fn rejecting_thenable(reason: &str) -> Result<(), JsValue>;
    async fn not_a_promise() -> u32;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_f64(value: &JsValue) -> f64;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_option_f64(value: &JsValue) -> Option<f64>;
    async fn resolve_option_string(some: bool) -> Option<JsString>;
    async fn doubling(value: u32) -> u32;
    async fn lazy(value: u32) -> u32;
    #[wasm_bindgen(catch)]
    async fn hostile_constructor() -> Result<u32, JsValue>;
    fn replace_promise_functions();
    async fn tracked_promise(value: u32) -> u32;
    fn restore_promise_functions() -> bool;
    async fn plain_option_string() -> Option<JsString>;
    async fn sync_thenable_option_string() -> Option<JsString>;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_u32_any(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_i32_any(value: &JsValue) -> i32;
}

#[cfg(not(debug_assertions))]
#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_u32(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_i8(value: &JsValue) -> i8;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_usize(value: &JsValue) -> usize;
    #[wasm_bindgen(js_name = resolve_value)]
    async fn resolve_option_u32(value: &JsValue) -> Option<u32>;
}

/// Lets every pending promise callback and microtask run.
async fn next_tick() {
    let tick = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve);
    });
    wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function);
}

#[wasm_bindgen_test]
async fn a_future_dropped_before_its_promise_settles_frees_its_slot_after() {
    next_tick().await;
    let before = live_slots();
    poll_once_and_drop(held_promise(1)).await;
    assert_eq!(live_slots(), before + 1, "the slot waits for the promise");
    assert_eq!(settle_held(false), 1);
    next_tick().await;
    assert_eq!(live_slots(), before, "the settle callback freed the slot");
    // A rejection after the drop is no unhandled panic either.
    poll_once_and_drop(held_rejection("gone")).await;
    settle_held(false);
    next_tick().await;
    assert_eq!(live_slots(), before);
}

#[wasm_bindgen_test]
async fn a_future_dropped_before_its_first_poll_never_calls_js() {
    take_calls();
    drop(counted(1));
    assert_eq!(take_calls(), 0);
    let future = counted(2);
    assert_eq!(take_calls(), 0);
    let settled = async {
        next_tick().await;
        settle_held(false);
    };
    let (value, ()) = futures_util::join!(future, settled);
    assert_eq!((value, take_calls()), (2, 1));
}

#[wasm_bindgen_test]
async fn many_awaits_at_once_each_get_their_own_value() {
    next_tick().await;
    let before = live_slots();
    let futures = (0..500).map(held_promise);
    let settled = async {
        next_tick().await;
        assert_eq!(live_slots(), before + 500);
        assert_eq!(settle_held(true), 500, "settled in reverse order");
    };
    let (values, ()) = futures_util::join!(futures_util::future::join_all(futures), settled);
    assert_eq!(values, (0..500).collect::<Vec<_>>());
    assert_eq!(live_slots(), before);
    // The slots are reused: a second round needs no new ones and gets the right values.
    let strings = (0..50).map(held_string_of);
    let settled = async {
        next_tick().await;
        settle_held(false);
    };
    let (strings, ()) = futures_util::join!(futures_util::future::join_all(strings), settled);
    assert_eq!(strings, (0..50).map(|i| i.to_string()).collect::<Vec<_>>());
    assert_eq!(live_slots(), before);
}

async fn held_string_of(i: u32) -> String {
    String::from(held_string(&i.to_string()).await)
}

#[wasm_bindgen_test]
async fn thenables_that_call_back_twice_settle_once() {
    assert_eq!(eager_thenable(7).await, 7);
    // The late second call of one thenable must not settle another await that reused
    // its slot in between.
    let (a, b) = futures_util::join!(late_thenable(1), async {
        let first = late_thenable(2).await;
        let second = held_promise(3);
        let settle = async {
            next_tick().await;
            next_tick().await;
            settle_held(false);
        };
        let (second, ()) = futures_util::join!(second, settle);
        (first, second)
    });
    assert_eq!((a, b), (1, (2, 3)));
    assert_eq!(
        rejecting_thenable("no")
            .await
            .unwrap_err()
            .as_string()
            .as_deref(),
        Some("no")
    );
}

/// As `await` in JS: a Promise subclass's own `then` is called (one that doubles gives
/// 42 for 21; a lazy one starts its work then), through a native promise that adopts it.
#[wasm_bindgen_test]
async fn promise_subclasses_are_awaited_through_their_own_then() {
    assert_eq!(doubling(21).await, 42);
    assert_eq!(lazy(5).await, 5);
}

/// A native promise whose `constructor` getter throws: adopting it throws, which is the
/// rejection (`await` throws it too).
#[wasm_bindgen_test]
async fn a_promise_that_cannot_be_adopted_rejects_with_why() {
    let error = hostile_constructor().await.unwrap_err();
    assert_eq!(
        js_sys::Reflect::get(&error, &"message".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("no constructor for you")
    );
}

/// `Promise.resolve` and `Promise.prototype.then` replaced after the runtime's first use
/// (zone.js, instrumentation): the runtime calls what it captured.
#[wasm_bindgen_test]
async fn awaits_use_the_promise_functions_captured_at_first_use() {
    assert_eq!(doubling(1).await, 2, "the runtime has been used");
    replace_promise_functions();
    let value = tracked_promise(9).await;
    let untouched = restore_promise_functions();
    assert_eq!(value, 9);
    assert!(untouched, "the replacements never saw our promise");
}

/// Returns that await through the futures crate's `JsFuture` adopt the value first, as
/// `await` does: a value without `then` is the result, a thenable that calls back at once
/// is awaited.
#[wasm_bindgen_test]
async fn returns_through_the_futures_crate_adopt_as_await_does() {
    assert_eq!(
        plain_option_string().await.map(String::from).as_deref(),
        Some("plain")
    );
    assert_eq!(
        sync_thenable_option_string()
            .await
            .map(String::from)
            .as_deref(),
        Some("from a thenable")
    );
}

/// Numbers convert as upstream's glue (`x >>> 0`, `x | 0`) whatever their magnitude, in
/// debug builds (checked: a number) and release builds alike.
#[wasm_bindgen_test]
async fn numbers_convert_modulo_2_32_at_any_magnitude() {
    let n = |x: f64| JsValue::from(x);
    assert_eq!(resolve_u32_any(&n(1e20)).await, 1_661_992_960);
    assert_eq!(resolve_u32_any(&n(-1e20)).await, 2_632_974_336);
    assert_eq!(resolve_u32_any(&n(18_446_744_073_709_551_616.0)).await, 0);
    assert_eq!(resolve_u32_any(&n(-1.0)).await, u32::MAX);
    assert_eq!(resolve_i32_any(&n(1e20)).await, 1_661_992_960);
    assert_eq!(resolve_i32_any(&n(3e9)).await, -1_294_967_296);
    assert_eq!(resolve_i32_any(&n(-2.5)).await, -2);
}

/// As `await 5` in JS: a value that is no thenable is the result.
#[wasm_bindgen_test]
async fn a_value_without_then_is_its_own_result() {
    assert_eq!(not_a_promise().await, 5);
}

#[wasm_bindgen_test]
async fn awaits_inside_spawned_tasks() {
    let (sender, receiver) = shared_cell();
    spawn_local(async move {
        let value = held_promise(41).await + 1;
        sender.set(value);
    });
    next_tick().await;
    settle_held(false);
    next_tick().await;
    assert_eq!(receiver.get(), 42);
}

/// A one-shot cell shared with a spawned task.
fn shared_cell() -> (
    std::rc::Rc<std::cell::Cell<u32>>,
    std::rc::Rc<std::cell::Cell<u32>>,
) {
    let cell = std::rc::Rc::new(std::cell::Cell::new(0));
    (cell.clone(), cell)
}

#[wasm_bindgen_test]
async fn returns_that_are_not_jscast_await_as_upstream() {
    assert_eq!(
        resolve_option_string(true)
            .await
            .map(String::from)
            .as_deref(),
        Some("there")
    );
    assert!(resolve_option_string(false).await.is_none());
    assert!((resolve_f64(&JsValue::from(0.5)).await - 0.5).abs() < f64::EPSILON);
    assert_eq!(resolve_option_f64(&JsValue::NULL).await, None);
    assert_eq!(resolve_option_f64(&JsValue::from(2.0)).await, Some(2.0));
}

/// In release builds numbers are not checked: converted as a wasm parameter of their
/// ABI type converts a JS value (ToNumber, then modulo 2^32), as upstream's typed
/// closure does.
#[cfg(not(debug_assertions))]
#[wasm_bindgen_test]
async fn release_numbers_convert_as_wasm_parameters() {
    let n = |x: f64| JsValue::from(x);
    assert_eq!(resolve_u32(&n(4_294_967_301.0)).await, 5);
    assert_eq!(resolve_u32(&n(-1.0)).await, u32::MAX);
    assert_eq!(resolve_u32(&n(3.9)).await, 3);
    assert_eq!(resolve_u32(&JsValue::from("12")).await, 12);
    assert_eq!(resolve_u32(&JsValue::UNDEFINED).await, 0);
    assert_eq!(resolve_u32(&n(f64::INFINITY)).await, 0);
    assert_eq!(resolve_i8(&n(200.0)).await, -56);
    assert_eq!(resolve_usize(&n(-2.0)).await, usize::MAX - 1);
    assert_eq!(resolve_option_u32(&JsValue::NULL).await, None);
    assert_eq!(resolve_option_u32(&n(7.0)).await, Some(7));
    assert!(resolve_f64(&JsValue::UNDEFINED).await.is_nan());
}
