//! Awaiting a promise without a closure per await: the await table.
//!
//! `JsFuture` allocates an `Rc` and two `Closure::once` per await, and registers both
//! closures with a `FinalizationRegistry` (then unregisters them): most of the cost of a
//! round trip. Here one closure is created once per thread and lives for its lifetime.
//! An await claims a slot of the table (`machine`), adopts the value as `await` does
//! (`Promise.resolve`, captured: the value itself if it is a plain native promise, else
//! a new native promise that adopts it through its own `then`), and registers the
//! closure, bound to the slot (`Function.prototype.bind`), on that native promise with
//! the captured `Promise.prototype.then`. The callback stores the result in the slot and
//! wakes the task, which its executor polls later (never from inside the callback).
//! Steady state: three JS calls per await (the import, `Promise.resolve`, `then`), no
//! Rust allocation: each of the first [`CACHED`] slots keeps its bound pair.
//!
//! Why this is sound (the machine's invariants, and what the JS side adds):
//! - Only native promises of the captured `Promise` get our callbacks, through the
//!   captured `then`: such a promise calls exactly one of them, once, after it was
//!   registered. Values JS hands us (thenables, subclasses, foreign promises) only ever
//!   see the resolving functions of the native promise that adopts them, never our
//!   callbacks: a thenable that calls back twice, late or synchronously settles that
//!   promise once; a subclass's own `then` is called, as `await` calls it.
//! - A slot is freed when its future takes the result, or when the promise settles after
//!   its future was dropped (`Abandoned`): never while its callback may still run, so a
//!   bound pair reused by the next occupant cannot receive the previous one's result.
//! - No JS and no foreign code (a waker's clone, wake or drop; a `JsValue`'s drop) runs
//!   while the table is borrowed, and no transition can fail: a trap can never leave the
//!   table borrowed, and nothing can re-enter it.
//! - [`Settle`] is `Send` and `Sync` only on wasm32 without atomics (one thread, as for
//!   `JsValue`); elsewhere neither: its slot is in this thread's table.
//!
//! Leaks: a promise that never settles keeps its slot (a few words) and, on the JS side,
//! the bound pair it holds: less than `JsFuture`'s closures.

mod machine;

use core::cell::{OnceCell, RefCell};
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::invariant::{fail, transition};
use super::js::{self, AbortController, Function};
use super::local::{local, ThreadBound};
use super::task;
use machine::{Abandoned, Key, Polled, Settled, Table};

/// How many slots keep their bound pair: the awaits usually pending at once. Beyond, an
/// await binds a fresh pair (a spike of concurrent awaits retains nothing afterwards).
const CACHED: u32 = 1024;

/// What the closure's first argument says.
const FULFILLED: u32 = 0;
const REJECTED: u32 = 1;
/// Run the scheduled check of armed aborts.
const CHECK: u32 = 2;

type Slots = Table<JsValue, AbortController>;

local! {
    static TABLE: RefCell<Slots> = RefCell::new(Table::new());
}

/// The table's JS side: its closure, and the bound pairs of the first `CACHED` slots.
struct Callbacks {
    closure: OnceCell<Function>,
    /// Taken out while attached (a slot has one occupant, so one user at a time).
    pairs: RefCell<Vec<Option<(Function, Function)>>>,
    /// The check of armed aborts, and the resolved promise it runs after.
    check: OnceCell<(Function, JsValue)>,
}

local! {
    static CALLBACKS: Callbacks = Callbacks {
        closure: OnceCell::new(),
        pairs: RefCell::new(Vec::new()),
        check: OnceCell::new(),
    };
}

/// The table, borrowed for one transition. A transition runs no foreign code and cannot
/// fail, so the table is never found borrowed here.
fn with_table<R>(f: impl FnOnce(&mut Slots) -> R) -> R {
    TABLE.with(|table| transition(table, "the await table was re-entered", f))
}

/// `f` with the closure, made on first use and never freed.
fn with_closure<R>(f: impl FnOnce(&Function) -> R) -> R {
    CALLBACKS.with(|callbacks| {
        f(callbacks.closure.get_or_init(|| {
            Closure::<dyn Fn(u32, u32, JsValue)>::new(dispatch)
                .into_js_value()
                .unchecked_into()
        }))
    })
}

/// What JS calls: a promise of a slot settled, or the check of armed aborts is due.
fn dispatch(kind: u32, index: u32, value: JsValue) {
    match kind {
        FULFILLED => on_settled(index, Ok(value)),
        REJECTED => on_settled(index, Err(value)),
        CHECK => run_checks(),
        _ => {}
    }
}

/// The bound pair of slot `index`: its cached one, or a new one.
fn take_pair(index: u32) -> (Function, Function) {
    let cached = CALLBACKS.with(|callbacks| {
        callbacks
            .pairs
            .borrow_mut()
            .get_mut(index as usize)
            .and_then(Option::take)
    });
    cached.unwrap_or_else(|| {
        with_closure(|closure| {
            (
                js::bind2(closure, FULFILLED, index),
                js::bind2(closure, REJECTED, index),
            )
        })
    })
}

/// Keeps the pair of slot `index` for its next occupant (the first `CACHED` slots).
fn put_back_pair(index: u32, pair: (Function, Function)) {
    if index >= CACHED {
        return;
    }
    let replaced = CALLBACKS.with(|callbacks| {
        let mut pairs = callbacks.pairs.borrow_mut();
        if pairs.len() <= index as usize {
            pairs.resize_with(index as usize + 1, || None);
        }
        pairs.get_mut(index as usize).map(|slot| slot.replace(pair))
    });
    drop(replaced);
}

/// A promise of a slot settled: store the result and wake the task (after releasing the
/// table), or free the slot of a dropped future.
fn on_settled(index: u32, result: Result<JsValue, JsValue>) {
    match with_table(|table| table.settle(index, result)) {
        Settled::Stored(waker, owner, abort) => {
            drop(abort);
            if let Some(waker) = waker {
                task::wake_in_reaction(waker, (owner != NO_OWNER).then_some(owner));
            }
        }
        Settled::Freed(result, abort) => drop((result, abort)),
        Settled::Stray(result) => drop(result),
    }
}

/// Schedules the check of a dropped await's armed abort: a reaction on a resolved
/// promise, so that it runs after the reactions of every promise that had settled when
/// the future was dropped.
fn schedule_check() {
    CALLBACKS.with(|callbacks| {
        let (check, resolved) = callbacks.check.get_or_init(|| {
            (
                with_closure(|closure| js::bind2(closure, CHECK, 0)),
                js::resolved(),
            )
        });
        // `then` on our own native promise registers the reaction; it cannot throw.
        js::then_adopted(resolved, check, &JsValue::UNDEFINED);
    });
}

/// The oldest scheduled check: fires its abort if the slot's promise has still not
/// settled.
fn run_checks() {
    if let Some(controller) = with_table(Slots::check) {
        controller.abort();
    }
}

/// The future of a promise an async import returned: `Ok` with its value, or `Err` with
/// the reason it rejected.
///
/// The promise is attached to at once (the import has just been called, on the first
/// poll of the user's future); the result is taken on a later poll.
#[must_use = "futures do nothing unless polled"]
pub struct Settle {
    key: Key,
    /// The result was taken (the slot is no longer ours).
    done: bool,
    /// The slot is in this thread's table: `Send` only where there is one thread.
    _thread: ThreadBound,
}

/// The future of `promise`'s settled value (of the value itself, if it is no thenable).
pub fn settle(promise: JsValue) -> Settle {
    attach(&promise, None)
}

/// [`settle`], with `abort` armed: if the future is dropped before the promise settles,
/// `abort` is aborted (in the next microtask, once the reactions of promises that had
/// already settled have run: a call that completed is never aborted).
pub(crate) fn settle_armed(promise: &JsValue, abort: AbortController) -> Settle {
    attach(promise, Some(abort))
}

/// The owner of an await made outside the driver's polls.
const NO_OWNER: u32 = u32::MAX;

fn attach(promise: &JsValue, abort: Option<AbortController>) -> Settle {
    let owner = task::polling().unwrap_or(NO_OWNER);
    let key = match with_table(|table| table.claim(abort, owner)) {
        Ok(key) => key,
        Err(abort) => {
            drop(abort);
            fail("more than 2^32 - 1 awaits pending at once")
        }
    };
    let pair = take_pair(key.index);
    let adopted = js::promise_resolve(promise);
    if let Ok(native) = &adopted {
        js::then_adopted(native, &pair.0, &pair.1);
    }
    if let Err(thrown) = adopted {
        // Nothing was registered (adopting the value threw, as `await` would throw it):
        // that is the rejection.
        on_settled(key.index, Err(thrown));
    }
    put_back_pair(key.index, pair);
    Settle {
        key,
        done: false,
        _thread: PhantomData,
    }
}

impl Settle {
    /// Gives the slot up without firing its abort: the call completed elsewhere (the
    /// futures crate's `JsFuture` took the value, see `abort::Tracked`).
    pub(crate) fn release(mut self) {
        let disarmed = with_table(|table| table.disarm(self.key));
        drop(disarmed);
        self.abandon();
    }

    fn abandon(&mut self) {
        if self.done {
            return;
        }
        self.done = true;
        match with_table(|table| table.abandon(self.key)) {
            Abandoned::Waiting(waker, check) => {
                drop(waker);
                if check {
                    schedule_check();
                }
            }
            Abandoned::Freed(result) => drop(result),
            Abandoned::Lost => {}
        }
    }
}

impl Future for Settle {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.done {
            fail("an async import's future polled after it completed");
        }
        let key = self.key;
        match with_table(|table| table.poll(key, cx.waker())) {
            Polled::Ready(result) => {
                self.done = true;
                Poll::Ready(result)
            }
            Polled::Pending => Poll::Pending,
            Polled::NeedsWaker => {
                // Cloned outside the table: a waker's clone is its executor's code.
                let waker = cx.waker().clone();
                let replaced = with_table(|table| table.store_waker(key, waker));
                drop(replaced);
                Poll::Pending
            }
            Polled::Lost => fail("an await's slot was freed under it"),
        }
    }
}

impl Drop for Settle {
    fn drop(&mut self) {
        self.abandon();
    }
}

/// How many awaits are attached to a promise or hold an unread result on this thread
/// (for leak checks: it returns to its earlier value when every future has completed or
/// been dropped and every promise has settled).
#[must_use]
pub fn live_slots() -> usize {
    with_table(|table| table.live())
}
