//! An async `main`, run by the JS glue when the module is instantiated.
#![deny(warnings, clippy::all, clippy::pedantic)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn sleep(ms: u32);
    fn record(event: &str);
}

#[wasm_bindgen(main)]
async fn main() -> Result<(), JsValue> {
    record("main began");
    sleep(1).await;
    record("main done");
    Ok(())
}
