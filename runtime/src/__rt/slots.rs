//! Awaiting a promise without a closure per await.
//!
//! `JsFuture` allocates an `Rc` and two `Closure::once` per await, and registers both
//! closures with a `FinalizationRegistry` (then unregisters them): most of the cost of a
//! round trip. Here two callbacks are created once per thread and live for its lifetime.
//! An await claims a slot in a table and attaches to the promise with the callbacks
//! bound (`Function.prototype.bind`) to the slot's index and generation; the callback
//! stores the result in the slot and wakes the task, which is polled later by its
//! executor (never from inside the callback). Steady state allocates nothing in Rust.
//!
//! Soundness and leaks:
//! - A slot is freed only by its future (after taking the result) or, for a future
//!   dropped before settling, by the settle callback; the generation changes on every
//!   free, so a callback for an earlier occupant (a thenable that calls back twice)
//!   finds a different generation and does nothing.
//! - No waker, result or future is dropped while the table is borrowed: dropping a
//!   waker may drop a task and, with it, other `Settle` futures, which use the table.
//! - A promise that never settles keeps its slot (a few words) and, on the JS side, the
//!   two bound functions it holds: less than `JsFuture`'s closures.
//! - `Settle` is neither `Send` nor `Sync`: its slot lives in this thread's table.

use core::cell::RefCell;
use core::future::Future;
use core::marker::PhantomData;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// One of the two settle callbacks, or one bound to a slot.
    #[wasm_bindgen(js_name = Function)]
    type Callback;

    /// `Function.prototype.bind`: the callback with the slot's index and generation as
    /// its first two arguments.
    #[wasm_bindgen(method, js_name = bind)]
    fn bind(this: &Callback, this_arg: &JsValue, index: u32, generation: u32) -> Callback;

    /// What an async import returned: a promise, or any thenable.
    type Thenable;

    /// `promise.then(onFulfilled, onRejected)`, dynamically as `JsFuture` calls it; its
    /// result (a promise that settles with ours) is not needed. A value without a
    /// callable `then` throws, which is taken as a rejection with that error.
    #[wasm_bindgen(method, catch, js_name = then)]
    fn then(
        this: &Thenable,
        on_fulfilled: &Callback,
        on_rejected: &Callback,
    ) -> Result<(), JsValue>;
}

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
    /// Changes each time the slot is freed.
    generation: u32,
    state: State,
}

/// The table of slots, with a free list through `State::Free`.
struct Slots {
    slots: Vec<Slot>,
    free: u32,
}

const NONE: u32 = u32::MAX;

impl Slots {
    const fn new() -> Slots {
        Slots {
            slots: Vec::new(),
            free: NONE,
        }
    }

    /// A slot in state `Waiting(None)`: its index and generation.
    fn claim(&mut self) -> (u32, u32) {
        if self.free == NONE {
            let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 pending awaits");
            self.slots.push(Slot {
                generation: 0,
                state: State::Waiting(None),
            });
            return (index, 0);
        }
        let index = self.free;
        let slot = &mut self.slots[index as usize];
        let State::Free(next) = slot.state else {
            unreachable!("the free list holds free slots only")
        };
        self.free = next;
        slot.state = State::Waiting(None);
        (index, slot.generation)
    }

    /// Frees a slot, returning what it held for the caller to drop after the borrow.
    fn release(&mut self, index: u32) -> State {
        let slot = &mut self.slots[index as usize];
        slot.generation = slot.generation.wrapping_add(1);
        let state = mem::replace(&mut slot.state, State::Free(self.free));
        self.free = index;
        state
    }

    /// The slot at `index` if it still belongs to `generation`.
    fn get(&mut self, index: u32, generation: u32) -> Option<&mut Slot> {
        self.slots
            .get_mut(index as usize)
            .filter(|slot| slot.generation == generation)
    }

    /// How many slots are in use (tests and the soak test).
    fn live(&self) -> usize {
        self.slots
            .iter()
            .filter(|slot| !matches!(slot.state, State::Free(_)))
            .count()
    }
}

thread_local! {
    static SLOTS: RefCell<Slots> = const { RefCell::new(Slots::new()) };
    /// The two callbacks, created on the first await and never freed.
    static CALLBACKS: (Callback, Callback) = (callback(Ok), callback(Err));
}

fn callback(settled: fn(JsValue) -> Result<JsValue, JsValue>) -> Callback {
    let closure = Closure::<dyn FnMut(u32, u32, JsValue)>::new(
        move |index: u32, generation: u32, value: JsValue| {
            on_settled(index, generation, settled(value));
        },
    );
    closure.into_js_value().unchecked_into()
}

/// A promise settled: store the result and wake the task (outside the borrow), or free
/// the slot of a dropped future.
fn on_settled(index: u32, generation: u32, result: Result<JsValue, JsValue>) {
    let (waker, dropped) = SLOTS.with(|slots| {
        let mut slots = slots.borrow_mut();
        let Some(slot) = slots.get(index, generation) else {
            // A second call from a thenable: the slot has moved on.
            return (None, None);
        };
        match &mut slot.state {
            State::Waiting(waker) => {
                let waker = waker.take();
                slot.state = State::Settled(result);
                (waker, None)
            }
            State::Abandoned => (None, Some((slots.release(index), result))),
            State::Settled(_) | State::Free(_) => (None, Some((State::Abandoned, result))),
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
    generation: u32,
    /// Neither `Send` nor `Sync`: the slot is in this thread's table.
    _thread: PhantomData<*const ()>,
}

/// The future of `promise`'s settled value.
pub fn settle(promise: JsValue) -> Settle {
    let (index, generation) = SLOTS.with(|slots| slots.borrow_mut().claim());
    let attached = CALLBACKS.with(|(on_fulfilled, on_rejected)| {
        let on_fulfilled = on_fulfilled.bind(&JsValue::UNDEFINED, index, generation);
        let on_rejected = on_rejected.bind(&JsValue::UNDEFINED, index, generation);
        promise
            .unchecked_ref::<Thenable>()
            .then(&on_fulfilled, &on_rejected)
    });
    if let Err(error) = attached {
        // Not a thenable: settle with the error (a thenable that threw after calling
        // back has settled the slot already, and this is ignored).
        on_settled(index, generation, Err(error));
    }
    Settle {
        index,
        generation,
        _thread: PhantomData,
    }
}

impl Future for Settle {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (index, generation) = (self.index, self.generation);
        let (ready, replaced) = SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let slot = slots
                .get(index, generation)
                .expect("an async import's future polled after it completed");
            match &mut slot.state {
                State::Waiting(waker) => match waker {
                    Some(waker) if waker.will_wake(cx.waker()) => (None, None),
                    _ => (None, waker.replace(cx.waker().clone())),
                },
                State::Settled(_) => match slots.release(index) {
                    State::Settled(result) => (Some(result), None),
                    _ => unreachable!(),
                },
                State::Free(_) | State::Abandoned => {
                    unreachable!("a live future's slot is waiting or settled")
                }
            }
        });
        drop(replaced);
        match ready {
            // Done: the slot's generation has moved on, so `Drop` finds nothing to do.
            Some(result) => Poll::Ready(result),
            None => Poll::Pending,
        }
    }
}

impl Drop for Settle {
    fn drop(&mut self) {
        let (index, generation) = (self.index, self.generation);
        let _released = SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let slot = slots.get(index, generation)?;
            match &mut slot.state {
                State::Waiting(_) => Some(mem::replace(&mut slot.state, State::Abandoned)),
                State::Settled(_) => Some(slots.release(index)),
                State::Free(_) | State::Abandoned => None,
            }
        });
    }
}

/// How many awaits are attached to a promise or hold an unread result on this thread
/// (for leak checks: it returns to its earlier value when every future has completed or
/// been dropped and every promise has settled).
#[must_use]
pub fn live_slots() -> usize {
    SLOTS.with(|slots| slots.borrow().live())
}
