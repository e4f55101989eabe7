//! The runs of the queue, the first polls of exports, and what follows a throw, over the
//! machine, generic over its host: JS in `task` (promises, reactions, a catch), a model
//! in the property test (`tests`), which so checks the very code wasm runs.
//!
//! Every poll runs inside the host's catch ([`Host::guarded_run`],
//! [`Host::guarded_first`]): a trap (a panic with `panic = "abort"`) or a JS exception
//! ends the polling code where it is (nothing after the throwing poll runs in it, no
//! destructor either) and comes back to the driver at once, in the same reaction, which
//! frees the task that threw ([`Tasks::thrown`]) and hands it to the host
//! ([`Host::threw`]) before anything else runs: a panic poisons the instance there and
//! then. A run then continues with the tasks it had not reached.
//!
//! The host's `poll` and `drop_future` return `None` in the model to say that a throw
//! happened there; then the polling code returns at once, leaking what the abandoned
//! frames held, exactly as the trap leaves it. In wasm they always return `Some` (a throw
//! never comes back to them). Nothing here relies on a destructor, and no borrow of the
//! machine is held across a poll, a drop or a call of the host.

use core::mem;
use core::task::Poll;

use super::machine::{Id, Tasks};

/// What the driver needs of its environment.
pub trait Host {
    /// A task's future.
    type Future;
    /// A task's promise (its resolving functions).
    type Promise;
    /// What the run needs to know of a task.
    type Meta: Copy;
    /// What a future completes with.
    type Output;
    /// What a catch caught.
    type Caught;

    /// One transition of the machine (borrowed for it).
    fn tasks<R>(
        &self,
        transition: impl FnOnce(&mut Tasks<Self::Future, Self::Promise, Self::Meta>) -> R,
    ) -> R;

    /// Polls the future of the task `id`: `None` if the poll threw (the model only).
    fn poll(
        &self,
        id: Id,
        future: &mut Self::Future,
        meta: Self::Meta,
    ) -> Option<Poll<Self::Output>>;

    /// Drops a completed future: `None` if its `Drop` threw (the model only).
    fn drop_future(&self, future: Self::Future, meta: Self::Meta) -> Option<()>;

    /// After a poll (and after the drop of a completed future), when nothing threw.
    fn polled(&self, meta: Self::Meta);

    /// Settles a completed task's promise.
    fn settle(&self, promise: Self::Promise, output: Self::Output);

    /// Schedules a run of the queue (in a later microtask, or at the end of the
    /// reaction in progress).
    fn schedule_run(&self);

    /// [`run`] inside a catch: `Err` with what it caught.
    fn guarded_run(&self) -> Result<(), Self::Caught>;

    /// [`first`] of the task `id` inside a catch: `Err` with what it caught.
    fn guarded_first(&self, id: Id) -> Result<(), Self::Caught>;

    /// A throw went through the poll (or drop) of a task, now freed: what it was, and
    /// what follows (a panic rejects and poisons).
    fn threw(&self, meta: Self::Meta, promise: Self::Promise, caught: Self::Caught);

    /// Something threw that was no task's poll (the driver's own code): reported as is.
    fn stray(&self, caught: Self::Caught);
}

/// Whether polling code ran to its end or a throw cut it short (the model only: in wasm
/// a throw never returns).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ran {
    Completed,
    Threw,
}

/// A run of the queue, catching what its polls throw: polls the tasks queued before it
/// started, and continues after each throw with the rest.
pub fn run_all<H: Host>(host: &H) {
    while let Err(caught) = host.guarded_run() {
        after_throw(host, caught);
    }
}

/// The first poll of an export's task, in the reaction its call registered, catching
/// what it throws. `None` if no task was waiting for its reaction; `Some(Err(meta))`
/// if the poison freed it before.
pub fn first_guarded<H: Host>(host: &H) -> Option<Result<Id, H::Meta>> {
    let next = host.tasks(Tasks::next_first)?;
    if let Ok(id) = next {
        if let Err(caught) = host.guarded_first(id) {
            after_throw(host, caught);
        }
    }
    Some(next)
}

fn after_throw<H: Host>(host: &H, caught: H::Caught) {
    match host.tasks(Tasks::thrown) {
        Some((meta, promise)) => host.threw(meta, promise, caught),
        None => host.stray(caught),
    }
}

/// What runs inside the catch of [`run_all`]: polls the tasks queued before it started
/// (a run that a throw cut short goes on with the rest).
pub fn run<H: Host>(host: &H) -> Ran {
    if !host.tasks(Tasks::start_run) {
        return Ran::Completed;
    }
    while let Some((id, future, meta)) = host.tasks(Tasks::next) {
        if step(host, id, future, meta) == Ran::Threw {
            return Ran::Threw;
        }
    }
    Ran::Completed
}

/// What runs inside the catch of [`first_guarded`]: the first poll of the `Fresh` task
/// `id`.
pub fn first<H: Host>(host: &H, id: Id) -> Ran {
    match host.tasks(|tasks| tasks.start_first(id)) {
        Some((future, meta)) => step(host, id, future, meta),
        None => Ran::Completed,
    }
}

/// One poll of the running task `id`, and what follows it.
fn step<H: Host>(host: &H, id: Id, mut future: H::Future, meta: H::Meta) -> Ran {
    let Some(polled) = host.poll(id, &mut future, meta) else {
        mem::forget(future);
        return Ran::Threw;
    };
    match polled {
        Poll::Pending => {
            host.polled(meta);
            match host.tasks(|tasks| tasks.pending(id, future)) {
                Ok(true) => host.schedule_run(),
                Ok(false) => {}
                // Only the driver takes futures out, one at a time: unreachable; leaked.
                Err(future) => mem::forget(future),
            }
        }
        Poll::Ready(output) => {
            // Dropped while the task is still running: a throw in `Drop` is its own.
            if host.drop_future(future, meta).is_none() {
                mem::forget(output);
                return Ran::Threw;
            }
            host.polled(meta);
            if let Some(promise) = host.tasks(|tasks| tasks.ready(id)) {
                host.settle(promise, output);
            }
        }
    }
    Ran::Completed
}

/// The instance is poisoned: every other task is freed, its future leaked (never polled
/// or dropped again), and its promise returned to reject.
pub fn poison<H: Host>(host: &H) -> Vec<(H::Promise, H::Meta)> {
    host.tasks(Tasks::poison)
        .into_iter()
        .map(|(future, promise, meta)| {
            mem::forget(future);
            (promise, meta)
        })
        .collect()
}
