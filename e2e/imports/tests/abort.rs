//! `abortable` async imports: the JS function gets an `AbortSignal` last; dropping the
//! Rust future before its promise settles aborts it.
#![deny(warnings, clippy::all, clippy::pedantic)]

use futures_util::future::{select, Either};
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::__rt::live_slots;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

mod common;
use common::poll_once_and_drop;

#[wasm_bindgen(module = "/js/abort.js")]
extern "C" {
    #[wasm_bindgen(abortable)]
    async fn slow(value: u32, ms: u32) -> u32;
    #[wasm_bindgen(abortable, catch, js_name = slow)]
    async fn slow_caught(value: u32, ms: u32) -> Result<u32, JsValue>;
    #[wasm_bindgen(abortable)]
    async fn slow_text(ms: u32) -> Option<JsString>;
    /// The declaration puts the signal first; Rust callers do not pass it.
    #[wasm_bindgen(abortable, js_name = slow_signal_first)]
    async fn slow_first(signal: AbortSignal, value: u32, ms: u32) -> u32;
    async fn sleep(ms: u32);
    fn take_calls() -> u32;
    fn last_signal() -> String;
    fn aborted_count() -> u32;
    fn forget_signals();
    /// Resolves at once (an already resolved promise).
    #[wasm_bindgen(abortable)]
    async fn quick(value: u32) -> u32;
    #[wasm_bindgen(abortable)]
    async fn quick_text() -> Option<JsString>;
}

#[wasm_bindgen_test]
async fn completes_with_a_live_signal() {
    forget_signals();
    assert_eq!(slow(7, 1).await, 7);
    assert_eq!(last_signal(), "live", "no abort after normal completion");
    assert_eq!(slow_caught(8, 1).await.unwrap(), 8);
    assert_eq!(
        slow_text(1).await.map(String::from).as_deref(),
        Some("text")
    );
    assert_eq!(last_signal(), "live");
}

#[wasm_bindgen_test]
fn dropped_before_its_first_poll_never_calls_js() {
    take_calls();
    drop(slow(1, 1));
    assert_eq!(take_calls(), 0);
}

#[wasm_bindgen_test]
async fn dropped_while_pending_aborts_with_an_abort_error() {
    forget_signals();
    sleep(0).await;
    let before = live_slots();
    poll_once_and_drop(slow(1, 10_000)).await;
    // The abort comes in the next microtask, after the reactions already queued.
    assert_eq!(last_signal(), "live");
    sleep(0).await;
    assert_eq!(last_signal(), "aborted: AbortError");
    // The JS promise rejects with the reason; the slot is freed then.
    sleep(0).await;
    assert_eq!(live_slots(), before);
    poll_once_and_drop(slow_caught(1, 10_000)).await;
    sleep(0).await;
    assert_eq!(last_signal(), "aborted: AbortError");
    poll_once_and_drop(slow_text(10_000)).await;
    sleep(0).await;
    assert_eq!(last_signal(), "aborted: AbortError");
}

#[wasm_bindgen_test]
async fn the_loser_of_a_race_against_a_timer_is_aborted() {
    forget_signals();
    let request = Box::pin(slow(1, 10_000));
    let timeout = Box::pin(sleep(5));
    match select(request, timeout).await {
        Either::Left(_) => panic!("the 10 s request cannot win"),
        Either::Right(((), request)) => drop(request),
    }
    sleep(0).await;
    assert_eq!(last_signal(), "aborted: AbortError");
    // And the winner of another race is not aborted.
    let request = Box::pin(slow(2, 1));
    let timeout = Box::pin(sleep(1_000));
    match select(request, timeout).await {
        Either::Left((value, _)) => assert_eq!(value, 2),
        Either::Right(_) => panic!("the 1 ms request must win"),
    }
    assert_eq!(last_signal(), "live");
}

#[wasm_bindgen_test]
async fn many_aborted_calls_leave_nothing_behind() {
    forget_signals();
    sleep(0).await;
    let before = live_slots();
    for i in 0..1000 {
        poll_once_and_drop(slow(i, 10_000)).await;
    }
    sleep(0).await;
    assert_eq!(aborted_count(), 1000);
    sleep(0).await;
    assert_eq!(live_slots(), before);
    forget_signals();
}

#[wasm_bindgen_test]
async fn the_signal_goes_where_the_declaration_says() {
    forget_signals();
    assert_eq!(slow_first(3, 1).await, 3);
    assert_eq!(last_signal(), "live");
    poll_once_and_drop(slow_first(4, 10_000)).await;
    sleep(0).await;
    assert_eq!(last_signal(), "aborted: AbortError");
}

/// A call whose promise settled is never aborted, even if its future is dropped before
/// taking the result: its promise resolved at once (the reaction is queued when the
/// future is dropped), and a `select` of two calls that both settled in the same turn.
#[wasm_bindgen_test]
async fn a_call_that_settled_is_not_aborted_when_its_result_is_unread() {
    forget_signals();
    poll_once_and_drop(quick(1)).await;
    sleep(0).await;
    assert_eq!(last_signal(), "live", "settled before the drop: no abort");
    poll_once_and_drop(quick_text()).await;
    sleep(0).await;
    assert_eq!(
        last_signal(),
        "live",
        "the same on the futures crate's path"
    );
    forget_signals();
    match select(Box::pin(quick(1)), Box::pin(quick(2))).await {
        Either::Left((value, loser)) => {
            assert_eq!(value, 1);
            drop(loser);
        }
        Either::Right(_) => panic!("the left side is polled first"),
    }
    sleep(0).await;
    assert_eq!(aborted_count(), 0, "the loser had settled too");
}
