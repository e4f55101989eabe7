//! `abortable` async imports: the JS function gets an `AbortSignal` as its last argument,
//! and dropping the Rust future before the promise settles aborts it.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// `AbortController` (no `web-sys`: these three members are all we need).
    #[wasm_bindgen(js_name = AbortController)]
    type Controller;

    #[wasm_bindgen(constructor, js_class = "AbortController")]
    fn new() -> Controller;

    #[wasm_bindgen(method, getter, js_class = "AbortController")]
    fn signal(this: &Controller) -> JsValue;

    #[wasm_bindgen(method, js_class = "AbortController")]
    fn abort(this: &Controller);
}

/// The `AbortController` of one call, and its signal.
pub struct Abort {
    controller: Controller,
    signal: JsValue,
}

impl Abort {
    /// A new controller (made when the call is made: on the future's first poll).
    #[must_use]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Abort {
        let controller = Controller::new();
        let signal = controller.signal();
        Abort { controller, signal }
    }

    /// The signal the JS function gets.
    #[must_use]
    pub fn signal(&self) -> &JsValue {
        &self.signal
    }
}

/// `future`, which aborts the signal if it is dropped before it completes.
pub struct AbortOnDrop<F> {
    future: F,
    /// Disarmed (`None`) once the future completed.
    abort: Option<Abort>,
}

impl<F: Future + Unpin> AbortOnDrop<F> {
    /// Arms `abort` for `future`.
    pub fn new(abort: Abort, future: F) -> Self {
        AbortOnDrop {
            future,
            abort: Some(abort),
        }
    }
}

impl<F: Future + Unpin> Future for AbortOnDrop<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = Pin::new(&mut self.future).poll(cx);
        if polled.is_ready() {
            self.abort = None;
        }
        polled
    }
}

impl<F> Drop for AbortOnDrop<F> {
    fn drop(&mut self) {
        // Before `future` is dropped: the JS side sees the abort while the await is still
        // attached to its promise (which then settles into an abandoned slot).
        if let Some(abort) = self.abort.take() {
            abort.controller.abort();
        }
    }
}

/// An `abortable` export's future: `future`, unless `signal` (the optional last argument
/// JS passed) aborts first. Then `future` is dropped where it is (at its current await)
/// and the result is `Err(signal.reason)`; a signal aborted already rejects without
/// polling `future`. The `abort` listener is removed when `future` completes.
pub async fn abortable<T, F>(signal: Option<JsValue>, future: F) -> Result<T, JsValue>
where
    F: Future<Output = Result<T, JsValue>>,
{
    use wasm_bindgen::JsCast;

    let Some(signal) = signal.filter(|signal| !signal.is_undefined() && !signal.is_null()) else {
        return future.await;
    };
    let signal: super::slots::AbortSignal = signal.unchecked_into();
    if signal.aborted() {
        return Err(signal.reason());
    }
    let source: super::slots::AbortSignal = JsValue::clone(&signal).unchecked_into();
    let mut watch = super::slots::watch(signal);
    let mut future = core::pin::pin!(future);
    core::future::poll_fn(|cx| {
        if Pin::new(&mut watch).poll(cx).is_ready() {
            return Poll::Ready(Err(source.reason()));
        }
        future.as_mut().poll(cx)
    })
    .await
}
