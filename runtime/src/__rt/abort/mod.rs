//! `abortable`: cancellation across the boundary, both ways.
//!
//! Imports ([`Abort`], [`settle_armed`], [`Tracked`]): the JS function gets an
//! `AbortSignal`; the abort is armed on the await's slot (see `table`): dropping the Rust
//! future before the promise settles aborts it, in the next microtask, once the
//! reactions of promises that had already settled have run, so that a call whose promise
//! settled is never aborted.
//!
//! Exports ([`abortable`]): JS may pass a signal as the last argument. It is untrusted:
//! it must be an `AbortSignal` (a brand check: the built-in `aborted` getter, captured,
//! called on it throws for anything else, a look-alike object included), else the call
//! rejects with a `TypeError`, as `fetch` does. The listener is a function of its own,
//! bound to the watch's key (`watch`), and does anything only if the signal has really
//! aborted (the built-in getter again): a listener kept and called later, or an `abort`
//! event dispatched on a live signal, changes nothing. It is removed once, when the
//! export finishes.

mod watch;

use core::cell::{OnceCell, RefCell};
use core::future::{poll_fn, Future};
use core::marker::PhantomData;
use core::pin::{pin, Pin};
use core::task::{Context, Poll};

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::invariant::transition;
use super::js::{self, AbortController, Function};
use super::local::local;
use super::table::{self, Settle};
use watch::{Key, Polled, Watches};

/// The `AbortController` of one call of an `abortable` import, and its signal.
pub struct Abort {
    controller: AbortController,
    signal: JsValue,
}

impl Abort {
    /// A new controller (made when the call is made: on the future's first poll).
    #[must_use]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Abort {
        let controller = AbortController::new();
        let signal = controller.signal();
        Abort { controller, signal }
    }

    /// The signal the JS function gets.
    #[must_use]
    pub fn signal(&self) -> &JsValue {
        &self.signal
    }

    /// Aborts the signal now (a stream import dropped before its end).
    pub(crate) fn abort(self) {
        self.controller.abort();
    }
}

/// [`table::settle`] of an `abortable` import's promise, with `abort` armed.
pub fn settle_armed(promise: JsValue, abort: Abort) -> Settle {
    table::settle_armed(&promise, abort.controller)
}

/// A future of the futures crate (`JsFuture<T>`, for returns our conversions do not
/// cover) beside a [`Settle`] of the same promise that holds the armed abort.
pub struct Tracked<F> {
    future: F,
    tracker: Option<Settle>,
}

impl<F> Tracked<F> {
    /// `make(promise)`'s future, with `abort` armed on `promise`, which is adopted first
    /// (both then await the same native promise: a thenable's `then` runs once).
    pub fn new(promise: JsValue, abort: Abort, make: impl FnOnce(JsValue) -> F) -> Self {
        let native = js::promise_resolve(&promise).unwrap_or(promise);
        let tracker = table::settle_armed(&native, abort.controller);
        Tracked {
            future: make(native),
            tracker: Some(tracker),
        }
    }
}

impl<F: Future + Unpin> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = Pin::new(&mut self.future).poll(cx);
        if polled.is_ready() {
            if let Some(tracker) = self.tracker.take() {
                tracker.release();
            }
        }
        polled
    }
}

/// The built-in members of `AbortSignal` the export side calls, captured once.
struct SignalJs {
    /// The `aborted` and `reason` getters: they throw for anything but an `AbortSignal`.
    aborted: Function,
    reason: Function,
    add: Function,
    remove: Function,
    /// The listeners' closure.
    closure: Function,
}

local! {
    static SIGNAL_JS: OnceCell<Option<SignalJs>> = OnceCell::new();
}

local! {
    static WATCHES: RefCell<Watches<JsValue>> = RefCell::new(Watches::new());
}

/// `None` where there is no `AbortSignal` (then no value is one).
fn with_signal_js<R>(f: impl FnOnce(Option<&SignalJs>) -> R) -> R {
    SIGNAL_JS.with(|cell| {
        let js = cell.get_or_init(|| {
            let class = js::reflect_get(&js::global(), "AbortSignal");
            if !class.is_function() {
                return None;
            }
            let prototype = js::reflect_get(&class, "prototype");
            let getter = |name| {
                js::reflect_get(&js::own_property_descriptor(&prototype, name), "get")
                    .dyn_into::<Function>()
                    .ok()
            };
            let method = |name| {
                js::reflect_get(&prototype, name)
                    .dyn_into::<Function>()
                    .ok()
            };
            Some(SignalJs {
                aborted: getter("aborted")?,
                reason: getter("reason")?,
                add: method("addEventListener")?,
                remove: method("removeEventListener")?,
                closure: Closure::<dyn Fn(u32, u32, JsValue)>::new(on_abort)
                    .into_js_value()
                    .unchecked_into(),
            })
        });
        f(js.as_ref())
    })
}

/// Whether `signal` has aborted; `None` if it is not an `AbortSignal`.
fn aborted(signal: &JsValue) -> Option<bool> {
    with_signal_js(|js| js::try_call0(&js?.aborted, signal).ok()?.as_bool())
}

/// `signal.reason`, through the built-in getter.
fn reason(signal: &JsValue) -> JsValue {
    with_signal_js(|js| js.and_then(|js| js::try_call0(&js.reason, signal).ok()))
        .unwrap_or(JsValue::UNDEFINED)
}

fn with_watches<R>(f: impl FnOnce(&mut Watches<JsValue>) -> R) -> R {
    WATCHES.with(|watches| transition(watches, "the signal watches were re-entered", f))
}

/// A watch's listener ran: it fires if its signal really aborted.
fn on_abort(index: u32, generation: u32, _event: JsValue) {
    let key = Key { index, generation };
    let Some(signal) = with_watches(|watches| watches.signal(key).cloned()) else {
        return;
    };
    if aborted(&signal) == Some(true) {
        if let Some(waker) = with_watches(|watches| watches.fire(key)) {
            waker.wake();
        }
    }
}

/// Watching a signal for an `abortable` export: ready when it aborted. Its listener is
/// removed, and its slot freed, when it is dropped.
struct Watch {
    key: Key,
    listener: Function,
    _thread: PhantomData<*const ()>,
}

impl Watch {
    /// Starts watching `signal` (an `AbortSignal` that has not aborted).
    fn new(signal: JsValue) -> Option<Watch> {
        let key = with_watches(|watches| watches.claim(signal.clone())).ok()?;
        let listener = with_signal_js(|js| {
            let js = js?;
            let listener = js::bind2(&js.closure, key.index, key.generation);
            js.add.call_listener(&signal, "abort", &listener);
            Some(listener)
        });
        let Some(listener) = listener else {
            drop(with_watches(|watches| watches.release(key)));
            return None;
        };
        Some(Watch {
            key,
            listener,
            _thread: PhantomData,
        })
    }
}

impl Future for Watch {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let key = self.key;
        match with_watches(|watches| watches.poll(key, cx.waker())) {
            Polled::Fired => Poll::Ready(()),
            Polled::Pending => Poll::Pending,
            Polled::NeedsWaker => {
                let waker = cx.waker().clone();
                drop(with_watches(|watches| watches.store_waker(key, waker)));
                Poll::Pending
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let key = self.key;
        if let Some((signal, waker)) = with_watches(|watches| watches.release(key)) {
            drop(waker);
            with_signal_js(|js| {
                if let Some(js) = js {
                    js.remove.call_listener(&signal, "abort", &self.listener);
                }
            });
        }
    }
}

/// An `abortable` export's future: `future`, unless `signal` (the optional last argument
/// JS passed) aborts first. Then `future` is dropped where it is (at its current await)
/// and the result is `Err(signal.reason)`; a signal aborted already rejects without
/// polling `future`; a value that is not an `AbortSignal` (nor `undefined`/`null`)
/// rejects with a `TypeError`. The listener is removed when `future` completes.
pub async fn abortable<T, F>(signal: Option<JsValue>, future: F) -> Result<T, JsValue>
where
    F: Future<Output = Result<T, JsValue>>,
{
    let Some(signal) = signal.filter(|signal| !signal.is_undefined() && !signal.is_null()) else {
        return future.await;
    };
    match aborted(&signal) {
        None => {
            return Err(js::TypeError::new(
                "the last argument of an abortable export must be an AbortSignal or undefined",
            )
            .into())
        }
        Some(true) => return Err(reason(&signal)),
        Some(false) => {}
    }
    let Some(mut watch) = Watch::new(signal.clone()) else {
        return future.await;
    };
    let mut future = pin!(future);
    poll_fn(|cx| {
        if Pin::new(&mut watch).poll(cx).is_ready() {
            return Poll::Ready(Err(reason(&signal)));
        }
        future.as_mut().poll(cx)
    })
    .await
}
