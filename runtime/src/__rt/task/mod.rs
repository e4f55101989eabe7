//! Driving async exports: the runtime's own `future_to_promise`, and `spawn_local` for
//! an async `start`/`main`.
//!
//! A call of an async export registers one reaction on a resolved promise of ours, and
//! returns that reaction's derived promise: the export's promise. It spawns the task
//! (`machine`: the future, boxed) `Fresh`; the reaction, in the next microtask (never
//! inside the call, as the futures crate's `queueMicrotask`), polls it for the first
//! time. Reactions on one promise run in the order they were registered, so each finds
//! its own task first in the machine's line of `Fresh` tasks. When the future completes
//! in that poll, the reaction returns its value, and so fulfills the export's promise,
//! or returns a value whose `then` getter throws the error (`js::rejecting`), and so
//! rejects it, in the same microtask in which upstream's executor would settle its
//! promise. When it is pending, the reaction returns our thenable: one job later the
//! engine hands its `then` the export promise's own resolving functions (`late`: in the
//! order the reactions returned it), and the task settles the promise through them.
//!
//! Every later poll is in a run of the queue: a reaction on our resolved promise,
//! scheduled when a task is woken, or, when the await table's reaction wakes a task of
//! ours with that task's own waker, in that very reaction, right after it stored the
//! value (no reaction of its own).
//!
//! Every poll runs inside a catch: our inner closure, which polls, called through a
//! `catch` import (a JS `try`). A throw through it (a JS exception thrown through Rust,
//! or a trap) comes back as an `Err` at once, in the same reaction, and the inner
//! closure did not reach its end. The polling code is abandoned where it was; the
//! machine knows which task was running and frees it without touching its future (left
//! in the abandoned frames: never polled or dropped again). Then:
//! - a JS exception (or, for a crate that opted out of catching panics, anything): thrown
//!   again, uncaught, from a microtask, as the futures crate's executor lets it escape;
//!   the export's promise stays pending, later calls work;
//! - a panic (the standard library started panicking during that poll, see `panic`): the
//!   promise rejects with it, and the instance is poisoned there and then, before
//!   anything else runs: every other task's future is leaked (after a trap no user code
//!   runs again, not even a destructor) and its promise rejected, and later calls reject
//!   at once.
//!
//! Wakers are the task's packed id (`waker`): nothing to count or free, and a stale one
//! finds no task. No borrow of the machine is held across a poll, a drop, or a JS call.

mod catch;
mod driver;
mod late;
mod machine;
mod waker;

use core::cell::{Cell, OnceCell, RefCell};
use core::future::Future;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::invariant::{fail, transition};
use super::js::{self, Function};
use super::local::local;
use super::panic;
use machine::{Id, Tasks};

/// What an export's future resolves to: `future_to_promise`'s.
pub type Output = Result<JsValue, JsValue>;

type BoxFuture = Pin<Box<dyn Future<Output = Output>>>;

/// What the run needs to know of a task.
#[derive(Clone, Copy)]
struct Meta {
    /// The export's name, or a `type_name` of its future that contains it.
    name: &'static str,
    policy: &'static Policy,
}

/// How a task's outcome is delivered.
enum Completion {
    /// An export's promise before its first poll ended: the outcome of that poll goes
    /// to its reaction ([`FIRST`]), which returns it.
    Reaction,
    /// An export's promise after a first poll that was pending, before its resolving
    /// functions came: an outcome waits in [`LATE`].
    Awaiting(Id),
    /// An export's promise after a first poll that was pending: its resolving functions.
    Export((Function, Function)),
    /// An async `start`/`main`: a failure is thrown.
    Start,
}

type Machine = Tasks<BoxFuture, Completion, Meta>;

local! {
    static TASKS: RefCell<Machine> = RefCell::new(Tasks::new());
}

/// The driver's JS functions and values, made once. Each closure is `Fn` (re-entrant:
/// an export's call runs while a poll runs JS that calls another async export) and
/// handed only to built-ins: the captured `then` on our own promises, the engine (our
/// thenable's `then`, which no JS can reach), `Function.prototype.call` in a `catch`
/// import, and in debug builds the captured `Promise` constructor.
struct Js {
    /// The reaction of an export's call: its first poll.
    first: Function,
    /// A run of the queue (a reaction: its value is ignored).
    run: Function,
    /// Our thenable, which an export's reaction returns when its first poll was pending
    /// (see [`late`]): its `then` is [`on_then`].
    thenable: JsValue,
    /// The polls inside a catch (see [`catch::call`]).
    inner_run: Function,
    inner_first: Function,
    /// Throws the oldest value of `RETHROWN`.
    rethrow: Function,
    /// A resolved promise, whose reactions run the queue and the first polls.
    resolved: JsValue,
}

local! {
    static JS: OnceCell<Js> = OnceCell::new();
}

local! {
    /// The exports waiting for their promise's resolving functions.
    static LATE: RefCell<late::Line<Output>> = RefCell::new(late::Line::new());
}

local! {
    /// Values to throw again, uncaught, from microtasks of their own.
    static RETHROWN: Cell<Vec<JsValue>> = Cell::new(Vec::new());
}

local! {
    /// What runs before each run of the queue once a guarded task was spawned: the
    /// panic hook's check (not referenced by crates that opted out, so not linked).
    static BEFORE_RUN: Cell<Option<fn()>> = Cell::new(None);
}

/// What the first poll of an export's task came to, for its reaction.
enum First {
    /// It completed.
    Output(Output),
    /// It panicked: the rejection.
    Panicked(JsValue),
    /// A JS exception went through it: the promise stays pending.
    Abandoned,
}

local! {
    /// The outcome of the first poll in progress (see [`Completion::Reaction`]).
    static FIRST: Cell<Option<First>> = Cell::new(None);
}

local! {
    /// The task whose first poll the inner closure makes.
    static FIRST_ID: Cell<Option<Id>> = Cell::new(None);
}

local! {
    /// The task being polled, for the await table (see [`polling`]).
    static POLLING: Cell<Option<Id>> = Cell::new(None);
}

/// The machine, borrowed for one transition. A transition runs no foreign code and
/// cannot fail, so the machine is never found borrowed here.
fn with_tasks<R>(f: impl FnOnce(&mut Machine) -> R) -> R {
    TASKS.with(|tasks| transition(tasks, "the task table was re-entered", f))
}

fn with_js<R>(f: impl FnOnce(&Js) -> R) -> R {
    fn function<F: ?Sized + wasm_bindgen::closure::WasmClosure>(closure: Closure<F>) -> Function {
        closure.into_js_value().unchecked_into()
    }
    JS.with(|cell| {
        let js = cell.get_or_init(|| Js {
            first: function(Closure::<dyn Fn() -> JsValue>::new(on_first)),
            run: function(Closure::<dyn Fn()>::new(on_run)),
            thenable: js::thenable(&function(Closure::<dyn Fn(JsValue, JsValue)>::new(on_then))),
            inner_run: function(Closure::<dyn Fn()>::new(inner_run)),
            inner_first: function(Closure::<dyn Fn()>::new(inner_first)),
            rethrow: function(Closure::<dyn Fn()>::new(on_rethrow)),
            resolved: js::resolved(),
        });
        f(js)
    })
}

/// The line of late exports, borrowed for one transition (it runs no foreign code).
fn with_late<R>(f: impl FnOnce(&mut late::Line<Output>) -> R) -> R {
    LATE.with(|line| transition(line, "the line of late exports was re-entered", f))
}

/// Our thenable's `then`: the resolving functions of the oldest export's promise that
/// adopted it (the engine calls it in a job of its own, in the order the reactions
/// returned the thenable).
fn on_then(resolve: JsValue, reject: JsValue) {
    let (resolve, reject): (Function, Function) =
        (resolve.unchecked_into(), reject.unchecked_into());
    match with_late(late::Line::next) {
        Some(late::Entry::Waiting(id)) => {
            let replaced = with_tasks(|tasks| {
                tasks.replace_promise(id, Completion::Export((resolve, reject)))
            });
            drop(replaced);
        }
        Some(late::Entry::Settled(Ok(value))) => {
            resolve.call1(&JsValue::UNDEFINED, &value);
        }
        Some(late::Entry::Settled(Err(error))) => {
            reject.call1(&JsValue::UNDEFINED, &error);
        }
        Some(late::Entry::Never) | None => {}
    }
}

/// The export's promise follows our thenable: the task `id`'s (or, with `None`, one that
/// stays pending).
fn follow_thenable(id: Option<Id>) -> JsValue {
    with_late(|line| line.push(id));
    with_js(|js| js.thenable.clone())
}

/// A task that was waiting for its resolving functions finished first.
fn finish_late(id: Id, outcome: Option<Output>) {
    if let Err(outcome) = with_late(|line| line.finish(id, outcome)) {
        // Unreachable: `Awaiting(id)` is the task's promise only while its entry waits.
        drop(outcome);
        fail("an export finished late without its entry");
    }
}

/// Throws the oldest value to rethrow (from a microtask of its own).
fn on_rethrow() {
    let mut values = RETHROWN.with(Cell::take);
    let value = (!values.is_empty()).then(|| values.remove(0));
    RETHROWN.with(|rethrown| rethrown.set(values));
    if let Some(value) = value {
        wasm_bindgen::throw_val(value);
    }
}

/// What a throw through a poll was.
enum Thrown {
    /// A JS exception: thrown again, uncaught; the promise stays pending.
    Exception,
    /// A panic: the promise rejects with this error, and the instance is poisoned.
    Panic(JsValue),
}

/// What differs between tasks that catch panics and tasks that let them trap as with
/// upstream's attribute (the crate opted out with `cfg(wasm_bindgen_async_trap_panics)`):
/// reached through a `&'static Policy`, so that a crate that opted out references, and
/// so links, none of the panic machinery.
pub struct Policy {
    /// At spawn: the rejection, if the task may not run.
    admit: fn(&'static str) -> Option<JsValue>,
    /// Around each poll (and the drop of a completed future).
    enter: fn(),
    leave: fn(),
    /// What a throw through a poll of the task `name` was.
    classify: fn(&'static str) -> Thrown,
}

/// Panics reject the export's promise and poison the instance.
static GUARDED: Policy = Policy {
    admit: |name| {
        BEFORE_RUN.with(|before| before.set(Some(panic::ensure_hook)));
        panic::poisoned_error(panic::export_name(name))
    },
    enter: panic::enter,
    leave: panic::leave,
    classify: |name| match panic::take_panic() {
        Some(message) => Thrown::Panic(panic::poison(panic::export_name(name), message)),
        None => Thrown::Exception,
    },
};

/// Panics trap, as with upstream's attribute: everything thrown is an exception.
static UNGUARDED: Policy = Policy {
    admit: |_| None,
    enter: || {},
    leave: || {},
    classify: |_| Thrown::Exception,
};

/// `future_to_promise` of an async export: its promise (see the module's notes). A panic
/// rejects it and poisons the instance.
pub fn spawn_export<F>(future: F, name: &'static str) -> JsValue
where
    F: Future<Output = Output> + 'static,
{
    export(Box::pin(future), name, &GUARDED)
}

/// [`spawn_export`] for a crate that opted out of catching panics: a panic traps, as
/// with upstream's attribute.
pub fn spawn_export_unguarded<F>(future: F, name: &'static str) -> JsValue
where
    F: Future<Output = Output> + 'static,
{
    export(Box::pin(future), name, &UNGUARDED)
}

/// `spawn_local` of an async `start` or `main`: a panic is thrown, as a JS `Error` naming
/// it and carrying the message; a task that was merely pending when another panic
/// poisoned the instance stops quietly.
pub fn spawn_start<F>(future: F, name: &'static str)
where
    F: Future<Output = ()> + 'static,
{
    start(Box::pin(unit(future)), name, &GUARDED);
}

/// [`spawn_start`] for a crate that opted out of catching panics.
pub fn spawn_start_unguarded<F>(future: F, name: &'static str)
where
    F: Future<Output = ()> + 'static,
{
    start(Box::pin(unit(future)), name, &UNGUARDED);
}

async fn unit<F: Future<Output = ()>>(future: F) -> Output {
    future.await;
    Ok(JsValue::UNDEFINED)
}

fn export(future: BoxFuture, name: &'static str, policy: &'static Policy) -> JsValue {
    let refusal = (policy.admit)(name).or_else(|| {
        with_tasks(|tasks| !tasks.has_room())
            .then(|| js::TypeError::new("more than 2^20 async exports pending at once").into())
    });
    if let Some(error) = refusal {
        // Poisoned: after a trap no user code runs again, not even a destructor.
        mem::forget(future);
        return js::rejected(&error);
    }
    // The reaction first, then the task: a `then` that threw registered nothing and
    // spawned nothing (on our own resolved promise it cannot throw, see
    // `js::resolved`), so that reactions and `Fresh` tasks stay in step.
    let promise = with_js(|js| js::then_derived(&js.resolved, &js.first, &JsValue::UNDEFINED));
    let spawned = with_tasks(|tasks| {
        tasks
            .spawn_fresh(future, Completion::Reaction, Meta { name, policy })
            .map(drop)
    });
    if spawned.is_err() {
        // Unreachable: room was checked, and nothing ran since.
        fail("the task table filled up during a call");
    }
    promise
}

fn start(future: BoxFuture, name: &'static str, policy: &'static Policy) {
    if (policy.admit)(name).is_some() {
        // Poisoned: stops quietly (the future is leaked, as every pending one was).
        mem::forget(future);
        return;
    }
    match with_tasks(|tasks| tasks.spawn(future, Completion::Start, Meta { name, policy })) {
        Ok(true) => schedule_run(),
        Ok(false) => {}
        Err((future, completion)) => {
            drop(future);
            completion.settle(Err(js::TypeError::new(
                "more than 2^20 async exports pending at once",
            )
            .into()));
        }
    }
}

impl Completion {
    /// The future's output: `Ok` resolves, `Err` rejects (a `start`'s `Err` is thrown).
    fn settle(self, output: Output) {
        match (self, output) {
            (Completion::Reaction, output) => {
                FIRST.with(|first| first.set(Some(First::Output(output))));
            }
            (Completion::Awaiting(id), output) => finish_late(id, Some(output)),
            (Completion::Export((resolve, _)), Ok(value)) => {
                resolve.call1(&JsValue::UNDEFINED, &value);
            }
            (Completion::Export((_, reject)), Err(error)) => {
                reject.call1(&JsValue::UNDEFINED, &error);
            }
            (Completion::Start, Err(error)) => rethrow(error),
            (Completion::Start, Ok(_)) => {}
        }
    }

    /// A panic: rejects with `error`, or throws it for a `start`.
    fn panicked(self, error: JsValue) {
        match self {
            Completion::Reaction => FIRST.with(|first| first.set(Some(First::Panicked(error)))),
            Completion::Awaiting(id) => finish_late(id, Some(Err(error))),
            Completion::Export((_, reject)) => {
                reject.call1(&JsValue::UNDEFINED, &error);
            }
            Completion::Start => rethrow(error),
        }
    }

    /// A JS exception went through the poll: the promise stays pending.
    fn abandon(self) {
        match self {
            Completion::Reaction => FIRST.with(|first| first.set(Some(First::Abandoned))),
            Completion::Awaiting(id) => finish_late(id, None),
            Completion::Export(_) | Completion::Start => {}
        }
    }

    /// Another task's panic poisoned the instance: rejects with `error` (a `start` stops
    /// quietly; an export's reaction still to come finds its task gone).
    fn poisoned(self, error: JsValue) {
        match self {
            Completion::Export((_, reject)) => {
                reject.call1(&JsValue::UNDEFINED, &error);
            }
            Completion::Awaiting(id) => finish_late(id, Some(Err(error))),
            Completion::Reaction | Completion::Start => {}
        }
    }
}

/// A waker of the task `id` was woken.
fn wake(id: Id) {
    if with_tasks(|tasks| tasks.wake(id)) {
        schedule_run();
    }
}

/// The task being polled, if any: the await table records it with each await, so that
/// its reaction can tell this task's waker from any other ([`wake_in_reaction`]).
pub(crate) fn polling() -> Option<u32> {
    POLLING.with(Cell::get).map(Id::to_bits)
}

/// Wakes `waker` from a reaction of the await table that stored its await's value. If
/// it is the waker of the task `task` (the one that awaited), that task is polled at
/// once, in this reaction, with the rest of the queue (a run of its own, saved); any
/// other waker is woken as it asks.
///
/// Once the instance is poisoned, no waker is woken or dropped (leaked instead): ours
/// find no task, and any other is user code (a custom `Wake`, another executor, a
/// combinator's waker whose state the trap may have left half-updated), which must not
/// run again after a trap, not even a destructor.
pub(crate) fn wake_in_reaction(waker: Waker, task: Option<u32>) {
    if panic::is_poisoned() {
        mem::forget(waker);
        return;
    }
    let own = task
        .map(Id::from_bits)
        .filter(|&id| waker.will_wake(&waker::for_task(id)));
    let Some(id) = own else {
        waker.wake();
        return;
    };
    drop(waker);
    if with_tasks(|tasks| tasks.wake(id)) {
        run_now();
    }
}

/// Schedules a run of the queue: a reaction on our resolved promise. (What it polls
/// runs inside a catch: nothing it throws reaches the reaction's derived promise.)
fn schedule_run() {
    with_js(|js| js::then_adopted(&js.resolved, &js.run, &JsValue::UNDEFINED));
}

/// The reaction of a scheduled run.
fn on_run() {
    run_now();
}

/// A run of the queue, here and now (in a reaction).
fn run_now() {
    if let Some(before) = BEFORE_RUN.with(Cell::get) {
        before();
    }
    driver::run_all(&Wasm);
}

/// The reaction of an export's call: the first poll of its task (see the module's
/// notes). What it returns, the export's promise adopts: the output, a rejected
/// promise, or a promise the task settles later. (A closure returning `Result` would
/// cost every call a JS array; a rejection is the rarer path.)
fn on_first() -> JsValue {
    if let Some(before) = BEFORE_RUN.with(Cell::get) {
        before();
    }
    drop(FIRST.with(Cell::take));
    let outcome = match driver::first_guarded(&Wasm) {
        // Every reaction has its task: unreachable.
        None => Ok(JsValue::UNDEFINED),
        // The poison freed the task before its reaction came.
        Some(Err(meta)) => {
            Err(panic::poisoned_error(panic::export_name(meta.name)).unwrap_or(JsValue::UNDEFINED))
        }
        Some(Ok(id)) => match FIRST.with(Cell::take) {
            Some(First::Output(output)) => output,
            Some(First::Panicked(error)) => Err(error),
            Some(First::Abandoned) => Ok(follow_thenable(None)),
            None => {
                // Pending: the export's promise follows our thenable, whose `then` gets
                // its resolving functions for the task.
                let replaced =
                    with_tasks(|tasks| tasks.replace_promise(id, Completion::Awaiting(id)));
                drop(replaced);
                Ok(follow_thenable(Some(id)))
            }
        },
    };
    outcome.unwrap_or_else(|error| js::rejecting(&error))
}

fn inner_run() {
    driver::run(&Wasm);
    catch::finished();
}

fn inner_first() {
    if let Some(id) = FIRST_ID.with(Cell::take) {
        driver::first(&Wasm, id);
    }
    catch::finished();
}

/// The driver's host in wasm: the machine in this thread's static, futures polled for
/// real (a throw never comes back), promises settled through their resolving functions.
struct Wasm;

impl driver::Host for Wasm {
    type Future = BoxFuture;
    type Promise = Completion;
    type Meta = Meta;
    type Output = Output;
    type Caught = catch::Caught;

    fn tasks<R>(&self, transition: impl FnOnce(&mut Machine) -> R) -> R {
        with_tasks(transition)
    }

    fn poll(&self, id: Id, future: &mut BoxFuture, meta: Meta) -> Option<Poll<Output>> {
        let waker = waker::for_task(id);
        let mut cx = Context::from_waker(&waker);
        (meta.policy.enter)();
        POLLING.with(|polling| polling.set(Some(id)));
        Some(poll(future, &mut cx))
    }

    fn drop_future(&self, future: BoxFuture, _: Meta) -> Option<()> {
        drop(future);
        Some(())
    }

    fn polled(&self, meta: Meta) {
        POLLING.with(|polling| polling.set(None));
        (meta.policy.leave)();
    }

    fn settle(&self, completion: Completion, output: Output) {
        completion.settle(output);
    }

    fn schedule_run(&self) {
        schedule_run();
    }

    fn guarded_run(&self) -> Result<(), catch::Caught> {
        with_js(|js| catch::call(&js.inner_run))
    }

    fn guarded_first(&self, id: Id) -> Result<(), catch::Caught> {
        FIRST_ID.with(|first| first.set(Some(id)));
        with_js(|js| catch::call(&js.inner_first))
    }

    fn threw(&self, meta: Meta, completion: Completion, caught: catch::Caught) {
        POLLING.with(|polling| polling.set(None));
        (meta.policy.leave)();
        match (meta.policy.classify)(meta.name) {
            Thrown::Exception => {
                completion.abandon();
                caught.rethrow();
            }
            Thrown::Panic(error) => {
                // The trap's `RuntimeError`: the rejection says it all.
                caught.discard();
                completion.panicked(error);
                for (completion, meta) in driver::poison(&Wasm) {
                    if let Some(error) = panic::poisoned_error(panic::export_name(meta.name)) {
                        completion.poisoned(error);
                    }
                }
            }
        }
    }

    fn stray(&self, caught: catch::Caught) {
        // Not thrown by a task's poll or drop: ours to report as it was.
        POLLING.with(|polling| polling.set(None));
        caught.rethrow();
    }
}

#[cfg(not(all(panic = "unwind", target_family = "wasm", not(target_os = "wasi"))))]
fn poll(future: &mut BoxFuture, cx: &mut Context<'_>) -> Poll<Output> {
    future.as_mut().poll(cx)
}

/// With `panic = "unwind"`, a panic unwinds to here: the export's promise rejects with
/// upstream's `PanicError` (`name` "PanicError", `message` the bare panic message), made
/// by wasm-bindgen itself as its futures crate does. Nothing is left broken, so nothing
/// is poisoned; the future is dropped as usual. (The same `cfg` as wasm-bindgen's for its
/// `PanicError`: on the host, where the machines' tests run, nothing is caught.)
#[cfg(all(panic = "unwind", target_family = "wasm", not(target_os = "wasi")))]
fn poll(future: &mut BoxFuture, cx: &mut Context<'_>) -> Poll<Output> {
    match std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| future.as_mut().poll(cx))) {
        Ok(poll) => poll,
        Err(payload) => Poll::Ready(Err(wasm_bindgen::__rt::panic_to_panic_error(payload))),
    }
}

/// Throws `value`, uncaught, from a microtask of its own.
fn rethrow(value: JsValue) {
    let mut values = RETHROWN.with(Cell::take);
    values.push(value);
    RETHROWN.with(|rethrown| rethrown.set(values));
    with_js(|js| js::queue_microtask(&js.rethrow));
}

/// How many async exports are pending on this thread (for leak checks).
#[must_use]
pub fn live_tasks() -> usize {
    with_tasks(|tasks| tasks.live())
}
