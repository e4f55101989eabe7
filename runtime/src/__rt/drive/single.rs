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
use core::mem::{self, ManuallyDrop};
use core::ptr::NonNull;
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::{Context, Future, Pin, Poll};
use crate::__rt::fail;
use crate::__rt::state::{then_derived, with_runtime, Runtime};

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
    /// it is done. Never inlined: the future's own poll (the whole `async fn` body) is
    /// then in one place, not copied into each of the callers.
    #[inline(never)]
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

    /// Thin: the work is in `drive`, which is not generic, and in `poll_erased::<F>`, the
    /// one place the future's own poll is compiled into.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `future` stays pinned where it is (only `poll_erased` touches it);
        // `shared` and `output` are not structurally pinned.
        let this = unsafe { self.get_unchecked_mut() };
        let pointer = NonNull::from(&mut *this).cast::<()>();
        if !drive(&mut this.shared, pointer, poll_erased::<F>, cx) {
            return Poll::Pending;
        }
        match this.output.take() {
            Some(Ok(output)) => Poll::Ready(output),
            #[cfg(panic = "unwind")]
            Some(Err(payload)) => std::panic::resume_unwind(payload),
            None => fail("an async export polled after it completed"),
        }
    }
}

/// The executor polls the `Drive` at `pointer`: the first time with its own waker (most
/// exports complete there, or await once), then with ours. Returns whether the future
/// is done.
fn drive(
    shared: &mut Option<Rc<Shared>>,
    pointer: NonNull<()>,
    poll: unsafe fn(NonNull<()>, &mut Context<'_>) -> bool,
    cx: &mut Context<'_>,
) -> bool {
    let Some(shared) = shared.as_ref().map(Rc::clone) else {
        // SAFETY: `pointer` is the pinned `Drive` being polled, which `poll` is for.
        let done = unsafe { poll(pointer, cx) };
        if !done {
            // Not yet ours: the future's first await wakes the executor.
            *shared = Some(Rc::new(Shared {
                drive: Cell::new(None),
                poll,
                outer: RefCell::new(None),
                queued: Cell::new(false),
                thrown: Cell::new(None),
            }));
        }
        return done;
    };
    if let Some(thrown) = shared.thrown.take() {
        // Our queue's poll threw (or trapped): throw it here, inside the executor's
        // poll, where it would have been thrown without us.
        wasm_bindgen::throw_val(thrown);
    }
    let replaced = shared.outer.borrow_mut().replace(cx.waker().clone());
    drop(replaced);
    shared.drive.set(Some(pointer));
    let waker = waker(Rc::clone(&shared));
    // SAFETY: as above.
    let done = unsafe { poll(pointer, &mut Context::from_waker(&waker)) };
    if done {
        let outer = shared.outer.borrow_mut().take();
        drop(outer);
    }
    done
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

/// The `Drive`s woken since the queue last ran, and those of the run in progress.
pub struct Queue {
    woken: Vec<Rc<Shared>>,
    /// The run in progress polls these, up to `cursor`.
    running: Vec<Rc<Shared>>,
    cursor: usize,
    /// A run of the queue is coming.
    scheduled: bool,
}

impl Queue {
    pub const fn new() -> Queue {
        Queue {
            woken: Vec::new(),
            running: Vec::new(),
            cursor: 0,
            scheduled: false,
        }
    }
}

/// The queue, borrowed for `f` (which must not poll, wake or drop anything).
fn with_queue<R>(f: impl FnOnce(&mut Queue, &Runtime) -> R) -> R {
    with_runtime(|runtime| {
        let mut queue = runtime
            .queue
            .try_borrow_mut()
            .unwrap_or_else(|_| fail("the drive queue is in use (re-entered)"));
        f(&mut queue, runtime)
    })
}

/// Queues a woken `Drive` (once, however often it is woken before it runs), and the run
/// of the queue if it is not already coming.
fn schedule(shared: Rc<Shared>) {
    if shared.queued.replace(true) {
        return;
    }
    let run = with_queue(|queue, _| {
        queue.woken.push(shared);
        !mem::replace(&mut queue.scheduled, true)
    });
    if run {
        schedule_run();
    }
}

/// A reaction on a resolved promise that runs the queue, and one on its derived promise
/// for what the run throws.
fn schedule_run() {
    with_runtime(|runtime| {
        let js = runtime.js();
        let derived = then_derived(&js.resolved, &js.run, &JsValue::UNDEFINED);
        then_derived(&derived, &JsValue::UNDEFINED, &js.thrown);
    });
}

/// Runs the `Drive`s woken so far (those woken meanwhile run in the next turn).
///
/// The queue's `Rc<Shared>`s may be dropped while it is borrowed: `Drive` holds one as
/// long as it exists, so the queue's is never the last one of a live `Drive`, and once
/// the `Drive` is gone its record holds no waker, nothing whose drop could run code.
pub fn run_all() {
    let count = with_queue(|queue, _| {
        queue.scheduled = false;
        mem::swap(&mut queue.woken, &mut queue.running);
        queue.cursor = 0;
        queue.running.len()
    });
    for i in 0..count {
        let shared = with_queue(|queue, _| {
            queue.cursor = i + 1;
            queue.running.get(i).cloned()
        });
        if let Some(shared) = shared {
            shared.run();
        }
    }
    with_queue(|queue, _| {
        queue.running.clear();
        queue.cursor = 0;
    });
}

/// A poll by `run_all` threw (a JS exception thrown through Rust, or a trap: a panic
/// with `panic = "abort"`), which abandoned the run: the `Drive` it was polling keeps
/// it for its executor, which throws it when it polls next, as it would have thrown
/// without us; the `Drive`s the run had not reached run in the next turn.
pub fn on_thrown(thrown: JsValue) {
    let (thrower, reschedule) = with_queue(|queue, _| {
        let cursor = mem::take(&mut queue.cursor);
        let mut thrower = None;
        for (i, shared) in mem::take(&mut queue.running).into_iter().enumerate() {
            if i + 1 == cursor {
                thrower = Some(shared);
            } else if i >= cursor {
                queue.woken.push(shared);
            }
        }
        let reschedule = !queue.woken.is_empty() && !mem::replace(&mut queue.scheduled, true);
        (thrower, reschedule)
    });
    if reschedule {
        schedule_run();
    }
    if let Some(shared) = thrower {
        shared.thrown.set(Some(thrown));
        let outer = shared.outer.borrow_mut().take();
        if let Some(outer) = outer {
            outer.wake();
        }
    }
}
