//! Awaiting a promise without a closure per await.
//!
//! `JsFuture` allocates an `Rc` and two `Closure::once` per await, and registers both
//! closures with a `FinalizationRegistry` (then unregisters them): most of the cost of a
//! round trip. Here one callback is created once per thread and lives for its lifetime.
//! An await claims a slot in a table and attaches the callback, bound
//! (`Function.prototype.bind`) to the slot, to the promise; the callback stores the
//! result in the slot and wakes the task, which is polled later by its executor (never
//! from inside the callback). Steady state allocates nothing in Rust and makes two JS
//! calls: the import, and `Promise.prototype.then.call(promise, ..)`.
//!
//! Only native promises are attached to:
//! - `Promise.prototype.then.call(value, ..)` registers the reactions of a native
//!   promise (any realm, any subclass), which calls exactly one of them, once; for any
//!   other value it throws a `TypeError` before registering anything.
//! - Anything else is first adopted by a native promise, `Promise.resolve(value)`, as
//!   `await value` does in JS: a thenable (which might call back twice, or both
//!   callbacks, or synchronously) settles it once, and a value without a callable `then`
//!   is its value.
//!
//! So each slot's callbacks are called at most once per occupant, and only after they
//! were attached: each of the first `CACHED` slots keeps its bound pair and reuses it for
//! every await it holds.
//!
//! Soundness and leaks:
//! - A slot is freed by its future when it takes the result, or by the callback when the
//!   future was dropped before the promise settled (`Abandoned`); never while a promise
//!   may still call its callback.
//! - Nothing is dropped and no JS is called while the table is borrowed: dropping a
//!   waker may drop a task and, with it, other `Settle` futures, which use the table.
//!   Wakers, results and freed states are moved out and dropped after the borrow.
//! - A promise that never settles keeps its slot (a few words) and, on the JS side, the
//!   bound pair it holds: less than `JsFuture`'s closures.
//! - `Settle` is neither `Send` nor `Sync`: its slot lives in its thread's table.

use core::future::Future;
use core::marker::PhantomData;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;

use super::fail;
use super::state::{promise_resolve, then_native, with_runtime, with_slots, Callback, POLL, QUEUE};

/// What a slot holds.
enum State {
    /// Unused; the index of the next free slot (or `NONE`).
    Free(u32),
    /// Attached to a promise; the waker of the task that polled last.
    Waiting(Option<Waker>),
    /// Settled, not yet taken by its future.
    Settled(Result<JsValue, JsValue>),
    /// Its future was dropped before the promise settled: the callback frees it.
    Abandoned,
}

struct Slot {
    state: State,
    /// The callback bound to this slot (the first `CACHED` slots), taken out while it is
    /// being attached.
    bound: Option<(Callback, Callback)>,
}

/// The table of slots, with a free list through `State::Free`. No slot has the index
/// `POLL` or `NONE` (= `QUEUE`).
pub struct Slots {
    slots: Vec<Slot>,
    free: u32,
}

const NONE: u32 = QUEUE;
/// How many slots keep their bound pair: the awaits usually pending at once. Beyond, an
/// await binds a fresh pair (a spike of concurrent awaits retains nothing afterwards).
const CACHED: u32 = 1024;

/// The slot at `index`, which exists.
fn at(slots: &mut [Slot], index: u32) -> &mut Slot {
    slots
        .get_mut(index as usize)
        .unwrap_or_else(|| fail("a slot index out of the table"))
}

impl Slots {
    pub const fn new() -> Slots {
        Slots {
            slots: Vec::new(),
            free: NONE,
        }
    }

    /// A slot in state `Waiting(None)`: its index, and its bound pair (taken out;
    /// `put_back` after attaching).
    fn claim(&mut self) -> (u32, Option<(Callback, Callback)>) {
        if self.free == NONE {
            let index = u32::try_from(self.slots.len())
                .ok()
                .filter(|&index| index < POLL)
                .unwrap_or_else(|| fail("more than 2^32 - 3 awaits pending at once"));
            self.slots.push(Slot {
                state: State::Waiting(None),
                bound: None,
            });
            return (index, None);
        }
        let index = self.free;
        let slot = at(&mut self.slots, index);
        let State::Free(next) = slot.state else {
            fail("the free list holds free slots only")
        };
        slot.state = State::Waiting(None);
        self.free = next;
        (index, slot.bound.take())
    }

    fn put_back(&mut self, index: u32, bound: (Callback, Callback)) {
        at(&mut self.slots, index).bound = Some(bound);
    }

    /// Frees a slot, returning what it held for the caller to drop after the borrow.
    fn release(&mut self, index: u32) -> State {
        let state = mem::replace(
            &mut at(&mut self.slots, index).state,
            State::Free(self.free),
        );
        self.free = index;
        state
    }

    /// How many slots are in use (tests and the soak test).
    fn live(&self) -> usize {
        self.slots
            .iter()
            .filter(|slot| !matches!(slot.state, State::Free(_)))
            .count()
    }
}

/// A promise settled: store the result and wake the task (outside the borrow), or free
/// the slot of a dropped future.
pub fn on_settled(index: u32, result: Result<JsValue, JsValue>) {
    let (waker, dropped) = with_slots(|slots| {
        let slot = at(&mut slots.slots, index);
        match &mut slot.state {
            State::Waiting(waker) => {
                let waker = waker.take();
                slot.state = State::Settled(result);
                (waker, None)
            }
            State::Abandoned => (None, Some((slots.release(index), result))),
            State::Settled(_) | State::Free(_) => fail("a promise settled twice"),
        }
    });
    drop(dropped);
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// The future of a promise an async import returned: `Ok` with its value, or `Err` with
/// the reason it rejected.
///
/// The promise is attached to at once (the import has just been called, on the first
/// poll of the user's future); the result is taken on a later poll.
#[must_use = "futures do nothing unless polled"]
pub struct Settle {
    index: u32,
    /// The result was taken (the slot is no longer ours).
    done: bool,
    /// Neither `Send` nor `Sync`: the slot is in this thread's table.
    _thread: PhantomData<*const ()>,
}

/// The future of `promise`'s settled value (of the value itself, if it is no thenable).
pub fn settle(promise: JsValue) -> Settle {
    let (index, bound) = with_slots(Slots::claim);
    let (on_fulfilled, on_rejected) =
        bound.unwrap_or_else(|| with_runtime(|runtime| runtime.js().bind(index)));
    if then_native(&promise, &on_fulfilled, &on_rejected).is_err() {
        // Not a native promise: adopted by one, which surely is.
        let adopted = promise_resolve(&promise);
        if then_native(&adopted, &on_fulfilled, &on_rejected).is_err() {
            fail("Promise.resolve returned no native promise");
        }
    }
    if index < CACHED {
        with_slots(|slots| slots.put_back(index, (on_fulfilled, on_rejected)));
    }
    Settle {
        index,
        done: false,
        _thread: PhantomData,
    }
}

impl Future for Settle {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.done {
            fail("an async import's future polled after it completed");
        }
        let index = self.index;
        let (ready, replaced) = with_slots(|slots| {
            let slot = at(&mut slots.slots, index);
            match &mut slot.state {
                State::Waiting(waker) => match waker {
                    Some(waker) if waker.will_wake(cx.waker()) => (None, None),
                    _ => (None, waker.replace(cx.waker().clone())),
                },
                State::Settled(_) => match slots.release(index) {
                    State::Settled(result) => (Some(result), None),
                    _ => fail("a settled slot released as something else"),
                },
                State::Free(_) | State::Abandoned => {
                    fail("a live future's slot is waiting or settled")
                }
            }
        });
        drop(replaced);
        match ready {
            Some(result) => {
                self.done = true;
                Poll::Ready(result)
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Settle {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let index = self.index;
        let _released = with_slots(|slots| {
            let slot = at(&mut slots.slots, index);
            match slot.state {
                State::Waiting(_) => mem::replace(&mut slot.state, State::Abandoned),
                State::Settled(_) => slots.release(index),
                State::Free(_) | State::Abandoned => fail("a live future's slot was freed"),
            }
        });
    }
}

/// How many awaits are attached to a promise or hold an unread result on this thread
/// (for leak checks: it returns to its earlier value when every future has completed or
/// been dropped and every promise has settled).
#[must_use]
pub fn live_slots() -> usize {
    with_slots(|slots| slots.live())
}

/// Watching an `AbortSignal`: a slot whose callback is the signal's `abort` listener
/// (for `abortable` exports). Ready when the signal aborts; dropped (or `finish`ed)
/// before, it removes the listener and frees the slot at once, since nothing can call
/// the callback any more.
pub struct Watch {
    index: u32,
    /// The signal and the listener, while attached.
    attached: Option<(AbortSignal, (Callback, Callback))>,
    _thread: PhantomData<*const ()>,
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `AbortSignal` (no `web-sys`).
    #[wasm_bindgen(js_name = AbortSignal)]
    pub type AbortSignal;

    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &AbortSignal) -> bool;

    #[wasm_bindgen(method, getter)]
    pub fn reason(this: &AbortSignal) -> JsValue;

    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &AbortSignal, kind: &str, listener: &Callback);

    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &AbortSignal, kind: &str, listener: &Callback);
}

/// Starts watching `signal` (which has not aborted yet).
pub fn watch(signal: AbortSignal) -> Watch {
    let (index, bound) = with_slots(Slots::claim);
    let pair = bound.unwrap_or_else(|| with_runtime(|runtime| runtime.js().bind(index)));
    signal.add_event_listener("abort", &pair.0);
    Watch {
        index,
        attached: Some((signal, pair)),
        _thread: PhantomData,
    }
}

impl Watch {
    /// Removes the listener and frees the slot: the watched work completed, or the
    /// signal fired (and will not again: a signal aborts once; the listener is removed
    /// anyway, so that the signal holds nothing of ours).
    fn detach(&mut self) {
        let Some((signal, pair)) = self.attached.take() else {
            return;
        };
        signal.remove_event_listener("abort", &pair.0);
        let index = self.index;
        let released = with_slots(|slots| {
            if index < CACHED {
                slots.put_back(index, pair);
                (slots.release(index), None)
            } else {
                (slots.release(index), Some(pair))
            }
        });
        drop(released);
    }
}

impl Future for Watch {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.attached.is_none() {
            return Poll::Ready(());
        }
        let index = this.index;
        let (fired, replaced) = with_slots(|slots| {
            let slot = at(&mut slots.slots, index);
            match &mut slot.state {
                State::Waiting(waker) => match waker {
                    Some(waker) if waker.will_wake(cx.waker()) => (false, None),
                    _ => (false, waker.replace(cx.waker().clone())),
                },
                _ => (true, None),
            }
        });
        drop(replaced);
        if fired {
            this.detach();
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.detach();
    }
}
