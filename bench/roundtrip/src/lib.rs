//! Round trips between Rust and JS, for `cargo xtask bench` and `cargo xtask soak`.
//!
//! The same source is built twice: with our attribute (default) and with upstream
//! wasm-bindgen's own (`--features upstream`), whose native async support it is
//! measured against.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use core::future::Future;

use wasm_bindgen::prelude::*;
#[cfg(not(feature = "upstream"))]
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn js_identity(x: u32) -> u32;
    #[wasm_bindgen(catch)]
    async fn js_reject(x: u32) -> Result<u32, JsValue>;
}

/// Rust awaiting a JS async function `n` times, one after the other.
#[wasm_bindgen]
pub async fn rust_awaits_js(n: u32) -> u32 {
    let mut sum = 0u32;
    for i in 0..n {
        sum = sum.wrapping_add(js_identity(i).await);
    }
    sum
}

#[cfg(not(feature = "upstream"))]
#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    fn js_numbers(n: u32) -> impl futures_util::Stream<Item = u32>;
}

#[cfg(feature = "upstream")]
#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    fn js_numbers(n: u32) -> js_sys::AsyncIterator;
}

/// Rust reading the `n` items of a JS async generator: our stream import, or with
/// upstream's attribute the futures crate's `JsStream` over the same generator (one
/// `JsFuture` per item, the item converted by hand).
#[wasm_bindgen]
pub async fn rust_reads_js_stream(n: u32) -> u32 {
    use futures_util::StreamExt;
    #[cfg(not(feature = "upstream"))]
    let mut items = Box::pin(js_numbers(n));
    #[cfg(feature = "upstream")]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut items = wasm_bindgen_futures::stream::JsStream::from(js_numbers(n)).map(|item| {
        item.ok()
            .and_then(|value| value.as_f64())
            .map_or(0, |x| x as u32)
    });
    let mut sum = 0u32;
    while let Some(x) = items.next().await {
        sum = sum.wrapping_add(x);
    }
    sum
}

#[cfg(not(feature = "upstream"))]
#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    fn js_endless() -> impl futures_util::Stream<Item = u32>;
}

/// Opens `n` endless JS async generators, reads two items of each and drops the stream,
/// which calls the generator's `return()`; resolves how many items were read. (Ours
/// only: the soak's streams dropped mid-way.)
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen]
pub async fn rust_drops_js_streams(n: u32) -> u32 {
    use futures_util::StreamExt;
    let mut read = 0;
    for _ in 0..n {
        let mut items = Box::pin(js_endless());
        for expected in 0..2 {
            if items.next().await == Some(expected) {
                read += 1;
            }
        }
    }
    read
}

/// An endless Rust stream, counting its drops: the soak's streams left mid-way by JS.
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen]
pub fn rust_endless() -> impl futures_util::Stream<Item = u32> {
    use futures_util::StreamExt;
    struct Counted;
    impl Drop for Counted {
        fn drop(&mut self) {
            DROPPED.with(|dropped| dropped.set(dropped.get() + 1));
        }
    }
    let counted = Counted;
    futures_util::stream::iter(0..).map(move |x| {
        let _ = &counted;
        x
    })
}

#[cfg(not(feature = "upstream"))]
std::thread_local! {
    static DROPPED: core::cell::Cell<u32> = const { core::cell::Cell::new(0) };
}

/// How many `rust_endless` streams were dropped.
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen]
#[must_use]
pub fn rust_endless_dropped() -> u32 {
    DROPPED.with(core::cell::Cell::get)
}

/// A Rust stream of `0..n` for JS to read with `next()`: our stream export.
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen]
pub fn rust_numbers(n: u32) -> impl futures_util::Stream<Item = u32> {
    futures_util::stream::iter(0..n)
}

/// The hand-written equivalent under upstream's attribute: an exported struct whose
/// async `next()` resolves a JS `{ value, done }` object.
#[cfg(feature = "upstream")]
#[wasm_bindgen]
pub struct Numbers {
    next: u32,
    end: u32,
}

#[cfg(feature = "upstream")]
#[wasm_bindgen]
impl Numbers {
    /// The next step, `{ value, done }`.
    #[allow(clippy::unused_async)]
    pub async fn next(&mut self) -> JsValue {
        let step = js_sys::Object::new();
        let done = self.next >= self.end;
        let value = if done {
            JsValue::UNDEFINED
        } else {
            self.next += 1;
            JsValue::from(self.next - 1)
        };
        let _ = js_sys::Reflect::set(&step, &"value".into(), &value);
        let _ = js_sys::Reflect::set(&step, &"done".into(), &JsValue::from_bool(done));
        step.into()
    }
}

/// The stream of `0..n` under upstream's attribute.
#[cfg(feature = "upstream")]
#[wasm_bindgen]
#[must_use]
pub fn rust_numbers(n: u32) -> Numbers {
    Numbers { next: 0, end: n }
}

/// Rust awaiting `n` rejected JS promises under `catch`; resolves how many were `Err`.
#[wasm_bindgen]
pub async fn rust_awaits_rejections(n: u32) -> u32 {
    let mut rejected = 0;
    for i in 0..n {
        if js_reject(i).await.is_err() {
            rejected += 1;
        }
    }
    rejected
}

/// An async export for JS to await: resolves `x + 1` (nothing to await inside: this
/// measures the export path itself).
#[allow(clippy::unused_async)]
#[wasm_bindgen]
pub async fn rust_identity(x: u32) -> u32 {
    x.wrapping_add(1)
}

/// Starts `n` awaits of a JS async function, polls each once (the JS function is
/// called, its promise is pending) and drops it before the promise settles; resolves how
/// many were pending when dropped. The promises settle afterwards, into futures that no
/// longer exist.
#[wasm_bindgen]
pub async fn rust_drops_js_futures(n: u32) -> u32 {
    drop_each_pending(n, js_identity).await
}

/// Makes `n` futures with `make`, polls each once and drops it; how many were pending.
async fn drop_each_pending<F: Future>(n: u32, make: impl Fn(u32) -> F) -> u32 {
    let mut pending = 0;
    for i in 0..n {
        let mut future = core::pin::pin!(make(i));
        core::future::poll_fn(|cx| {
            if future.as_mut().poll(cx).is_pending() {
                pending += 1;
            }
            core::task::Poll::Ready(())
        })
        .await;
    }
    pending
}

#[cfg(not(feature = "upstream"))]
#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    #[wasm_bindgen(abortable)]
    async fn js_until_aborted(x: u32) -> u32;
}

/// Starts `n` `abortable` imports whose promise settles only when aborted, polls each
/// once and drops it (which aborts it); resolves how many were pending when dropped.
/// (Ours only: upstream has no `abortable`.)
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen]
pub async fn rust_aborts_js(n: u32) -> u32 {
    drop_each_pending(n, js_until_aborted).await
}

/// An `abortable` export that never completes on its own: it awaits an `abortable`
/// import that settles only when aborted. Aborted from JS, the export's future is dropped,
/// which aborts the import in turn. (Ours only.)
#[cfg(not(feature = "upstream"))]
#[wasm_bindgen(abortable)]
pub async fn rust_until_aborted() -> u32 {
    js_until_aborted(0).await
}

/// Awaits still attached to a promise, or holding a result not yet taken, and async
/// export calls pending, in our runtime's tables (0 for upstream's build, which has no
/// such tables).
#[wasm_bindgen]
#[must_use]
pub fn live_slots() -> u32 {
    #[cfg(not(feature = "upstream"))]
    let live = u32::try_from(
        wasm_bindgen_async::__rt::live_slots() + wasm_bindgen_async::__rt::live_tasks(),
    )
    .unwrap_or(u32::MAX);
    #[cfg(feature = "upstream")]
    let live = 0;
    live
}

/// Live slots of the externref heap (the soak test's leak check).
#[wasm_bindgen]
#[must_use]
pub fn live_externrefs() -> u32 {
    wasm_bindgen::externref_heap_live_count()
}
