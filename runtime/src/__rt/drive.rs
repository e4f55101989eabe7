//! Driving an async export's future between its awaits, and catching its panics.
//!
//! The futures crate's executor (`future_to_promise`, `spawn_local`) reschedules a task
//! after every wake with `queueMicrotask`, which costs ~0.9 us per call in Chromium (a
//! Blink binding; ~0.1 us in Node) against ~0.1 us for a reaction on a resolved promise.
//! An async export awaiting JS pays it once per await. [`Drive`] wraps the export's
//! future before it is handed to that executor: the executor polls it first (with its
//! own waker, so an export that completes there, or awaits once, costs nothing more);
//! from the executor's next poll on, `Drive` polls it with its own waker: woken, it polls
//! it from a reaction on a resolved promise (a microtask, as the executor would; never
//! inside the waker's call). Only when the future completes is the executor's task woken,
//! once, to take the output and settle the export's promise as it always does.
//!
//! The executor still creates, resolves and rejects the promise. A panic rejects it
//! (`panic.rs`): with `panic = "abort"` every poll runs where the trap comes back to us;
//! with `panic = "unwind"` `Drive` catches the unwind.
//!
//! On wasm32 with atomics (threads) wakers may cross threads, which the `Rc`-based waker
//! here must not: there `Drive` only forwards the executor's polls.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

#[cfg(not(target_feature = "atomics"))]
pub use single::Drive;
#[cfg(not(target_feature = "atomics"))]
pub(super) use single::{on_thrown, poll_current, run_all, wake_all_pending, Queue};

#[cfg(target_feature = "atomics")]
pub use forward::Drive;

#[cfg(target_feature = "atomics")]
mod forward {
    use super::{Context, Future, Pin, Poll};

    /// Forwards the executor's polls (threads: see the module's notes).
    pub struct Drive<F>(Pin<Box<F>>);

    impl<F: Future> Drive<F> {
        /// Wraps `future` (the name is for panics, which this variant leaves alone).
        pub fn named(future: F, _: &'static str) -> Self {
            Drive(Box::pin(future))
        }

        /// Wraps `future`.
        pub fn unguarded(future: F, name: &'static str) -> Self {
            Self::named(future, name)
        }
    }

    impl<F: Future> Future for Drive<F> {
        type Output = F::Output;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            self.0.as_mut().poll(cx)
        }
    }
}

#[cfg(not(target_feature = "atomics"))]
mod single;
