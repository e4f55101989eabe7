//! `Drive` on single-threaded wasm32 (and host builds of the crate, where nothing runs it).
//!
//! Ownership: the executor owns the export's future, `Drive<F>` included, pinned in its
//! task until it completes. Once `Drive` takes over the wakes, a small shared record
//! (`Shared`, behind an `Rc`, also held by its wakers and by our queue) points back at
//! the pinned `Drive`, so that our queue can poll it in place. `Drive`'s `Drop` clears
//! that pointer before the memory can go (the guarantee `Pin` gives), so a wake that
//! comes later finds nothing to poll. `Drive` is `!Unpin` (`PhantomPinned`): a `&mut` to
//! it does not claim to be the only way to reach it.

use core::cell::{Cell, RefCell};
use core::marker::PhantomPinned;
use core::mem::ManuallyDrop;
use core::ptr::NonNull;
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsValue};

use super::{Context, Future, Pin, Poll};
use crate::__rt::fail;

#[cfg(panic = "unwind")]
type Outcome<T> = Result<T, Box<dyn core::any::Any + Send>>;
#[cfg(not(panic = "unwind"))]
type Outcome<T> = Result<T, core::convert::Infallible>;

/// An async export's future: polled by the executor, and between the executor's polls
/// by our queue (see the module's notes).
pub struct Drive<F: Future> {
    future: F,
    /// Its output, when our queue polled it to completion.
    output: Option<Outcome<F::Output>>,
    /// Set once the executor polls a second time: from then on the future is polled with
    /// its waker.
    shared: Option<Rc<Shared>>,
    _pinned: PhantomPinned,
}

/// What wakers and the queue hold of a `Drive`.
struct Shared {
    /// The pinned `Drive`, while it exists.
    drive: Cell<Option<NonNull<()>>>,
    /// Polls the `Drive` behind the pointer with the context given: `poll_erased::<F>`.
    poll: unsafe fn(NonNull<()>, &mut Context<'_>) -> bool,
    /// The executor's waker, from its last poll: woken when the future completes.
    outer: RefCell<Option<Waker>>,
    /// Queued to be polled, or being polled.
    queued: Cell<bool>,
    /// What our queue's poll of it threw (a JS exception, or a trap): thrown again when
    /// the executor polls next.
    thrown: Cell<Option<JsValue>>,
}

impl<F: Future + 'static> Drive<F> {
    /// Wraps `future`.
    pub fn new(future: F) -> Self {
        Drive {
            future,
            output: None,
            shared: None,
            _pinned: PhantomPinned,
        }
    }
}

impl<F: Future> Drive<F> {
    /// Polls the future with `cx`, storing its output when it is ready. Returns whether
    /// it is done.
    fn poll_inner(self: Pin<&mut Self>, cx: &mut Context<'_>) -> bool {
        // SAFETY: `future` is structurally pinned (never moved out); `output` is not.
        let this = unsafe { self.get_unchecked_mut() };
        if this.output.is_some() {
            return true;
        }
        // SAFETY: as above.
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        match poll_catching(future, cx) {
            Poll::Ready(outcome) => {
                this.output = Some(outcome);
                true
            }
            Poll::Pending => false,
        }
    }
}

/// `Shared::poll` for a `Drive<F>`.
///
/// # Safety
/// `drive` points to a live, pinned `Drive<F>` that nothing else uses meanwhile.
unsafe fn poll_erased<F: Future>(drive: NonNull<()>, cx: &mut Context<'_>) -> bool {
    // SAFETY: the caller's contract; the `Drive` is pinned where it is.
    let drive = unsafe { Pin::new_unchecked(drive.cast::<Drive<F>>().as_mut()) };
    drive.poll_inner(cx)
}

#[cfg(panic = "unwind")]
fn poll_catching<F: Future>(future: Pin<&mut F>, cx: &mut Context<'_>) -> Poll<Outcome<F::Output>> {
    match std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| future.poll(cx))) {
        Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
        Ok(Poll::Pending) => Poll::Pending,
        Err(payload) => Poll::Ready(Err(payload)),
    }
}

#[cfg(not(panic = "unwind"))]
fn poll_catching<F: Future>(future: Pin<&mut F>, cx: &mut Context<'_>) -> Poll<Outcome<F::Output>> {
    future.poll(cx).map(Ok)
}

impl<F: Future> Future for Drive<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let done = match self.shared.clone() {
            // The first poll: with the executor's waker (most exports complete here, or
            // await once: then nothing else is needed).
            None if self.output.is_none() => {
                let done = self.as_mut().poll_inner(cx);
                if !done {
                    // SAFETY: `shared` is not structurally pinned.
                    unsafe { self.as_mut().get_unchecked_mut() }.shared = Some(Rc::new(Shared {
                        drive: Cell::new(None),
                        poll: poll_erased::<F>,
                        outer: RefCell::new(None),
                        queued: Cell::new(false),
                        thrown: Cell::new(None),
                    }));
                    // Not yet ours: the future's first await wakes the executor.
                    return Poll::Pending;
                }
                done
            }
            None => true,
            Some(shared) => {
                if let Some(thrown) = shared.thrown.take() {
                    // Our queue's poll threw (or trapped): throw it here, inside the
                    // executor's poll, where it would have been thrown without us.
                    wasm_bindgen::throw_val(thrown);
                }
                let replaced = shared.outer.borrow_mut().replace(cx.waker().clone());
                drop(replaced);
                // SAFETY: `self` is pinned; the pointer is cleared in `Drop`.
                let pointer = NonNull::from(unsafe { self.as_mut().get_unchecked_mut() });
                shared.drive.set(Some(pointer.cast()));
                let waker = waker(Rc::clone(&shared));
                let done = self.as_mut().poll_inner(&mut Context::from_waker(&waker));
                if done {
                    let outer = shared.outer.borrow_mut().take();
                    drop(outer);
                }
                done
            }
        };
        if !done {
            return Poll::Pending;
        }
        // SAFETY: `output` is not structurally pinned.
        match unsafe { self.get_unchecked_mut() }.output.take() {
            Some(Ok(output)) => Poll::Ready(output),
            #[cfg(panic = "unwind")]
            Some(Err(payload)) => std::panic::resume_unwind(payload),
            None => fail("an async export polled after it completed"),
        }
    }
}

impl<F: Future> Drop for Drive<F> {
    fn drop(&mut self) {
        if let Some(shared) = &self.shared {
            // A wake that comes later finds nothing to poll, and no executor to wake.
            shared.drive.set(None);
            let outer = shared.outer.borrow_mut().take();
            drop(outer);
        }
    }
}

impl Shared {
    /// Polls the `Drive` (if it is still there) with this record's waker; wakes the
    /// executor when the future is done.
    fn run(self: Rc<Self>) {
        self.queued.set(false);
        let Some(drive) = self.drive.get() else {
            return;
        };
        let waker = waker(Rc::clone(&self));
        // SAFETY: the pointer is set while the `Drive` is alive and pinned (its `Drop`
        // clears it); the executor is not polling it now (our queue runs in a microtask
        // of its own, never inside a poll).
        let done = unsafe { (self.poll)(drive, &mut Context::from_waker(&waker)) };
        if done {
            let outer = self.outer.borrow_mut().take();
            if let Some(outer) = outer {
                outer.wake();
            }
        }
    }
}

const VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

/// The waker of a `Shared`: the `Rc`'s pointer.
fn waker(shared: Rc<Shared>) -> Waker {
    // SAFETY: the vtable's functions follow `RawWaker`'s contract for `Rc::into_raw`
    // of a `Shared`; wasm32 without atomics has one thread, so the `Rc` never crosses
    // one.
    unsafe { Waker::from_raw(RawWaker::new(Rc::into_raw(shared).cast(), &VTABLE)) }
}

unsafe fn clone(pointer: *const ()) -> RawWaker {
    // SAFETY: `pointer` is an `Rc<Shared>` still owned by its waker.
    unsafe { Rc::increment_strong_count(pointer.cast::<Shared>()) };
    RawWaker::new(pointer, &VTABLE)
}

unsafe fn wake(pointer: *const ()) {
    // SAFETY: as in `clone`; the waker is consumed, and with it its count.
    schedule(unsafe { Rc::from_raw(pointer.cast::<Shared>()) });
}

unsafe fn wake_by_ref(pointer: *const ()) {
    // SAFETY: as in `clone`.
    let shared = ManuallyDrop::new(unsafe { Rc::from_raw(pointer.cast::<Shared>()) });
    schedule(Rc::clone(&shared));
}

unsafe fn drop_waker(pointer: *const ()) {
    // SAFETY: as in `wake`.
    drop(unsafe { Rc::from_raw(pointer.cast::<Shared>()) });
}

#[wasm_bindgen]
extern "C" {
    /// The queue's run callback.
    #[wasm_bindgen(js_name = Function)]
    type RunCallback;

    /// `Promise.prototype.then.call(promise, onFulfilled)`: the derived promise.
    #[wasm_bindgen(js_namespace = ["Promise", "prototype", "then"], js_name = call)]
    fn then_call(promise: &JsValue, on_fulfilled: &RunCallback) -> JsValue;

    /// `Promise.prototype.then.call(promise, undefined, onRejected)`.
    #[wasm_bindgen(js_namespace = ["Promise", "prototype", "then"], js_name = call)]
    fn catch_call(promise: &JsValue, on_fulfilled: &JsValue, on_rejected: &RunCallback);

    /// `Promise.resolve()`.
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve)]
    fn resolved() -> JsValue;
}

/// The woken `Drive`s, and how they are run.
struct Queue {
    woken: RefCell<VecDeque<Rc<Shared>>>,
    scheduled: Cell<bool>,
    /// The `Drive` being polled by `run_all`.
    running: RefCell<Option<Rc<Shared>>>,
    /// A resolved promise, the callback its reactions run, and the one that takes what
    /// a run threw: created once.
    resolved: JsValue,
    run: RunCallback,
    on_thrown: RunCallback,
}

impl Queue {
    fn new() -> Queue {
        let run = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| run_all());
        let on_thrown = Closure::<dyn FnMut(JsValue)>::new(on_thrown);
        Queue {
            woken: RefCell::new(VecDeque::new()),
            scheduled: Cell::new(false),
            running: RefCell::new(None),
            resolved: resolved(),
            run: run.into_js_value().unchecked_into(),
            on_thrown: on_thrown.into_js_value().unchecked_into(),
        }
    }
}

fn with_queue<R>(f: impl FnOnce(&Queue) -> R) -> R {
    struct SingleThreaded(std::cell::OnceCell<Queue>);
    // SAFETY: this module is compiled without the atomics feature only: one thread on
    // wasm32; a host build of the crate never runs it.
    unsafe impl Sync for SingleThreaded {}
    static QUEUE: SingleThreaded = SingleThreaded(std::cell::OnceCell::new());
    f(QUEUE.0.get_or_init(Queue::new))
}

/// Queues a woken `Drive` (once, however often it is woken before it runs), and the run
/// of the queue if it is not already coming.
fn schedule(shared: Rc<Shared>) {
    if shared.queued.replace(true) {
        return;
    }
    with_queue(|queue| {
        queue.woken.borrow_mut().push_back(shared);
        if !queue.scheduled.replace(true) {
            schedule_run(queue);
        }
    });
}

/// A reaction on the resolved promise that runs the queue, and one on its derived
/// promise for what the run throws.
fn schedule_run(queue: &Queue) {
    let derived = then_call(&queue.resolved, &queue.run);
    catch_call(&derived, &JsValue::UNDEFINED, &queue.on_thrown);
}

/// A poll by `run_all` threw (a JS exception thrown through Rust, or a trap: a panic
/// with `panic = "abort"`), which abandoned the run: the `Drive` it was polling keeps
/// it for its executor, which throws it when it polls next, as it would have thrown
/// without us; the rest of the queue runs in the next turn.
fn on_thrown(thrown: JsValue) {
    let running = with_queue(|queue| {
        if !queue.woken.borrow().is_empty() && !queue.scheduled.replace(true) {
            schedule_run(queue);
        }
        queue.running.borrow_mut().take()
    });
    if let Some(shared) = running {
        shared.thrown.set(Some(thrown));
        let outer = shared.outer.borrow_mut().take();
        if let Some(outer) = outer {
            outer.wake();
        }
    }
}

/// Runs the `Drive`s queued so far (those woken meanwhile run in the next turn).
fn run_all() {
    let mut left = with_queue(|queue| {
        queue.scheduled.set(false);
        queue.woken.borrow().len()
    });
    while left > 0 {
        left -= 1;
        let Some(shared) = with_queue(|queue| {
            let shared = queue.woken.borrow_mut().pop_front();
            queue.running.borrow_mut().clone_from(&shared);
            shared
        }) else {
            break;
        };
        shared.run();
    }
    let finished = with_queue(|queue| queue.running.borrow_mut().take());
    drop(finished);
}
