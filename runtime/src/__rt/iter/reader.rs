//! The state machine of a JS sync iterator read as a Rust `Iterator` (a leaf: it knows JS
//! only through [`Host`], so that its property test runs on the host).
//!
//! States, and the one transition out of each ([`Reader::next`], [`Reader::close`]):
//!
//! | state | on `next` | on a drop |
//! | --- | --- | --- |
//! | `Failed(reason)` (getting the iterator threw, or the value is not iterable) | `Finished`, yields `Err(reason)` | `Finished` |
//! | `Open` | calls `next()`: a throw, or a result that is no object or whose reading throws -> `Finished`, yields `Err`; `done` -> `Finished`, ends; an item -> stays, yields it | `return()`, once; `Finished` |
//! | `Finished` | ends (again: the iterator is fused) | nothing |
//!
//! Invariants (checked by `reader/tests.rs` over random schedules):
//! - `next()` is never called after the end, an error or `return()`;
//! - `return()` is called at most once, and only when the reader is dropped before the
//!   iterator finished (as `for ... of` calls it on `break`, and never after the iterator
//!   threw or was done);
//! - after `Finished`, no call reaches the host again.

/// What the reader needs of JS.
pub trait Host {
    /// A JS value.
    type Value;

    /// Calls the iterator's `next()`: its result, or what it threw.
    fn call_next(&mut self) -> Result<Self::Value, Self::Value>;
    /// Reads an iterator result (`{ done, value }`): `done`, then `value` when not done;
    /// `Err` when it is no object or reading it threw.
    fn read_result(&mut self, result: Self::Value) -> Result<Option<Self::Value>, Self::Value>;
    /// Calls the iterator's `return()`, if it has one (what it returns or throws is
    /// ignored: nobody is there to see it).
    fn call_return(&mut self);
}

enum Phase<V> {
    Failed(V),
    Open,
    Finished,
}

/// A JS sync iterator being read: its [`Host`] and its phase.
pub struct Reader<H: Host> {
    host: H,
    phase: Phase<H::Value>,
}

impl<H: Host> Reader<H> {
    /// A reader of the iterator `host` calls.
    pub fn new(host: H) -> Self {
        Reader {
            host,
            phase: Phase::Open,
        }
    }

    /// A reader whose first item is the error `reason`, then the end.
    pub fn failed(host: H, reason: H::Value) -> Self {
        Reader {
            host,
            phase: Phase::Failed(reason),
        }
    }

    /// The transition of a `next`: see the module's table.
    pub fn next(&mut self) -> Option<Result<H::Value, H::Value>> {
        match core::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Failed(reason) => Some(Err(reason)),
            Phase::Finished => None,
            Phase::Open => {
                let step = self
                    .host
                    .call_next()
                    .and_then(|result| self.host.read_result(result));
                match step {
                    Ok(Some(value)) => {
                        self.phase = Phase::Open;
                        Some(Ok(value))
                    }
                    Ok(None) => None,
                    Err(error) => Some(Err(error)),
                }
            }
        }
    }

    /// The transition of a drop: `return()` if the iterator is open. Whether it was.
    pub fn close(&mut self) -> bool {
        match core::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Open => {
                self.host.call_return();
                true
            }
            Phase::Failed(_) | Phase::Finished => false,
        }
    }

    /// Whether the iteration is over.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
