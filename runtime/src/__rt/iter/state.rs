//! The state machine of a Rust iterator handed to JS as a sync iterator object (a leaf:
//! generic over the iterator and its items, so that its property test runs on the host).
//!
//! States, and what each request does ([`next`], [`finish`]):
//!
//! | state | `next()` | `return()` |
//! | --- | --- | --- |
//! | `Suspended(iterator)` | `Running`; polls it: an item -> `Suspended`, answers it; an error or the end -> drops it, `Done`, answers that | `Running`; drops it; `Done` |
//! | `Running` (a call of ours is in the user's code: a re-entrant request) | `Busy` (JS: a `TypeError`, as a running generator's) | `Busy` |
//! | `Done` | the end | done |
//!
//! An unwinding panic out of the user's `next()` or `Drop` ends in `Done` (the iterator
//! was dropped by the unwind). A trap (`panic = "abort"`: the caller's `trapped` tells),
//! found when a request starts or after the user's code returned (a trap that JS caught
//! inside it), ends the request there: nothing of the user's runs again, the iterator is
//! handed back to be leaked, and the state stays where it was (`Running`) or ends.
//! Invariants (checked by `state/tests.rs` over random schedules, re-entrant requests and
//! traps included):
//! - the iterator is never polled after it gave its end or an error, nor after
//!   `return()`, and never by two requests at once;
//! - it is dropped exactly once, when the iteration ends (or by the finalizer, see
//!   [`Machine::take`]), and never polled after that;
//! - no borrow of the machine is held while the user's code runs (it is out of the cell,
//!   the state `Running`);
//! - after `Done`, nothing reaches the iterator again;
//! - after a trap, nothing reaches it either: no poll, no drop.

use core::cell::RefCell;

use super::super::invariant::{fail, transition};

/// See the module's table.
pub enum Machine<I> {
    /// Between requests, holding the iterator.
    Suspended(I),
    /// A request is in the user's code (the iterator is out of the cell).
    Running,
    /// The iteration is over; the iterator was dropped.
    Done,
}

/// What a request found.
enum Begin<I> {
    /// The iterator, taken out: the request runs it.
    Run(I),
    /// Another request is running.
    Busy,
    /// The iteration is over.
    Done,
}

impl<I> Machine<I> {
    /// A request starts: `Suspended` -> `Running`, the iterator handed out.
    fn begin(&mut self) -> Begin<I> {
        match core::mem::replace(self, Machine::Running) {
            Machine::Suspended(iterator) => Begin::Run(iterator),
            Machine::Running => Begin::Busy,
            Machine::Done => {
                *self = Machine::Done;
                Begin::Done
            }
        }
    }

    /// The iterator gave an item: `Running` -> `Suspended`.
    fn suspend(&mut self, iterator: I) {
        match self {
            Machine::Running => *self = Machine::Suspended(iterator),
            _ => fail("an exported iterator suspended while not running"),
        }
    }

    /// The iteration ended (after the iterator was dropped): `Running` -> `Done`.
    fn end(&mut self) {
        match self {
            Machine::Running => *self = Machine::Done,
            _ => fail("an exported iterator ended while not running"),
        }
    }

    /// The iterator object was collected: the iterator, if a request is not running it
    /// (then `Done`), for the finalizer to drop (or, after a trap, to leak).
    pub fn take(&mut self) -> Option<I> {
        match core::mem::replace(self, Machine::Done) {
            Machine::Suspended(iterator) => Some(iterator),
            Machine::Running => {
                *self = Machine::Running;
                None
            }
            Machine::Done => None,
        }
    }
}

/// A request's answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer<I, V, E> {
    /// `next()`: an item.
    Item(V),
    /// `next()`: the iteration is over (now or earlier); `return()`: done.
    End,
    /// `next()`: the iterator's error, which ended the iteration.
    Error(E),
    /// Another request of this iterator is running (a re-entrant call), or one was
    /// abandoned there by a JS exception thrown through the user's code.
    Busy,
    /// A panic trapped: the iterator, if this request held it, to be leaked (never
    /// dropped).
    Trapped(Option<I>),
}

/// Ends the iteration if dropped armed: the user's code unwound out of a request.
struct EndOnUnwind<'a, I> {
    machine: &'a RefCell<Machine<I>>,
}

impl<I> Drop for EndOnUnwind<'_, I> {
    fn drop(&mut self) {
        transition(self.machine, BORROWED, Machine::end);
    }
}

const BORROWED: &str = "an exported iterator borrowed twice";

/// A `next()` request; `trapped` tells whether a panic trapped.
pub fn next<I, V, E>(machine: &RefCell<Machine<I>>, trapped: fn() -> bool) -> Answer<I, V, E>
where
    I: Iterator<Item = Result<V, E>>,
{
    if trapped() {
        return Answer::Trapped(None);
    }
    let mut iterator = match transition(machine, BORROWED, Machine::begin) {
        Begin::Run(iterator) => iterator,
        Begin::Busy => return Answer::Busy,
        Begin::Done => return Answer::End,
    };
    let guard = EndOnUnwind { machine };
    // The user's code, with no borrow of the machine held.
    let item = iterator.next();
    if trapped() {
        // (The machine stays `Running`: nothing of the user's is reached again.)
        core::mem::forget(guard);
        return Answer::Trapped(Some(iterator));
    }
    let answer = match item {
        Some(Ok(value)) => {
            core::mem::forget(guard);
            transition(machine, BORROWED, |state| state.suspend(iterator));
            return Answer::Item(value);
        }
        Some(Err(error)) => Answer::Error(error),
        None => Answer::End,
    };
    drop(iterator);
    drop(guard);
    if trapped() {
        return Answer::Trapped(None);
    }
    answer
}

/// A `return()` request: drops the iterator, if the iteration is not over; `trapped`
/// tells whether a panic trapped.
pub fn finish<I, V, E>(machine: &RefCell<Machine<I>>, trapped: fn() -> bool) -> Answer<I, V, E> {
    if trapped() {
        return Answer::Trapped(None);
    }
    match transition(machine, BORROWED, Machine::begin) {
        Begin::Run(iterator) => {
            let guard = EndOnUnwind { machine };
            // The user's `Drop`, with no borrow held.
            drop(iterator);
            drop(guard);
            if trapped() {
                return Answer::Trapped(None);
            }
            Answer::End
        }
        Begin::Busy => Answer::Busy,
        Begin::Done => Answer::End,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
