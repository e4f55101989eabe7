//! Driving async exports: the runtime's own `future_to_promise`, and `spawn_local` for
//! an async `start`/`main`.
//!
//! Each call of an async export creates its promise as upstream's `future_to_promise`
//! does (`new Promise(executor)`, whose executor, a function bound to our closure, hands
//! us the resolving functions synchronously) and spawns a task (`machine`): the future,
//! boxed, and the promise's resolving functions. The task's first poll is in the next run
//! of the queue, a reaction on a resolved promise (a microtask, as the futures crate's
//! `queueMicrotask`; never inside the call), and so is every poll after a wake. When the
//! future completes, it is dropped and the promise settled: `Ok` resolves, `Err` rejects.
//!
//! A run is a promise reaction whose derived promise has a rejection handler of ours:
//! whatever a poll throws (a JS exception thrown through Rust, or a trap) comes back to
//! us as a value, at no cost when nothing is thrown. The run is abandoned where it was;
//! the machine knows which task was running, and frees it without touching its future
//! (left in the abandoned frames: never polled or dropped again). Then:
//! - a JS exception (or, for a crate that opted out of catching panics, anything): thrown
//!   again, uncaught, from a microtask, as the futures crate's executor lets it escape;
//!   the promise stays pending, later calls work;
//! - a panic (our hook recorded it during that poll, see `panic`): the promise rejects
//!   with it, and the instance is poisoned: every other task's future is leaked (after a
//!   trap no user code runs again, not even a destructor) and its promise rejected, and
//!   later calls reject at once.
//!
//! Wakers are the task's packed id (`waker`): nothing to count or free, and a stale one
//! finds no task. No borrow of the machine is held across a poll, a drop, or a JS call.

mod driver;
mod machine;
mod waker;

use core::cell::{Cell, OnceCell, RefCell};
use core::future::Future;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll};

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::invariant::transition;
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
    /// An export's promise: its resolving functions.
    Export((Function, Function)),
    /// An async `start`/`main`: a failure is thrown.
    Start,
    /// An export whose promise gave us no resolving functions: nowhere.
    Lost,
}

type Machine = Tasks<BoxFuture, Completion, Meta>;

local! {
    static TASKS: RefCell<Machine> = RefCell::new(Tasks::new());
}

/// The driver's JS functions, made once: four closures of ours, each with the fewest
/// arguments its caller passes (a `JsValue` argument costs an externref slot per call,
/// `undefined` included), all `Fn` (re-entrant: an export's executor runs while a run
/// polls, when JS called by the poll calls another async export). Each is handed only to
/// built-ins: the captured `then` on our own promises, `new Promise`, `queueMicrotask`.
struct Js {
    /// The run of the queue (a reaction: its value is ignored).
    run: Function,
    /// The rejection handler of a run: what it threw.
    thrown: Function,
    /// A new promise's executor: its resolving functions.
    executor: Function,
    /// Throws the oldest value of `RETHROWN`.
    rethrow: Function,
    /// A resolved promise, whose reactions run the queue.
    resolved: JsValue,
}

local! {
    static JS: OnceCell<Js> = OnceCell::new();
}

local! {
    /// The resolving functions the executor was just given.
    static CREATED: Cell<Option<(Function, Function)>> = Cell::new(None);
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
            run: function(Closure::<dyn Fn()>::new(run)),
            thrown: function(Closure::<dyn Fn(JsValue)>::new(on_thrown)),
            executor: function(Closure::<dyn Fn(JsValue, JsValue)>::new(on_executor)),
            rethrow: function(Closure::<dyn Fn()>::new(on_rethrow)),
            resolved: js::resolved(),
        });
        f(js)
    })
}

/// A new promise's executor ran: its resolving functions, for `export` to take.
fn on_executor(resolve: JsValue, reject: JsValue) {
    let earlier = CREATED
        .with(|created| created.replace(Some((resolve.unchecked_into(), reject.unchecked_into()))));
    drop(earlier);
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
    Exception(JsValue),
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
    classify: fn(JsValue, &'static str) -> Thrown,
}

/// Panics reject the export's promise and poison the instance.
static GUARDED: Policy = Policy {
    admit: |name| {
        BEFORE_RUN.with(|before| before.set(Some(panic::ensure_hook)));
        panic::poisoned_error(panic::export_name(name))
    },
    enter: panic::enter,
    leave: panic::leave,
    classify: |thrown, name| match panic::take_panic(&thrown) {
        Some(message) => Thrown::Panic(panic::poison(panic::export_name(name), message)),
        None => Thrown::Exception(thrown),
    },
};

/// Panics trap, as with upstream's attribute: everything thrown is an exception.
static UNGUARDED: Policy = Policy {
    admit: |_| None,
    enter: || {},
    leave: || {},
    classify: |thrown, _| Thrown::Exception(thrown),
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
    // The closure is `Fn`: the executor may run while it runs a poll (JS called by the
    // poll calls another async export), which an `FnMut` closure would refuse.
    drop(CREATED.with(Cell::take));
    let promise = with_js(|js| js::new_promise(&js.executor));
    let resolvers = CREATED.with(Cell::take);
    let completion = match resolvers {
        Some(resolvers) => Completion::Export(resolvers),
        // A `Promise` that did not call its executor at once (not the platform's): the
        // future runs, its outcome goes nowhere, as with upstream's.
        None => Completion::Lost,
    };
    spawn(future, completion, Meta { name, policy });
    promise
}

fn start(future: BoxFuture, name: &'static str, policy: &'static Policy) {
    spawn(future, Completion::Start, Meta { name, policy });
}

fn spawn(future: BoxFuture, completion: Completion, meta: Meta) {
    if let Some(error) = (meta.policy.admit)(meta.name) {
        // Poisoned: after a trap no user code runs again, not even a destructor.
        mem::forget(future);
        completion.reject(error);
        return;
    }
    match with_tasks(|tasks| tasks.spawn(future, completion, meta)) {
        Ok(true) => schedule_run(),
        Ok(false) => {}
        Err((future, completion)) => {
            drop(future);
            completion
                .reject(js::TypeError::new("more than 2^20 async exports pending at once").into());
        }
    }
}

impl Completion {
    /// The future's output: `Ok` resolves, `Err` rejects (a `start`'s `Err` is thrown).
    fn settle(self, output: Output) {
        match (self, output) {
            (Completion::Export((resolve, _)), Ok(value)) => {
                resolve.call1(&JsValue::UNDEFINED, &value);
            }
            (Completion::Export((_, reject)), Err(error)) => {
                reject.call1(&JsValue::UNDEFINED, &error);
            }
            (Completion::Start, Err(error)) => rethrow(error),
            (Completion::Start | Completion::Lost, _) => {}
        }
    }

    /// A panic: rejects with `error`, or throws it for a `start`.
    fn panicked(self, error: JsValue) {
        match self {
            Completion::Export((_, reject)) => {
                reject.call1(&JsValue::UNDEFINED, &error);
            }
            Completion::Start => rethrow(error),
            Completion::Lost => {}
        }
    }

    /// Rejects with `error` (a `start` stops quietly).
    fn reject(self, error: JsValue) {
        if let Completion::Export((_, reject)) = self {
            reject.call1(&JsValue::UNDEFINED, &error);
        }
    }
}

/// A waker of the task `id` was woken.
fn wake(id: Id) {
    if with_tasks(|tasks| tasks.wake(id)) {
        schedule_run();
    }
}

/// A reaction on a resolved promise that runs the queue, and one on its derived promise
/// for what the run throws.
fn schedule_run() {
    with_js(|js| {
        // Reactions on our own native promises: `then` registers them, it cannot throw
        // (unless JS sabotaged `Promise.prototype.constructor`).
        let derived = js::then_derived(&js.resolved, &js.run, &JsValue::UNDEFINED);
        js::then_adopted(&derived, &JsValue::UNDEFINED, &js.thrown);
    });
}

/// The driver's host in wasm: the machine in this thread's static, futures polled for
/// real (a throw never comes back), promises settled through their resolving functions.
struct Wasm;

impl driver::Host for Wasm {
    type Future = BoxFuture;
    type Promise = Completion;
    type Meta = Meta;
    type Output = Output;

    fn tasks<R>(&self, transition: impl FnOnce(&mut Machine) -> R) -> R {
        with_tasks(transition)
    }

    fn poll(&self, id: Id, future: &mut BoxFuture, meta: Meta) -> Option<Poll<Output>> {
        let waker = waker::for_task(id);
        let mut cx = Context::from_waker(&waker);
        (meta.policy.enter)();
        Some(poll(future, &mut cx, meta.name))
    }

    fn drop_future(&self, future: BoxFuture, _: Meta) -> Option<()> {
        drop(future);
        Some(())
    }

    fn polled(&self, meta: Meta) {
        (meta.policy.leave)();
    }

    fn settle(&self, completion: Completion, output: Output) {
        completion.settle(output);
    }

    fn schedule_run(&self) {
        schedule_run();
    }
}

/// Polls the tasks woken before this run started.
fn run() {
    if let Some(before) = BEFORE_RUN.with(Cell::get) {
        before();
    }
    driver::run(&Wasm);
}

#[cfg(not(panic = "unwind"))]
fn poll(future: &mut BoxFuture, cx: &mut Context<'_>, _: &'static str) -> Poll<Output> {
    future.as_mut().poll(cx)
}

/// With `panic = "unwind"`, a panic unwinds to here: the export's promise rejects with it
/// (nothing is left broken, so nothing is poisoned; the future is dropped as usual).
#[cfg(panic = "unwind")]
fn poll(future: &mut BoxFuture, cx: &mut Context<'_>, name: &'static str) -> Poll<Output> {
    match std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| future.as_mut().poll(cx))) {
        Ok(poll) => poll,
        Err(_) => Poll::Ready(Err(panic::unwound_error(panic::export_name(name)))),
    }
}

/// A run threw (see the module's notes).
fn on_thrown(thrown: JsValue) {
    let Some((meta, completion)) = driver::thrown(&Wasm) else {
        // Not thrown by a task's poll or drop: ours to report as it was.
        rethrow(thrown);
        return;
    };
    (meta.policy.leave)();
    match (meta.policy.classify)(thrown, meta.name) {
        Thrown::Exception(value) => {
            drop(completion);
            rethrow(value);
        }
        Thrown::Panic(error) => {
            completion.panicked(error);
            for (completion, meta) in driver::poison(&Wasm) {
                if let Some(error) = panic::poisoned_error(panic::export_name(meta.name)) {
                    completion.reject(error);
                }
            }
        }
    }
}

/// Throws `value`, uncaught, from a microtask of its own (where the futures crate's
/// executor would have let it escape).
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
