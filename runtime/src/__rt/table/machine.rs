//! The await table's states and transitions: no JS, no user code, nothing that can fail
//! (host-tested, with a property test over random schedules below).
//!
//! A slot is one await of one promise:
//!
//! ```text
//!            claim                settle                  take (poll)
//!   Free ──────────────▶ Waiting ────────▶ Settled ───────────────────▶ Free
//!                           │                 │
//!                           │ abandon         │ abandon (settled, unread: never aborted)
//!                           ▼                 ▼
//!                       Abandoned ──────▶ Free
//!                                 settle
//! ```
//!
//! Invariants (checked by the property test after every step):
//! - a slot is freed only when nothing can call its callbacks any more: when its future
//!   took the result, or when the promise settled after its future was dropped
//!   (`Abandoned`); a settlement reaching a slot in any other state is ignored;
//! - each occupant's result is delivered at most once, to its own future (a key carries
//!   the slot's generation: a stale key never reaches a new occupant);
//! - an armed abort is fired only through [`Table::check`] of an abandoned slot whose
//!   promise had not settled when the check ran, and at most once; a settlement, or a
//!   drop after settlement, disarms it; each drop schedules its own check, which JS runs
//!   after the reactions already queued: a call whose promise had settled when its
//!   future was dropped is never aborted;
//! - every transition returns what it removed (wakers, results, aborts) for the caller to
//!   drop or use after it released the table: nothing runs foreign code inside one.

use core::mem;
use core::task::Waker;
use std::collections::VecDeque;

/// A slot and the generation of its occupant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Key {
    pub index: u32,
    generation: u32,
}

/// What a slot holds.
enum State<T, A> {
    /// Unused; the index of the next free slot.
    Free { next: u32 },
    /// Attached to its promise: the waker of the last poll, and an armed abort.
    Waiting {
        waker: Option<Waker>,
        abort: Option<A>,
    },
    /// Settled; the result is not yet taken.
    Settled(Result<T, T>),
    /// The future was dropped before the promise settled: the settlement frees it.
    /// `abort` is armed until [`Table::check`] fires it.
    Abandoned { abort: Option<A> },
}

struct Entry<T, A> {
    state: State<T, A>,
    generation: u32,
    /// Who awaits: the task being polled when the slot was claimed (opaque here).
    owner: u32,
}

/// The end of the free list (never an index: the table holds fewer slots).
const NONE: u32 = u32::MAX;

/// The await table: slots with a free list, and the abandoned slots whose abort waits
/// for its check.
pub struct Table<T, A> {
    entries: Vec<Entry<T, A>>,
    free: u32,
    live: usize,
    /// Abandoned slots with an armed abort, in the order their checks were scheduled.
    checks: VecDeque<Key>,
}

/// What [`Table::settle`] did.
pub enum Settled<T, A> {
    /// Stored; wake this waker (the call completed: the abort, if any, is disarmed). The
    /// slot's owner, as claimed.
    Stored(Option<Waker>, u32, Option<A>),
    /// The future was gone: the slot is free; drop these.
    Freed(Result<T, T>, Option<A>),
    /// No occupant was waiting (a settlement no callback of ours can make): ignored.
    Stray(Result<T, T>),
}

/// What [`Table::poll`] found.
pub enum Polled<T> {
    /// The result: the slot is free.
    Ready(Result<T, T>),
    /// Waiting, with this poll's waker already stored.
    Pending,
    /// Waiting, without this poll's waker: store one with [`Table::store_waker`].
    NeedsWaker,
    /// The key's occupant is gone (a broken invariant of the caller's).
    Lost,
}

/// What [`Table::abandon`] removed.
pub enum Abandoned<T> {
    /// The slot waits for its promise; drop the waker. `check`: an abort is armed, and
    /// its check must be scheduled now (one per drop: a check scheduled before the drop
    /// could run before the reaction of a promise that settled in between).
    Waiting(Option<Waker>, bool),
    /// The promise had settled (unread): the slot is free, the abort disarmed.
    Freed(Result<T, T>),
    /// The key's occupant is gone.
    Lost,
}

impl<T, A> Default for Table<T, A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, A> Table<T, A> {
    /// An empty table.
    pub const fn new() -> Self {
        Table {
            entries: Vec::new(),
            free: NONE,
            live: 0,
            checks: VecDeque::new(),
        }
    }

    /// A slot for a new await by `owner`, `Waiting` with `abort` armed; `Err(abort)` when
    /// every index is in use (2^32 - 1 awaits pending at once).
    pub fn claim(&mut self, abort: Option<A>, owner: u32) -> Result<Key, Option<A>> {
        let index = if self.free == NONE {
            let Some(index) = u32::try_from(self.entries.len())
                .ok()
                .filter(|&i| i != NONE)
            else {
                return Err(abort);
            };
            self.entries.push(Entry {
                state: State::Waiting { waker: None, abort },
                generation: 0,
                owner,
            });
            index
        } else {
            let index = self.free;
            let Some(entry) = self.entries.get_mut(index as usize) else {
                return Err(abort);
            };
            let State::Free { next } = entry.state else {
                return Err(abort);
            };
            self.free = next;
            entry.state = State::Waiting { waker: None, abort };
            entry.generation = entry.generation.wrapping_add(1);
            entry.owner = owner;
            index
        };
        self.live += 1;
        let generation = self.entries.get(index as usize).map_or(0, |e| e.generation);
        Ok(Key { index, generation })
    }

    fn entry(&mut self, key: Key) -> Option<&mut Entry<T, A>> {
        self.entries
            .get_mut(key.index as usize)
            .filter(|entry| entry.generation == key.generation)
    }

    fn release(&mut self, index: u32) -> State<T, A> {
        let Some(entry) = self.entries.get_mut(index as usize) else {
            return State::Free { next: NONE };
        };
        let state = mem::replace(&mut entry.state, State::Free { next: self.free });
        if !matches!(state, State::Free { .. }) {
            self.free = index;
            self.live -= 1;
        }
        state
    }

    /// The promise of the slot at `index` settled (its callback ran).
    pub fn settle(&mut self, index: u32, result: Result<T, T>) -> Settled<T, A> {
        let Some(entry) = self.entries.get_mut(index as usize) else {
            return Settled::Stray(result);
        };
        match &mut entry.state {
            State::Waiting { waker, abort } => {
                let (waker, abort) = (waker.take(), abort.take());
                entry.state = State::Settled(result);
                Settled::Stored(waker, entry.owner, abort)
            }
            State::Abandoned { .. } => match self.release(index) {
                State::Abandoned { abort } => Settled::Freed(result, abort),
                _ => Settled::Stray(result),
            },
            State::Free { .. } | State::Settled(_) => Settled::Stray(result),
        }
    }

    /// The future of `key` polls: its result if settled (freeing the slot).
    pub fn poll(&mut self, key: Key, waker: &Waker) -> Polled<T> {
        let Some(entry) = self.entry(key) else {
            return Polled::Lost;
        };
        match &entry.state {
            State::Waiting {
                waker: Some(stored),
                ..
            } if stored.will_wake(waker) => Polled::Pending,
            State::Waiting { .. } => Polled::NeedsWaker,
            State::Settled(_) => match self.release(key.index) {
                State::Settled(result) => Polled::Ready(result),
                _ => Polled::Lost,
            },
            State::Free { .. } | State::Abandoned { .. } => Polled::Lost,
        }
    }

    /// Stores the waker of `key`'s latest poll (cloned outside the table); returns the
    /// waker it replaces, or `waker` itself when the slot is no longer waiting.
    pub fn store_waker(&mut self, key: Key, waker: Waker) -> Option<Waker> {
        match self.entry(key) {
            Some(Entry {
                state: State::Waiting { waker: stored, .. },
                ..
            }) => stored.replace(waker),
            _ => Some(waker),
        }
    }

    /// The future of `key` is dropped before taking its result.
    pub fn abandon(&mut self, key: Key) -> Abandoned<T> {
        let Some(entry) = self.entry(key) else {
            return Abandoned::Lost;
        };
        match &mut entry.state {
            State::Waiting { waker, abort } => {
                let (waker, abort) = (waker.take(), abort.take());
                let armed = abort.is_some();
                entry.state = State::Abandoned { abort };
                if armed {
                    self.checks.push_back(key);
                }
                Abandoned::Waiting(waker, armed)
            }
            State::Settled(_) => match self.release(key.index) {
                State::Settled(result) => Abandoned::Freed(result),
                _ => Abandoned::Lost,
            },
            State::Free { .. } | State::Abandoned { .. } => Abandoned::Lost,
        }
    }

    /// Takes the armed abort of `key` out, unfired (the call completed elsewhere).
    pub fn disarm(&mut self, key: Key) -> Option<A> {
        match self.entry(key) {
            Some(Entry {
                state: State::Waiting { abort, .. },
                ..
            }) => abort.take(),
            _ => None,
        }
    }

    /// A scheduled check ran (the oldest): the abort to fire now, if its slot is still
    /// abandoned by the occupant that armed it (its promise has not settled).
    pub fn check(&mut self) -> Option<A> {
        let key = self.checks.pop_front()?;
        match self.entry(key) {
            Some(Entry {
                state: State::Abandoned { abort },
                ..
            }) => abort.take(),
            _ => None,
        }
    }

    /// How many slots are not free.
    pub fn live(&self) -> usize {
        self.live
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
