//! The line of exports whose first poll was pending, waiting for their promise's
//! resolving functions (no JS, no user code; host-tested below).
//!
//! Such an export's reaction returns our thenable, which its derived promise (the
//! export's promise) adopts: in a later job, the engine calls the thenable's `then`
//! with that promise's own resolving functions. Those jobs run in the order the
//! reactions returned, so the `n`-th call of `then` is for the `n`-th entry of this
//! line. A task may finish (or be freed by a throw or the poison) before its call
//! comes: its outcome waits here, and the call settles the promise at once.
//!
//! Invariants: each entry is taken exactly once, in the order it was pushed; an outcome
//! is recorded at most once per entry, and only for an entry still waiting.

use std::collections::VecDeque;

use super::machine::Id;

/// What the oldest entry holds when its resolving functions arrive.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry<O> {
    /// The task is still live: it gets the resolving functions.
    Waiting(Id),
    /// The task finished first: settle with this.
    Settled(O),
    /// The promise must stay pending (a JS exception went through its task).
    Never,
}

/// The line, oldest first.
pub struct Line<O> {
    entries: VecDeque<Entry<O>>,
}

impl<O> Line<O> {
    pub const fn new() -> Line<O> {
        Line {
            entries: VecDeque::new(),
        }
    }

    /// A reaction returned the thenable for the task `id` (or, with `None`, for a promise
    /// that stays pending).
    pub fn push(&mut self, id: Option<Id>) {
        self.entries
            .push_back(id.map_or(Entry::Never, Entry::Waiting));
    }

    /// The task `id` finished before its resolving functions came: `Some(outcome)`
    /// settles its promise when they come, `None` leaves it pending. `Err` with the
    /// outcome if `id` is not waiting here (for the caller to drop, outside the line).
    pub fn finish(&mut self, id: Id, outcome: Option<O>) -> Result<(), Option<O>> {
        let waiting = self
            .entries
            .iter_mut()
            .find(|entry| matches!(entry, Entry::Waiting(waiting) if *waiting == id));
        match waiting {
            Some(entry) => {
                *entry = outcome.map_or(Entry::Never, Entry::Settled);
                Ok(())
            }
            None => Err(outcome),
        }
    }

    /// The resolving functions of the oldest entry came: the entry, taken.
    pub fn next(&mut self) -> Option<Entry<O>> {
        self.entries.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolvers_go_to_entries_in_order_and_outcomes_wait_for_them() {
        let [a, b, c] = [1, 2, 3].map(Id::from_bits);
        let mut line: Line<u32> = Line::new();
        line.push(Some(a));
        line.push(None);
        line.push(Some(b));
        line.push(Some(c));
        assert_eq!(line.finish(b, Some(7)), Ok(()), "b finished first");
        assert_eq!(line.finish(c, None), Ok(()), "a throw went through c");
        assert_eq!(
            line.finish(b, Some(8)),
            Err(Some(8)),
            "an outcome is recorded once"
        );
        assert_eq!(line.next(), Some(Entry::Waiting(a)));
        assert_eq!(
            line.finish(a, Some(9)),
            Err(Some(9)),
            "a has its resolvers: settled through them"
        );
        assert_eq!(line.next(), Some(Entry::Never));
        assert_eq!(line.next(), Some(Entry::Settled(7)));
        assert_eq!(line.next(), Some(Entry::Never));
        assert_eq!(line.next(), None);
    }
}
