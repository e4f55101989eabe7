//! The watches of `abortable` exports' signals: states and transitions, no JS (host-tested).
//!
//! ```text
//!          claim              fire (the listener ran and the signal had aborted)
//!   Free ─────────▶ Watching ─────────────────────────────────────────────▶ Fired
//!     ▲                │                                                      │
//!     └────────────────┴──────────────── release (the export finished) ◀─────┘
//! ```
//!
//! Each watch has a listener of its own, bound to its key (index and generation): a
//! listener that runs after its watch was released, or for an earlier occupant of the
//! slot, finds another generation and changes nothing; firing twice is firing once.

use core::mem;
use core::task::Waker;

/// What [`Watches::poll`] found.
#[derive(PartialEq, Eq, Debug)]
pub enum Polled {
    /// The signal aborted (or the watch is gone).
    Fired,
    /// Waiting, with this poll's waker stored.
    Pending,
    /// Waiting without it: store one with [`Watches::store_waker`].
    NeedsWaker,
}

/// A watch's slot and generation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Key {
    pub index: u32,
    pub generation: u32,
}

enum State<S> {
    Free {
        next: u32,
    },
    /// The listener is attached to `signal`; the waker of the last poll.
    Watching {
        signal: S,
        waker: Option<Waker>,
    },
    /// The signal aborted.
    Fired {
        signal: S,
    },
}

struct Entry<S> {
    state: State<S>,
    generation: u32,
}

const NONE: u32 = u32::MAX;

/// The watches of one thread.
pub struct Watches<S> {
    entries: Vec<Entry<S>>,
    free: u32,
}

impl<S> Default for Watches<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Watches<S> {
    /// None.
    pub const fn new() -> Self {
        Watches {
            entries: Vec::new(),
            free: NONE,
        }
    }

    fn entry(&mut self, key: Key) -> Option<&mut Entry<S>> {
        self.entries
            .get_mut(key.index as usize)
            .filter(|entry| entry.generation == key.generation)
    }

    /// A new watch of `signal`; `Err(signal)` when every index is in use.
    pub fn claim(&mut self, signal: S) -> Result<Key, S> {
        let watching = |signal| State::Watching {
            signal,
            waker: None,
        };
        if self.free == NONE {
            let Some(index) = u32::try_from(self.entries.len())
                .ok()
                .filter(|&i| i != NONE)
            else {
                return Err(signal);
            };
            self.entries.push(Entry {
                state: watching(signal),
                generation: 0,
            });
            return Ok(Key {
                index,
                generation: 0,
            });
        }
        let index = self.free;
        let Some(entry) = self.entries.get_mut(index as usize) else {
            return Err(signal);
        };
        let State::Free { next } = entry.state else {
            return Err(signal);
        };
        self.free = next;
        entry.generation = entry.generation.wrapping_add(1);
        entry.state = watching(signal);
        Ok(Key {
            index,
            generation: entry.generation,
        })
    }

    /// The signal of a live watch, to check whether it aborted (outside the table).
    pub fn signal(&mut self, key: Key) -> Option<&S> {
        match self.entry(key) {
            Some(Entry {
                state: State::Watching { signal, .. },
                ..
            }) => Some(signal),
            _ => None,
        }
    }

    /// The signal of `key` aborted: the waker to wake.
    pub fn fire(&mut self, key: Key) -> Option<Waker> {
        let entry = self.entry(key)?;
        if !matches!(entry.state, State::Watching { .. }) {
            return None;
        }
        match mem::replace(&mut entry.state, State::Free { next: NONE }) {
            State::Watching { signal, waker } => {
                entry.state = State::Fired { signal };
                waker
            }
            other => {
                entry.state = other;
                None
            }
        }
    }

    /// Polled: whether it fired, or waits with this poll's waker stored.
    pub fn poll(&mut self, key: Key, waker: &Waker) -> Polled {
        match self.entry(key) {
            Some(Entry {
                state: State::Watching { waker: stored, .. },
                ..
            }) => match stored {
                Some(stored) if stored.will_wake(waker) => Polled::Pending,
                _ => Polled::NeedsWaker,
            },
            _ => Polled::Fired,
        }
    }

    /// Stores the waker of the latest poll (cloned outside the table); returns the one it
    /// replaces, or `waker` itself if the watch is not waiting.
    pub fn store_waker(&mut self, key: Key, waker: Waker) -> Option<Waker> {
        match self.entry(key) {
            Some(Entry {
                state: State::Watching { waker: stored, .. },
                ..
            }) => stored.replace(waker),
            _ => Some(waker),
        }
    }

    /// The watch ends: its slot is freed; its signal (to remove the listener from) and
    /// waker, to drop.
    pub fn release(&mut self, key: Key) -> Option<(S, Option<Waker>)> {
        let free = self.free;
        let entry = self.entry(key)?;
        let released = match mem::replace(&mut entry.state, State::Free { next: free }) {
            State::Watching { signal, waker } => (signal, waker),
            State::Fired { signal } => (signal, None),
            State::Free { next } => {
                entry.state = State::Free { next };
                return None;
            }
        };
        self.free = key.index;
        Some(released)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;

    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }

    #[test]
    fn a_stale_listener_changes_nothing() {
        let waker = Waker::from(Arc::new(Noop));
        let mut watches = Watches::new();
        let first = watches.claim("a").unwrap();
        assert_eq!(watches.poll(first, &waker), Polled::NeedsWaker);
        assert!(watches.store_waker(first, waker.clone()).is_none());
        // The same waker again (`will_wake` may not see it: under Miri it does not).
        assert_ne!(watches.poll(first, &waker), Polled::Fired);
        assert_eq!(watches.release(first).map(|(s, _)| s), Some("a"));
        let second = watches.claim("b").unwrap();
        assert_eq!(second.index, first.index, "the slot is reused");
        // The first watch's listener runs late: another generation, nothing happens.
        assert!(watches.fire(first).is_none());
        assert!(watches.signal(first).is_none());
        assert_eq!(watches.poll(second, &waker), Polled::NeedsWaker);
        assert!(watches.store_waker(second, waker.clone()).is_none());
        // Its own listener fires it, once.
        assert!(watches.fire(second).is_some());
        assert!(watches.fire(second).is_none());
        assert_eq!(watches.poll(second, &waker), Polled::Fired);
        assert_eq!(watches.release(second).map(|(s, _)| s), Some("b"));
        assert!(watches.release(second).is_none(), "released once");
    }
}
