//! Async imports and exports without any JS snippet (`module`, `inline_js`), so that the
//! same `.wasm` works under every `wasm-bindgen --target`, `no-modules` included: the
//! imports are globals the host defines (`globalThis.host`). `run.mjs` (Node) and
//! `page.html` (headless Chromium and Firefox) drive it; each asserts the same results.
#![deny(warnings, clippy::all, clippy::pedantic)]

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(js_namespace = host)]
extern "C" {
    async fn identity(x: u32) -> u32;
    #[wasm_bindgen(catch)]
    async fn reject(reason: &str) -> Result<u32, JsValue>;
    async fn greet(name: &str) -> JsString;
    /// A promise that settles when the host says so.
    async fn held(x: u32) -> u32;
    /// Settles only when its signal aborts.
    #[wasm_bindgen(abortable)]
    async fn until_aborted() -> u32;
}

/// Awaits `identity` `n` times; resolves the sum (mod 2^32).
#[wasm_bindgen]
pub async fn sum(n: u32) -> u32 {
    let mut total = 0u32;
    for i in 0..n {
        total = total.wrapping_add(identity(i).await);
    }
    total
}

/// Awaits a rejection under `catch`; resolves its reason.
#[wasm_bindgen]
pub async fn rejection(reason: String) -> JsValue {
    reject(&reason).await.expect_err("the host rejects")
}

/// Awaits `greet` twice, concurrently.
#[wasm_bindgen]
pub async fn greetings(a: String, b: String) -> String {
    let (a, b) = (greet(&a), greet(&b));
    let a = a.await;
    let b = b.await;
    format!("{a} {b}")
}

/// Starts an await of `held`, polls it once and drops it: the promise settles later.
///
/// # Panics
/// If the first poll is not pending (the host's promise settled synchronously).
#[wasm_bindgen]
pub async fn drop_pending() {
    let mut future = core::pin::pin!(held(1));
    core::future::poll_fn(|cx| {
        assert!(core::future::Future::poll(future.as_mut(), cx).is_pending());
        core::task::Poll::Ready(())
    })
    .await;
}

/// Polls an `abortable` import once and drops it: JS sees its signal abort.
///
/// # Panics
/// If the first poll is not pending.
#[wasm_bindgen]
pub async fn drop_abortable() {
    let mut future = core::pin::pin!(until_aborted());
    core::future::poll_fn(|cx| {
        assert!(core::future::Future::poll(future.as_mut(), cx).is_pending());
        core::task::Poll::Ready(())
    })
    .await;
}

/// An `abortable` export: resolves `x` after a promise the host holds, unless JS aborts
/// its signal first.
#[wasm_bindgen(abortable)]
pub async fn cancellable(x: u32) -> u32 {
    held(x).await
}

/// Panics after an await: the promise rejects with the panic, and the instance is
/// poisoned.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics() -> u32 {
    let _ = identity(1).await;
    panic!("boom in a browser")
}

/// Awaits of the runtime still attached to a promise or holding an unread result.
#[wasm_bindgen]
#[must_use]
pub fn live_slots() -> u32 {
    u32::try_from(wasm_bindgen_async::__rt::live_slots()).unwrap_or(u32::MAX)
}

/// The `+atomics` half of the `Send` proof (`cargo xtask test threads` builds this crate
/// with `--cfg targets_assert_send` and expects this to fail to compile): with threads, an
/// async import's future stays `!Send`, since its slot is in this thread's await table.
/// (Without atomics it is `Send`: `e2e/imports/tests/send.rs`.)
#[cfg(targets_assert_send)]
pub fn import_futures_are_send() {
    fn assert_send<T: Send>(_: T) {}
    assert_send(identity(1));
}
