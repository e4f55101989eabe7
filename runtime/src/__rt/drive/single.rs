//! `Drive` on single-threaded wasm32 (and host builds of the crate, where nothing runs it).
//!
//! Ownership: the executor owns the export's future, `Drive<F>` included, pinned in its
//! task until it completes. Once the future is pending, a small shared record (`Shared`,
//! behind an `Rc`, also held by its wakers and by our queue) points back at the pinned
//! `Drive`, so that our queue can poll it in place. `Drive`'s `Drop` clears that pointer
//! before the memory can go (the guarantee `Pin` gives), so a wake that comes later
//! finds nothing to poll. `Drive` is `!Unpin` (`PhantomPinned`) and every access to it
//! goes through the one raw pointer: no `&mut` claims to be the only way to reach it.
//!
//! Panics (see `panic.rs`): every poll of the future runs where a trap is caught, the
//! executor's inside a JS `try` (`poll_caught`), our queue's in a promise reaction whose
//! rejection we handle (`on_thrown`). A trap rejects the export's promise with the panic
//! and poisons the instance: no user future is polled again.

use core::cell::{Cell, RefCell};
use core::marker::PhantomPinned;
use core::mem::{self, ManuallyDrop};
use core::ptr::NonNull;
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::rc::{Rc, Weak};

use wasm_bindgen::{JsCast, JsValue};

use super::{Context, Future, Pin, Poll};
use crate::__rt::panic::{self, Poisoned};
use crate::__rt::state::{then_derived, with_runtime, Runtime, RuntimeError, SingleThreaded};

/// What an export's future resolves to: `future_to_promise`'s.
type Output = Result<JsValue, JsValue>;

/// The non-generic part of a `Drive`, first in it (`repr(C)`): reached through the
/// pointer to the `Drive` by code that does not know `F`.
struct DriveState {
    /// The output, once the future (or a panic, or the poison) produced it.
    output: Option<Output>,
    /// Set once the future is pending.
    shared: Option<Rc<Shared>>,
    /// The export's name, or a `type_name` that names it (see `panic::export_name`).
    name: &'static str,
    /// Whether panics reject, or trap as with upstream's attribute (the crate opted out
    /// with `cfg(wasm_bindgen_async_trap_panics)`).
    policy: &'static Policy,
}

/// What differs between a `Drive` that catches panics and one that lets them trap:
/// reached through a `&'static Policy` ([`GUARDED`] or [`UNGUARDED`]), so that a crate
/// that opted out references, and so links, none of the panic machinery (the panic
/// hook, and through `take_hook` the standard library's default one).
struct Policy {
    /// Whether the instance is poisoned.
    is_poisoned: fn() -> bool,
    /// The rejection for the export `name`, if the instance is poisoned.
    poisoned: fn(&'static str) -> Option<JsValue>,
    /// Before the executor's first poll.
    first_poll: fn(),
    /// Polls the `Drive` at the pointer with the given `poll_erased::<F>`.
    poll: PollThrough,
    /// What a poll threw, for the export `name`.
    classify: fn(JsValue, &'static str) -> Thrown,
    /// Whether a panic in a poll reaches JS as a rejection carrying its message.
    surfaces: bool,
}

/// `poll_erased::<F>`: polls the future of the `Drive` behind the pointer; whether it is
/// done.
type PollErased = unsafe fn(NonNull<()>, &mut Context<'_>) -> bool;

/// Polls the `Drive` behind the pointer with its `PollErased`, catching or not.
type PollThrough = unsafe fn(NonNull<()>, PollErased, &mut Context<'_>) -> Result<bool, JsValue>;

/// Panics reject the export's promise and poison the instance.
static GUARDED: Policy = Policy {
    is_poisoned: panic::is_poisoned,
    poisoned: |name| panic::check(name).err().map(|Poisoned(error)| error),
    first_poll: panic::ensure_hook,
    poll: poll_caught,
    classify: classify_guarded,
    surfaces: true,
};

/// Panics trap, as with upstream's attribute: polls are direct, everything thrown is
/// an exception.
static UNGUARDED: Policy = Policy {
    is_poisoned: || false,
    poisoned: |_| None,
    first_poll: || {},
    poll: poll_direct,
    classify: |thrown, _| Thrown::Exception(thrown),
    surfaces: false,
};

/// An async export's future: polled by the executor, and between the executor's polls
/// by our queue (see the module's notes).
#[repr(C)]
pub struct Drive<F> {
    state: DriveState,
    future: F,
    _pinned: PhantomPinned,
}

/// What wakers and the queue hold of a `Drive`.
struct Shared {
    /// The pinned `Drive`, while it exists.
    drive: Cell<Option<NonNull<()>>>,
    /// Polls the future of the `Drive` behind the pointer: `poll_erased::<F>`.
    poll: PollErased,
    /// The executor's waker, from its last poll: woken when the future completes, or
    /// when the instance is poisoned.
    outer: RefCell<Option<Waker>>,
    /// Queued to be polled, or being polled.
    queued: Cell<bool>,
    /// What our queue's poll of it threw: given to the executor when it polls next.
    thrown: Cell<Option<Thrown>>,
    /// Its entry in the registry of pending `Drive`s.
    registered: Cell<usize>,
    /// As `DriveState::policy`.
    policy: &'static Policy,
}

/// What a poll threw.
enum Thrown {
    /// A JS exception thrown through Rust: thrown again in the executor's poll, where it
    /// would have been thrown without us.
    Exception(JsValue),
    /// A panic (a trap): the export's promise rejects with this error.
    Panic(JsValue),
}

impl<F: Future<Output = Output> + 'static> Drive<F> {
    /// Wraps `future`, the future of the async export `name`: its Rust name, or a
    /// `type_name` of its future, which contains `__wasm_bindgen_generated_<export>` (see
    /// `panic::export_name`).
    pub fn named(future: F, name: &'static str) -> Self {
        Drive {
            state: DriveState {
                output: None,
                shared: None,
                name,
                policy: &GUARDED,
            },
            future,
            _pinned: PhantomPinned,
        }
    }

    /// Wraps `future` without catching panics: a panic traps, as with upstream's
    /// attribute (no rejection, no poison, none of the cost of `poll_caught`).
    pub fn unguarded(future: F, name: &'static str) -> Self {
        let mut drive = Self::named(future, name);
        drive.state.policy = &UNGUARDED;
        drive
    }
}

/// `Shared::poll` for a `Drive<F>`: polls the future, storing its output when it is
/// ready. Returns whether it is done. The future's own poll (the whole `async fn` body)
/// is compiled here, in one place.
///
/// # Safety
/// `drive` points to a live, pinned `Drive<F>` that nothing else uses meanwhile.
#[inline(never)]
unsafe fn poll_erased<F: Future<Output = Output>>(
    drive: NonNull<()>,
    cx: &mut Context<'_>,
) -> bool {
    let drive = drive.cast::<Drive<F>>().as_ptr();
    // SAFETY: the caller's contract; `future` is structurally pinned (never moved out),
    // and the two fields are disjoint.
    let (future, state) = unsafe {
        (
            Pin::new_unchecked(&mut (*drive).future),
            &mut (*drive).state,
        )
    };
    match poll_unwinding(future, cx, state.name) {
        Poll::Ready(output) => {
            state.output = Some(output);
            true
        }
        Poll::Pending => false,
    }
}

/// With `panic = "unwind"`, a panic unwinds to here: the export's promise rejects with it
/// (nothing is left broken, so nothing is poisoned).
#[cfg(panic = "unwind")]
fn poll_unwinding<F: Future<Output = Output>>(
    future: Pin<&mut F>,
    cx: &mut Context<'_>,
    name: &'static str,
) -> Poll<Output> {
    match std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| future.poll(cx))) {
        Ok(poll) => poll,
        Err(_) => Poll::Ready(Err(panic::unwound_error(name))),
    }
}

#[cfg(not(panic = "unwind"))]
fn poll_unwinding<F: Future<Output = Output>>(
    future: Pin<&mut F>,
    cx: &mut Context<'_>,
    _: &'static str,
) -> Poll<Output> {
    future.poll(cx)
}

impl<F: Future<Output = Output>> Future for Drive<F> {
    type Output = Output;

    /// Thin: the work is in `drive`, which is not generic, and in `poll_erased::<F>`.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Output> {
        // SAFETY: the `Drive` stays pinned where it is; everything below reaches it
        // through this pointer only.
        let pointer = NonNull::from(unsafe { self.get_unchecked_mut() }).cast::<()>();
        // SAFETY: `pointer` is this pinned `Drive<F>`, with the `DriveState` first.
        match unsafe { drive(pointer, poll_erased::<F>, cx) } {
            Some(output) => Poll::Ready(output),
            None => Poll::Pending,
        }
    }
}

/// The executor polls the `Drive` at `pointer`: the first time with its own waker (most
/// exports complete there, or await once), then with ours.
///
/// # Safety
/// `pointer` is a pinned `Drive<F>` polled by its executor, and `poll` is
/// `poll_erased::<F>`.
unsafe fn drive(pointer: NonNull<()>, poll: PollErased, cx: &mut Context<'_>) -> Option<Output> {
    let state = pointer.cast::<DriveState>().as_ptr();
    // SAFETY: `repr(C)`: the state is at the start of the `Drive`. Borrows of it end
    // before `poll` is called.
    let (shared, name, policy) =
        unsafe { ((*state).shared.clone(), (*state).name, (*state).policy) };
    if let Some(output) = unsafe { (*state).output.take() } {
        return Some(output);
    }
    // What our queue's poll threw comes first: a panic there also poisoned the instance.
    match shared.as_ref().and_then(|shared| shared.thrown.take()) {
        Some(Thrown::Exception(thrown)) => wasm_bindgen::throw_val(thrown),
        Some(Thrown::Panic(error)) => {
            unregister(shared.as_ref());
            return Some(Err(error));
        }
        None => {}
    }
    if let Some(error) = (policy.poisoned)(name) {
        unregister(shared.as_ref());
        return Some(Err(error));
    }
    let outcome = match &shared {
        None => {
            (policy.first_poll)();
            // SAFETY: the caller's contract.
            unsafe { (policy.poll)(pointer, poll, cx) }
        }
        Some(shared) => {
            let replaced = shared.outer.borrow_mut().replace(cx.waker().clone());
            drop(replaced);
            shared.drive.set(Some(pointer));
            let waker = waker(Rc::clone(shared));
            let cx = &mut Context::from_waker(&waker);
            // SAFETY: the caller's contract.
            unsafe { (policy.poll)(pointer, poll, cx) }
        }
    };
    match outcome {
        Ok(true) => {
            unregister(shared.as_ref());
            // SAFETY: as above; `poll` has returned.
            unsafe { (*state).output.take() }
        }
        Ok(false) => {
            if shared.is_none() {
                let shared = register(poll, cx.waker().clone(), policy);
                // SAFETY: as above.
                unsafe { (*state).shared = Some(shared) };
            }
            None
        }
        Err(thrown) => match (policy.classify)(thrown, name) {
            Thrown::Exception(thrown) => wasm_bindgen::throw_val(thrown),
            Thrown::Panic(error) => {
                unregister(shared.as_ref());
                Some(Err(error))
            }
        },
    }
}

/// A JS exception, or a panic: a trap, or anything thrown after our panic hook saw a
/// panic (which then poisons the instance).
fn classify_guarded(thrown: JsValue, name: &'static str) -> Thrown {
    if thrown.is_instance_of::<RuntimeError>() || panic::panicked() {
        Thrown::Panic(panic::poison(name, &thrown))
    } else {
        Thrown::Exception(thrown)
    }
}

/// The `Drive` the executor is polling, for `poll_current`.
#[derive(Clone, Copy)]
struct Current {
    pointer: NonNull<()>,
    poll: PollErased,
    cx: NonNull<Context<'static>>,
    done: bool,
}

static CURRENT: SingleThreaded<Cell<Option<Current>>> = SingleThreaded(Cell::new(None));

/// Polls through JS, inside a `try`: a trap (or a JS exception) comes back as `Err`
/// instead of unwinding the executor's frames.
///
/// # Safety
/// As for `drive`.
unsafe fn poll_caught(
    pointer: NonNull<()>,
    poll: PollErased,
    cx: &mut Context<'_>,
) -> Result<bool, JsValue> {
    let current = Current {
        pointer,
        poll,
        cx: NonNull::from(cx).cast(),
        done: false,
    };
    // A JS exception a `catch` import stored and nobody took (upstream's async imports
    // under `catch` leave one when the JS function throws): ours must not find it.
    let _ = wasm_bindgen::__rt::take_last_exception();
    let outer = CURRENT.0.replace(Some(current));
    let surfacing = panic::set_surfacing(true);
    let called = with_runtime(|runtime| runtime.js().poll.call_catching());
    panic::set_surfacing(surfacing);
    let done = CURRENT.0.replace(outer).is_some_and(|current| current.done);
    called.map(|()| done)
}

/// Polls directly: a trap unwinds the executor's frames, as with upstream's attribute.
///
/// # Safety
/// As for `drive`.
#[allow(clippy::unnecessary_wraps)] // the signature of `Policy::poll`
unsafe fn poll_direct(
    pointer: NonNull<()>,
    poll: PollErased,
    cx: &mut Context<'_>,
) -> Result<bool, JsValue> {
    // SAFETY: the caller's contract.
    Ok(unsafe { poll(pointer, cx) })
}

/// JS calls this back from `poll_caught`: polls the `Drive` it set.
pub fn poll_current() {
    let Some(mut current) = CURRENT.0.get() else {
        return;
    };
    // SAFETY: `poll_caught` set these for the duration of its call, which this is
    // inside of; the context outlives it.
    current.done = unsafe { (current.poll)(current.pointer, current.cx.as_mut()) };
    CURRENT.0.set(Some(current));
}

impl<F> Drop for Drive<F> {
    fn drop(&mut self) {
        if let Some(shared) = &self.state.shared {
            // A wake that comes later finds nothing to poll, and no executor to wake.
            shared.drive.set(None);
            let outer = shared.outer.borrow_mut().take();
            drop(outer);
            unregister(Some(shared));
        }
    }
}

impl Shared {
    /// Polls the `Drive` (if it is still there) with this record's waker; wakes the
    /// executor when the future is done. Called from our queue's run: what the poll
    /// throws rejects the run's promise (`on_thrown`).
    fn run(self: Rc<Self>) {
        self.queued.set(false);
        let Some(drive) = self.drive.get() else {
            return;
        };
        if (self.policy.is_poisoned)() {
            // The executor polls next, and rejects.
            self.wake_outer();
            return;
        }
        let waker = waker(Rc::clone(&self));
        // SAFETY: the pointer is set while the `Drive` is alive and pinned (its `Drop`
        // clears it); the executor is not polling it now (our queue runs in a microtask
        // of its own, never inside a poll).
        // (A trap here skips the restore: `on_thrown` clears the setting.)
        let surfacing = panic::set_surfacing(self.policy.surfaces);
        let done = unsafe { (self.poll)(drive, &mut Context::from_waker(&waker)) };
        panic::set_surfacing(surfacing);
        if done {
            self.wake_outer();
        }
    }

    fn wake_outer(&self) {
        let outer = self.outer.borrow_mut().take();
        if let Some(outer) = outer {
            outer.wake();
        }
    }
}

/// A record for a pending `Drive`, in the registry that poisoning wakes.
fn register(poll: PollErased, outer: Waker, policy: &'static Policy) -> Rc<Shared> {
    let shared = Rc::new(Shared {
        drive: Cell::new(None),
        poll,
        outer: RefCell::new(Some(outer)),
        queued: Cell::new(false),
        thrown: Cell::new(None),
        registered: Cell::new(usize::MAX),
        policy,
    });
    let weak = Rc::downgrade(&shared);
    let index = with_queue(|queue, _| {
        if let Some(index) = queue.free.pop() {
            if let Some(entry) = queue.pending.get_mut(index) {
                *entry = weak;
            }
            index
        } else {
            queue.pending.push(weak);
            queue.pending.len() - 1
        }
    });
    shared.registered.set(index);
    shared
}

fn unregister(shared: Option<&Rc<Shared>>) {
    let Some(shared) = shared else {
        return;
    };
    let index = shared.registered.replace(usize::MAX);
    if index == usize::MAX {
        return;
    }
    let dead = with_queue(|queue, _| {
        queue.free.push(index);
        queue
            .pending
            .get_mut(index)
            .map(|entry| mem::replace(entry, Weak::new()))
    });
    drop(dead);
}

/// The instance is poisoned: every pending `Drive`'s executor polls it again, and it
/// rejects.
pub fn wake_all_pending() {
    let pending = with_queue(|queue, _| {
        queue.free.clear();
        mem::take(&mut queue.pending)
    });
    for shared in pending.iter().filter_map(Weak::upgrade) {
        shared.wake_outer();
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

/// The `Drive`s woken since the queue last ran, those of the run in progress, and the
/// registry of pending `Drive`s.
pub struct Queue {
    woken: Vec<Rc<Shared>>,
    /// The run in progress polls these, up to `cursor`.
    running: Vec<Rc<Shared>>,
    cursor: usize,
    /// A run of the queue is coming.
    scheduled: bool,
    pending: Vec<Weak<Shared>>,
    free: Vec<usize>,
}

impl Queue {
    pub const fn new() -> Queue {
        Queue {
            woken: Vec::new(),
            running: Vec::new(),
            cursor: 0,
            scheduled: false,
            pending: Vec::new(),
            free: Vec::new(),
        }
    }
}

/// The queue, borrowed for `f` (which must not poll or wake anything; the queue's
/// `Rc<Shared>`s may be dropped in it: see `run_all`).
fn with_queue<R>(f: impl FnOnce(&mut Queue, &Runtime) -> R) -> R {
    with_runtime(|runtime| {
        let mut queue = runtime
            .queue
            .try_borrow_mut()
            .unwrap_or_else(|_| crate::__rt::fail("the drive queue is in use (re-entered)"));
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

/// A poll by `run_all` threw, which abandoned the run: the `Drive` it was polling gets
/// it (a JS exception is thrown again when its executor polls next, as it would have
/// been thrown without us; a panic rejects its promise and poisons the instance); the
/// `Drive`s the run had not reached run in the next turn.
pub fn on_thrown(thrown: JsValue) {
    panic::set_surfacing(false);
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
        let name = shared
            .drive
            .get()
            // SAFETY: a set pointer is a live `Drive`, whose state is first.
            .map_or("", |drive| unsafe {
                (*drive.cast::<DriveState>().as_ptr()).name
            });
        shared
            .thrown
            .set(Some((shared.policy.classify)(thrown, name)));
        shared.wake_outer();
    }
}
