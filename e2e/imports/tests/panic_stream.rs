//! A stream import without `catch` whose iterator fails panics naming the import and
//! the reason. One panicking test per binary: see `panic_null_for_string.rs`.
#![deny(warnings, clippy::all, clippy::pedantic)]

use futures_util::stream::{Stream, StreamExt};
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/streams.js")]
extern "C" {
    fn fails_after(n: u32) -> impl Stream<Item = u32>;
}

#[wasm_bindgen_test]
#[should_panic(
    expected = "stream import `fails_after` failed and has no `catch`: JsValue(Error: failed after 1"
)]
async fn a_failing_stream_without_catch_panics_naming_the_import_and_the_reason() {
    let mut stream = Box::pin(fails_after(1));
    assert_eq!(stream.next().await, Some(0));
    stream.next().await;
}
