//! The state machine of a JS iterator read as a Rust `Stream` (a leaf: it knows JS only
//! through [`Host`], so that its property test runs on the host).
//!
//! States, and the one transition out of each ([`Reader::poll_next`], [`Reader::close`]):
//!
//! | state | on a poll | on a drop |
//! | --- | --- | --- |
//! | `Failed(reason)` (getting the iterator threw, or it is none) | `Finished`, yields `Err(reason)` | `Finished` |
//! | `Idle` (between items) | calls `next()`: a throw -> `Finished`, yields `Err`; a result -> `Awaiting` | `return()`, once; `Finished` |
//! | `Awaiting(await, what)` | polls the await: pending stays; a rejection -> `Finished`, yields `Err`; a step that is done (or a sync iterator's final value, settled) -> `Finished`, ends; an item -> `Idle`, yields it | `return()`, once; the await dropped; `Finished` |
//! | `Finished` | ends (again: the stream is fused) | nothing |
//!
//! Invariants (checked by `machine/tests.rs` over random schedules):
//! - `next()` is never called after the end, an error, or `return()`, and never while an
//!   earlier `next()` is awaited (pull-based: one request at a time);
//! - `return()` is called at most once, and only when the reader is dropped before the
//!   iterator finished (as `for await` calls it on `break`, and never after the iterator
//!   threw, rejected or was done);
//! - an await is polled only until it is ready, and dropped exactly once;
//! - after `Finished`, no call reaches the host again.

use core::task::{Context, Poll};

/// What the reader needs of JS.
pub trait Host {
    /// A JS value.
    type Value;
    /// An await of a value (a promise, adopted): a future of its settled value.
    type Await;

    /// Calls the iterator's `next()`: its result, or what it threw.
    fn call_next(&mut self) -> Result<Self::Value, Self::Value>;
    /// Starts awaiting `value` (as `await` does: adopted, then settled).
    fn await_value(&mut self, value: Self::Value) -> Self::Await;
    /// Polls an await.
    fn poll_await(
        &mut self,
        pending: &mut Self::Await,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Self::Value, Self::Value>>;
    /// Reads an iterator result (`{ done, value }`): `done`, then `value` (when not done,
    /// or when `always` asks for it: a sync iterator's final value is awaited too); `Err`
    /// when it is no object or reading it threw.
    fn read_result(
        &mut self,
        result: Self::Value,
        always: bool,
    ) -> Result<Read<Self::Value>, Self::Value>;
    /// Calls the iterator's `return()`, if it has one (its outcome ignored).
    fn call_return(&mut self);
}

/// An iterator result, read.
pub enum Read<V> {
    /// `done`, with its `value` when it was read.
    Done(Option<V>),
    /// An item.
    Item(V),
}

/// What the awaited value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaited {
    /// The result of an async iterator's `next()` (a promise of `{ done, value }`).
    Result,
    /// The `value` of a sync iterator's result, awaited as `for await` awaits it.
    Value,
    /// The `value` of a sync iterator's final result (`done`): awaited too, as
    /// `for await` awaits it (a rejection is the iteration's error), then the end.
    Final,
}

enum Phase<H: Host> {
    Failed(H::Value),
    Idle,
    Awaiting(H::Await, Awaited),
    Finished,
}

/// One step of the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Step<V> {
    /// Nothing yet: the waker will be woken.
    Pending,
    /// An item (`Ok`), or the error that ended the iteration (`Err`).
    Item(Result<V, V>),
    /// The iteration ended.
    End,
}

/// A JS iterator being read: its [`Host`] and its phase.
pub struct Reader<H: Host> {
    host: H,
    phase: Phase<H>,
    /// The items are the values of a sync iterator's results, awaited.
    sync: bool,
}

impl<H: Host> Reader<H> {
    /// A reader of the iterator `host` calls (`sync`: a sync iterator, adopted).
    pub fn new(host: H, sync: bool) -> Self {
        Reader {
            host,
            phase: Phase::Idle,
            sync,
        }
    }

    /// A reader whose first step is the error `reason` (the value was not iterable, or
    /// getting its iterator threw), then the end.
    pub fn failed(host: H, reason: H::Value) -> Self {
        Reader {
            host,
            phase: Phase::Failed(reason),
            sync: false,
        }
    }

    /// The transition of a poll: see the module's table.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Step<H::Value> {
        loop {
            match core::mem::replace(&mut self.phase, Phase::Finished) {
                Phase::Finished => return Step::End,
                Phase::Failed(reason) => return Step::Item(Err(reason)),
                Phase::Idle => match self.host.call_next() {
                    Err(thrown) => return Step::Item(Err(thrown)),
                    Ok(result) if self.sync => match self.host.read_result(result, true) {
                        Err(error) => return Step::Item(Err(error)),
                        Ok(Read::Done(None)) => return Step::End,
                        Ok(Read::Done(Some(value))) => {
                            let pending = self.host.await_value(value);
                            self.phase = Phase::Awaiting(pending, Awaited::Final);
                        }
                        Ok(Read::Item(value)) => {
                            let pending = self.host.await_value(value);
                            self.phase = Phase::Awaiting(pending, Awaited::Value);
                        }
                    },
                    Ok(result) => {
                        let pending = self.host.await_value(result);
                        self.phase = Phase::Awaiting(pending, Awaited::Result);
                    }
                },
                Phase::Awaiting(mut pending, awaited) => {
                    match self.host.poll_await(&mut pending, cx) {
                        Poll::Pending => {
                            self.phase = Phase::Awaiting(pending, awaited);
                            return Step::Pending;
                        }
                        Poll::Ready(Err(reason)) => return Step::Item(Err(reason)),
                        Poll::Ready(Ok(value)) => {
                            drop(pending);
                            let item = match awaited {
                                Awaited::Value => Ok(Read::Item(value)),
                                Awaited::Final => Ok(Read::Done(None)),
                                Awaited::Result => self.host.read_result(value, false),
                            };
                            return match item {
                                Err(error) => Step::Item(Err(error)),
                                Ok(Read::Done(_)) => Step::End,
                                Ok(Read::Item(value)) => {
                                    self.phase = Phase::Idle;
                                    Step::Item(Ok(value))
                                }
                            };
                        }
                    }
                }
            }
        }
    }

    /// Whether the iteration ended (done, an error, or closed).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished)
    }

    /// The transition of a drop before the end: `return()` once, then any await dropped.
    /// Returns whether the iterator was closed so (it had not finished).
    pub fn close(&mut self) -> bool {
        match core::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Idle => {
                self.host.call_return();
                true
            }
            Phase::Awaiting(pending, _) => {
                self.host.call_return();
                drop(pending);
                true
            }
            Phase::Failed(_) | Phase::Finished => false,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
