//! An async `start` whose `Result` is an error: as upstream does, the error is thrown
//! from the spawned task, so JS sees it as an uncaught exception. Built with
//! `START_MAIN_PANICS` set (see `build.rs`), it panics instead, which JS sees as an
//! uncaught `Error` naming `start` and the panic. `test/` checks both.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn sleep(ms: u32);
    fn record(event: &str);
}

#[wasm_bindgen(start)]
async fn start() -> Result<(), JsValue> {
    record("start began");
    sleep(1).await;
    record("start failing");
    #[cfg(start_main_panics)]
    panic!("boom in start");
    #[cfg(not(start_main_panics))]
    Err(JsValue::from_str("start failed on purpose"))
}
