//! The demo: async imports of a small JS API (`js/api.js`), awaited from Rust and run in
//! Node. `cargo xtask demo` builds it to wasm, runs `wasm-bindgen --target nodejs` and
//! calls [`run`] from `run.mjs`, which prints what each import returned.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(module = "/js/api.js")]
extern "C" {
    /// Greets someone, after a short delay.
    async fn greet(name: &str) -> String;

    /// Looks an item up; rejects for unknown items, which `catch` turns into `Err`.
    #[wasm_bindgen(catch)]
    async fn lookup(key: &str) -> Result<u32, JsValue>;

    /// A JS class with an async factory and an async method.
    type Inventory;
    #[wasm_bindgen(static_method_of = Inventory)]
    async fn open(name: &str) -> Inventory;
    #[wasm_bindgen(method)]
    async fn total(this: &Inventory) -> u32;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(line: &str);
}

/// Calls every import and prints what it returned; the promise resolves once all are done.
#[wasm_bindgen]
pub fn run() -> Promise {
    future_to_promise(async {
        log(&format!(
            "greet(\"wasm\")         -> {:?}",
            greet("wasm").await
        ));
        log(&format!(
            "lookup(\"apple\")       -> {:?}",
            lookup("apple").await
        ));
        log(&format!(
            "lookup(\"kiwi\")        -> {}",
            describe(lookup("kiwi").await)
        ));
        let inventory = Inventory::open("fruit").await;
        log(&format!(
            "Inventory::total()    -> {}",
            inventory.total().await
        ));
        Ok(JsValue::UNDEFINED)
    })
}

fn describe(result: Result<u32, JsValue>) -> String {
    match result {
        Ok(value) => format!("Ok({value})"),
        Err(error) => format!(
            "Err({})",
            js_sys::Error::from(error)
                .message()
                .as_string()
                .unwrap_or_default()
        ),
    }
}
