//! Awaiting a promise without a closure per await.
//!
//! `JsFuture` allocates an `Rc` and two `Closure::once` per await, and registers both
//! closures with a `FinalizationRegistry` (then unregisters them): most of the cost of a
//! round trip. Here two callbacks are created once per thread and live for its lifetime.
//! An await claims a slot in a table and attaches the callbacks, bound
//! (`Function.prototype.bind`) to the slot, to the promise; the callback stores the
//! result in the slot and wakes the task, which is polled later by its executor (never
//! from inside the callback). Steady state allocates nothing in Rust and makes two JS
//! calls: the import, and `Promise.prototype.then.call(promise, ..)`.
//!
//! Which bound pair:
//! - A native promise (any realm, any subclass) calls exactly one of its two callbacks,
//!   once. So each of the first `CACHED` slots keeps one pair, bound to its index, and
//!   reuses it for every native promise it waits for: `Promise.prototype.then.call`
//!   throws, calling no user code, for anything else.
//! - Anything else with a `then` (a thenable may call back twice, or both callbacks, or
//!   later) gets a fresh pair bound to the slot's index and generation, attached by a
//!   dynamic `value.then(..)` as `JsFuture` does. A value without a callable `then`
//!   settles as a rejection with the `TypeError`.
//!
//! Soundness and leaks:
//! - A slot is freed only by its future (after taking the result) or, for a future
//!   dropped before settling, by the settle callback; the generation changes on every
//!   free, so a call for an earlier occupant through a fresh pair finds a different
//!   generation and does nothing. A cached pair (`ANY` generation) is only ever attached
//!   to native promises, whose one call comes before the slot can be freed.
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

    /// `Promise.prototype.then.call(promise, onFulfilled, onRejected)`: throws a
    /// `TypeError`, without calling any user code, unless `promise` is a native promise.
    #[wasm_bindgen(catch, js_namespace = ["Promise", "prototype", "then"], js_name = call)]
    fn then_native(
        promise: &JsValue,
        on_fulfilled: &Callback,
        on_rejected: &Callback,
    ) -> Result<(), JsValue>;

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
    /// Changes each time the slot is freed; never `ANY`.
    generation: u32,
    state: State,
    /// The pair bound to this slot for native promises (the first `CACHED` slots), taken
    /// out while it is being attached.
    bound: Option<(Callback, Callback)>,
}

/// The table of slots, with a free list through `State::Free`.
struct Slots {
    slots: Vec<Slot>,
    free: u32,
}

const NONE: u32 = u32::MAX;
/// The generation a cached pair is bound to: any occupant of its slot.
const ANY: u32 = u32::MAX;
/// How many slots keep a bound pair: the awaits usually pending at once. Beyond, an await
/// binds a fresh pair (a spike of concurrent awaits retains nothing afterwards).
const CACHED: u32 = 1024;

impl Slots {
    const fn new() -> Slots {
        Slots {
            slots: Vec::new(),
            free: NONE,
        }
    }

    /// A slot in state `Waiting(None)`: its index and generation, and its cached pair
    /// (taken out; `put_back` after attaching).
    fn claim(&mut self) -> (u32, u32, Option<(Callback, Callback)>) {
        if self.free == NONE {
            let index =
                u32::try_from(self.slots.len()).expect("fewer than 2^32 - 1 pending awaits");
            assert!(index != NONE, "fewer than 2^32 - 1 pending awaits");
            self.slots.push(Slot {
                generation: 0,
                state: State::Waiting(None),
                bound: None,
            });
            return (index, 0, None);
        }
        let index = self.free;
        let slot = &mut self.slots[index as usize];
        let State::Free(next) = slot.state else {
            unreachable!("the free list holds free slots only")
        };
        self.free = next;
        slot.state = State::Waiting(None);
        (index, slot.generation, slot.bound.take())
    }

    fn put_back(&mut self, index: u32, bound: (Callback, Callback)) {
        self.slots[index as usize].bound = Some(bound);
    }

    /// Frees a slot, returning what it held for the caller to drop after the borrow.
    fn release(&mut self, index: u32) -> State {
        let slot = &mut self.slots[index as usize];
        slot.generation = (slot.generation + 1) % ANY;
        let state = mem::replace(&mut slot.state, State::Free(self.free));
        self.free = index;
        state
    }

    /// The slot at `index` if it still belongs to `generation`.
    fn get(&mut self, index: u32, generation: u32) -> Option<&mut Slot> {
        self.slots
            .get_mut(index as usize)
            .filter(|slot| generation == ANY || slot.generation == generation)
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

/// The two callbacks bound to a slot's index and `generation`.
fn bind(index: u32, generation: u32) -> (Callback, Callback) {
    CALLBACKS.with(|(on_fulfilled, on_rejected)| {
        (
            on_fulfilled.bind(&JsValue::UNDEFINED, index, generation),
            on_rejected.bind(&JsValue::UNDEFINED, index, generation),
        )
    })
}

/// The future of `promise`'s settled value.
pub fn settle(promise: JsValue) -> Settle {
    let (index, generation, cached) = SLOTS.with(|slots| slots.borrow_mut().claim());
    let cached = cached.or_else(|| (index < CACHED).then(|| bind(index, ANY)));
    let native = cached.map(|pair| {
        let attached = then_native(&promise, &pair.0, &pair.1).is_ok();
        SLOTS.with(|slots| slots.borrow_mut().put_back(index, pair));
        attached
    });
    let attached = if native == Some(true) {
        Ok(())
    } else {
        let (on_fulfilled, on_rejected) = bind(index, generation);
        promise
            .unchecked_ref::<Thenable>()
            .then(&on_fulfilled, &on_rejected)
    };
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
