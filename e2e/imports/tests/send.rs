//! On wasm32 without atomics (one thread per module instance, where wasm-bindgen marks
//! `JsValue` `Send`), the futures of async imports are `Send` when their arguments are:
//! they can be awaited where a `Send` future is required (a boxed `dyn Future + Send`, as
//! `async_trait` makes by default). Under `+atomics` they are not (the await table is per
//! thread). Returns that await through the futures crate's `JsFuture` (the typed fallback,
//! `Option<JsString>` for one) are not `Send` anywhere, as with upstream's attribute.
#![cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#![deny(warnings, clippy::all, clippy::pedantic)]

use core::future::Future;
use core::pin::Pin;

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/send.js")]
extern "C" {
    #[wasm_bindgen(js_name = later)]
    async fn later_u32(value: u32, ms: u32) -> u32;
    #[wasm_bindgen(catch, js_name = later)]
    async fn later_caught(value: u32, ms: u32) -> Result<u32, JsValue>;
    #[wasm_bindgen(abortable, js_name = later_or_abort)]
    async fn later_abortable(value: u32, ms: u32) -> u32;
    #[wasm_bindgen(js_name = later)]
    async fn later_value(value: &JsValue, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = later)]
    async fn later_text(value: &str, ms: u32) -> String;
    #[wasm_bindgen(js_name = later)]
    async fn later_js_string(value: &str, ms: u32) -> JsString;
    #[wasm_bindgen(js_name = later)]
    async fn sleep(value: u32, ms: u32);
}

/// A boxed future that must be `Send` (what `async_trait` returns by default).
type SendFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

fn boxed<'a, T>(future: impl Future<Output = T> + Send + 'a) -> SendFuture<'a, T> {
    Box::pin(future)
}

/// A trait of `async_trait` with its default bound (`Send` futures), implemented with
/// async imports inside.
#[async_trait::async_trait]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Remote;

#[async_trait::async_trait]
impl Store for Remote {
    async fn get(&self, key: u32) -> u32 {
        sleep(0, 1).await;
        let doubled = later_u32(key * 2, 1).await;
        let caught = later_caught(doubled + 1, 1).await.unwrap_or(0);
        later_abortable(caught, 1).await
    }
}

#[wasm_bindgen_test]
async fn import_futures_are_send_and_work_where_send_is_required() {
    assert_eq!(Remote.get(20).await, 41);
    let value = JsValue::from(7);
    assert_eq!(boxed(later_value(&value, 1)).await, 7);
    assert_eq!(boxed(later_text("hi", 1)).await, "hi");
    assert_eq!(String::from(boxed(later_js_string("ho", 1)).await), "ho");
}
