//! Stream imports: a `fn` returning `impl Stream<Item = T>` reads the JS async iterable
//! (or sync iterable) its JS function returns, as `for await` reads it: one `next()` per
//! item, in order; dropping the stream before the end calls `return()` once.
#![deny(warnings, clippy::all, clippy::pedantic)]

use futures_util::stream::{Stream, StreamExt};
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::__rt::live_slots;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

mod common;

#[wasm_bindgen(module = "/js/streams.js")]
extern "C" {
    fn take_seen(what: &str) -> u32;
    /// Zeroes every record.
    fn reset_seen();
    /// Waits for JS's pending jobs (a `finally` after `return()`): a 5 ms timer.
    #[wasm_bindgen(js_name = pause)]
    async fn settle_js();
    fn numbers(n: u32) -> impl Stream<Item = u32>;
    fn words() -> impl Stream<Item = String>;
    #[wasm_bindgen(js_name = words)]
    fn words_js() -> impl Stream<Item = JsString>;
    fn readable(chunks: Vec<JsValue>) -> impl Stream<Item = JsValue>;
    fn sync_iterable() -> impl Stream<Item = u32>;
    fn a_string() -> impl Stream<Item = char>;
    #[wasm_bindgen(catch)]
    fn not_iterable() -> impl Stream<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn throws_at_once() -> impl Stream<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn fails_after(n: u32) -> impl Stream<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn next_throws() -> impl Stream<Item = Result<u32, JsValue>>;
    fn counting() -> impl Stream<Item = u32>;
    #[wasm_bindgen(catch)]
    fn mixed() -> impl Stream<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch, js_name = mixed)]
    fn mixed_strings() -> impl Stream<Item = Result<String, JsValue>>;
    #[wasm_bindgen(js_name = numbers)]
    fn ticks(n: u32) -> impl Stream<Item = ()>;
    fn finally_throws() -> impl Stream<Item = u32>;
    #[wasm_bindgen(abortable)]
    fn until_aborted() -> impl Stream<Item = u32>;

    fn function_iterator() -> impl Stream<Item = u32>;
    #[wasm_bindgen(catch)]
    fn final_rejects() -> impl Stream<Item = Result<u32, JsValue>>;

    type Bag;
    fn make_bag(items: Vec<u32>) -> Bag;
    #[wasm_bindgen(method)]
    fn items(this: &Bag) -> impl Stream<Item = u32>;
    #[wasm_bindgen(static_method_of = Bag)]
    fn range(n: u32) -> impl Stream<Item = u32>;
    #[wasm_bindgen(js_namespace = streaming)]
    fn letters() -> impl Stream<Item = String>;
}

/// Lets the jobs of earlier tests run (their `finally`s), then zeroes the records.
async fn fresh() {
    settle_js().await;
    reset_seen();
}

#[wasm_bindgen_test]
async fn an_async_generator_is_read_to_its_end() {
    fresh().await;
    let items: Vec<u32> = numbers(4).collect().await;
    assert_eq!(items, [0, 1, 2, 3]);
    settle_js().await;
    assert_eq!(take_seen("finally"), 1, "its finally ran once, at its end");
    assert_eq!(live_slots(), 0);
}

#[wasm_bindgen_test]
async fn items_are_converted_as_async_import_results_are() {
    let items: Vec<String> = words().collect().await;
    assert_eq!(items, ["alpha", "beta"]);
    let items: Vec<String> = words_js().map(String::from).collect().await;
    assert_eq!(items, ["alpha", "beta"]);
    let chars: Vec<char> = a_string().collect().await;
    assert_eq!(
        chars,
        ['a', 'b'],
        "a string is a sync iterable of its characters"
    );
    assert_eq!(ticks(3).count().await, 3);
}

#[wasm_bindgen_test]
async fn dropping_before_the_end_calls_return_once_and_runs_finally() {
    fresh().await;
    let mut stream = Box::pin(numbers(10));
    assert_eq!(stream.next().await, Some(0));
    assert_eq!(stream.next().await, Some(1));
    drop(stream);
    settle_js().await;
    assert_eq!(take_seen("finally"), 1);

    let mut stream = Box::pin(counting());
    assert_eq!(stream.next().await, Some(1));
    drop(stream);
    assert_eq!(take_seen("returns"), 1);
    assert_eq!(
        take_seen("nexts"),
        1,
        "pull-based: no next() ahead of the reader"
    );
}

#[wasm_bindgen_test]
async fn dropping_while_a_next_is_pending_calls_return_and_frees_the_await() {
    fresh().await;
    let mut stream = Box::pin(counting());
    common::poll_once_and_drop(stream.next()).await;
    drop(stream);
    assert_eq!(take_seen("returns"), 1);
    assert_eq!(take_seen("nexts"), 1);
    settle_js().await;
    assert_eq!(
        live_slots(),
        0,
        "the pending next()'s await was freed when it settled"
    );
}

#[wasm_bindgen_test]
async fn a_readable_stream_is_read_and_cancelled_by_a_drop() {
    fresh().await;
    let chunks = vec![JsValue::from(1), JsValue::from("two"), JsValue::from(3)];
    let read: Vec<JsValue> = readable(chunks.clone()).collect().await;
    assert_eq!(read, chunks);
    assert_eq!(take_seen("cancelled"), 0);

    let mut stream = Box::pin(readable(chunks));
    assert_eq!(stream.next().await, Some(JsValue::from(1)));
    drop(stream);
    settle_js().await;
    assert_eq!(
        take_seen("cancelled"),
        1,
        "return() cancelled the ReadableStream"
    );
}

#[wasm_bindgen_test]
async fn a_sync_iterable_is_adopted_and_its_values_awaited() {
    let items: Vec<u32> = sync_iterable().collect().await;
    assert_eq!(items, [1, 2, 3]);
}

#[wasm_bindgen_test]
async fn under_catch_errors_are_one_err_that_ends_the_stream() {
    fresh().await;
    let items: Vec<Result<u32, JsValue>> = fails_after(2).collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().ok(), Some(&0));
    assert_eq!(items[1].as_ref().ok(), Some(&1));
    let error = items[2].as_ref().unwrap_err();
    assert_eq!(
        js_sys::Reflect::get(error, &"message".into()).unwrap(),
        "failed after 2"
    );

    let items: Vec<Result<u32, JsValue>> = throws_at_once().collect().await;
    assert_eq!(items.len(), 1);
    assert!(format!("{:?}", items[0]).contains("thrown by the call"));

    let items: Vec<Result<u32, JsValue>> = not_iterable().collect().await;
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .is_instance_of::<js_sys::TypeError>());

    let items: Vec<Result<u32, JsValue>> = next_throws().collect().await;
    assert_eq!(items.len(), 1);
    assert!(format!("{:?}", items[0]).contains("next threw"));
    assert_eq!(
        take_seen("returns"),
        0,
        "no return() after next() threw, as for await"
    );
}

#[wasm_bindgen_test]
async fn under_catch_an_item_of_the_wrong_type_is_an_err_and_the_stream_goes_on() {
    // `String` items are checked in every build.
    let items: Vec<Result<String, JsValue>> = mixed_strings().collect().await;
    assert_eq!(items.len(), 3);
    let error = format!("{:?}", items[0].as_ref().unwrap_err());
    assert!(
        error.contains(
            "stream import `mixed_strings` is declared to yield `String`, but it yielded"
        ),
        "{error}"
    );
    assert_eq!(items[1].as_deref().ok(), Some("two"));
    assert!(items[2].is_err());
}

/// Numbers are checked in builds with `debug_assertions` (as async import results are).
#[cfg(debug_assertions)]
#[wasm_bindgen_test]
async fn under_catch_a_number_of_the_wrong_type_is_an_err_in_debug_builds() {
    let items: Vec<Result<u32, JsValue>> = mixed().collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().ok(), Some(&1));
    let error = format!("{:?}", items[1].as_ref().unwrap_err());
    assert!(
        error.contains("stream import `mixed` is declared to yield `u32`, but it yielded"),
        "{error}"
    );
    assert_eq!(items[2].as_ref().ok(), Some(&3));
}

#[wasm_bindgen_test]
async fn a_rejected_return_is_not_left_unhandled() {
    fresh().await;
    let mut stream = Box::pin(finally_throws());
    assert_eq!(stream.next().await, Some(1));
    drop(stream);
    settle_js().await;
    assert_eq!(take_seen("finally"), 1);
}

#[wasm_bindgen_test]
async fn abortable_aborts_the_signal_when_dropped_before_the_end() {
    fresh().await;
    let mut stream = Box::pin(until_aborted());
    assert_eq!(stream.next().await, Some(0));
    assert_eq!(stream.next().await, Some(1));
    drop(stream);
    settle_js().await;
    assert_eq!(take_seen("aborted"), 1);
}

#[wasm_bindgen_test]
async fn methods_static_methods_and_namespaces() {
    let bag = make_bag(vec![5, 6]);
    let items: Vec<u32> = bag.items().collect().await;
    assert_eq!(items, [5, 6]);
    let items: Vec<u32> = Bag::range(3).collect().await;
    assert_eq!(items, [0, 1, 2]);
    let items: Vec<String> = letters().collect().await;
    assert_eq!(items, ["x", "y"]);
}

#[wasm_bindgen_test]
async fn two_streams_read_in_turns() {
    let mut a = Box::pin(numbers(3));
    let mut b = Box::pin(words());
    assert_eq!(a.next().await, Some(0));
    assert_eq!(b.next().await.as_deref(), Some("alpha"));
    assert_eq!(a.next().await, Some(1));
    assert_eq!(b.next().await.as_deref(), Some("beta"));
    assert_eq!(b.next().await, None);
    assert_eq!(b.next().await, None, "fused: None again after the end");
    assert_eq!(a.next().await, Some(2));
    assert_eq!(a.next().await, None);
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[wasm_bindgen_test]
async fn a_stream_is_send_where_async_import_futures_are() {
    // On wasm32 without atomics (this build), as the futures of async imports are: one
    // thread per module instance (`tests/send.rs`).
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let items: Vec<u32> = assert_send(numbers(2)).collect().await;
    assert_eq!(items, [0, 1]);
    let mut stream = Box::pin(assert_send(until_aborted()));
    assert_eq!(stream.next().await, Some(0));
}

#[wasm_bindgen_test]
async fn iterators_and_results_that_are_functions_are_objects() {
    let items: Vec<u32> = function_iterator().collect().await;
    assert_eq!(items, [1, 2]);
}

#[wasm_bindgen_test]
async fn a_sync_iterators_final_value_is_awaited_too() {
    let items: Vec<Result<u32, JsValue>> = final_rejects().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().ok(), Some(&1));
    assert!(format!("{:?}", items[1]).contains("the final value rejected"));
}
