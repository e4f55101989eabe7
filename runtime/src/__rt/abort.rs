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
