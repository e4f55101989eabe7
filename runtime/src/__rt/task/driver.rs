//! The run of the queue and what follows a throw, over the machine, generic over its
//! host: JS in `task` (promises, reactions), a model in the property test (`tests`),
//! which so checks the very code wasm runs.
//!
//! A trap (a panic with `panic = "abort"`) or a JS exception ends a run where it is:
//! nothing after the throwing poll runs, no destructor either. The host's `poll` and
//! `drop_future` return `None` in the model to say that a throw happened there; then the
//! run returns at once, leaking what the abandoned frames held, exactly as the trap
//! leaves it. In wasm they always return `Some` (a throw never comes back to them).
//! Nothing here relies on a destructor, and no borrow of the machine is held across a
//! poll, a drop or a call of the host.

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

    /// Schedules a run of the queue (in a later microtask).
    fn schedule_run(&self);
}

/// A run of the queue: polls the tasks queued before it started.
pub fn run<H: Host>(host: &H) {
    if !host.tasks(Tasks::start_run) {
        return;
    }
    while let Some((id, mut future, meta)) = host.tasks(Tasks::next) {
        let Some(polled) = host.poll(id, &mut future, meta) else {
            mem::forget(future);
            return;
        };
        match polled {
            Poll::Pending => {
                host.polled(meta);
                match host.tasks(|tasks| tasks.pending(id, future)) {
                    Ok(true) => host.schedule_run(),
                    Ok(false) => {}
                    // Only the run takes futures out, one at a time: unreachable; leaked.
                    Err(future) => mem::forget(future),
                }
            }
            Poll::Ready(output) => {
                // Dropped while the task is still running: a throw in `Drop` is its own.
                if host.drop_future(future, meta).is_none() {
                    mem::forget(output);
                    return;
                }
                host.polled(meta);
                if let Some(promise) = host.tasks(|tasks| tasks.ready(id)) {
                    host.settle(promise, output);
                }
            }
        }
    }
}

/// A run threw: frees the task that was running (its future stays leaked in the
/// abandoned frames), schedules the rest of the run, and returns that task's parts.
pub fn thrown<H: Host>(host: &H) -> Option<(H::Meta, H::Promise)> {
    let (thrower, reschedule) = host.tasks(Tasks::thrown);
    if reschedule {
        host.schedule_run();
    }
    thrower
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
