//! A stream import without `catch` whose JS function throws panics naming the import (at
//! the first poll), as for its other failures. One panicking test per binary: see
//! `panic_null_for_string.rs`.
#![deny(warnings, clippy::all, clippy::pedantic)]

use futures_util::stream::{Stream, StreamExt};
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/streams.js")]
extern "C" {
    fn throws_at_once() -> impl Stream<Item = u32>;
}

#[wasm_bindgen_test]
#[should_panic(
    expected = "stream import `throws_at_once` failed and has no `catch`: JsValue(Error: thrown by the call"
)]
async fn a_throwing_call_without_catch_panics_naming_the_import() {
    let mut stream = Box::pin(throws_at_once());
    stream.next().await;
}
