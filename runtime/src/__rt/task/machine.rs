//! The export driver's states and transitions: no JS, no user code, nothing that can
//! fail (host-tested, with a property test over random schedules in `tests`).
//!
//! A task is one async export's (or an async `start`'s) future and its promise:
//!
//! ```text
//!        spawn_fresh      next_first + start_first (the export's own reaction)
//!   Free ───────────▶ Fresh ──────────────────────────────┐
//!     │                                                    ▼
//!     │  spawn            next (the run takes the future out)
//!     └──────────▶ Scheduled ─────────────────────────▶ Running ──▶ pending: Idle, or
//!                      ▲                                  │   │     Scheduled if woken
//!                      │ wake                             │   │     while running
//!                     Idle ◀──────────────────────────────┘   │
//!                                                             ├──▶ ready: Free (the
//!   poison: every Fresh/Idle/Scheduled task ──▶ Free (future  │    future was dropped
//!   handed out to be leaked, promise to be rejected)          │    first, in Running)
//!                                                             └──▶ thrown: Free (the
//!                                                                  future is leaked)
//! ```
//!
//! Invariants (checked by the property test after every step):
//! - a future is polled only from `Scheduled` (taken out by [`Tasks::next`]) or `Fresh`
//!   (by [`Tasks::start_first`]), so never after its `Ready` (the task is freed then) or
//!   after a throw through its poll (freed, its future left in the trapped frames: never
//!   dropped);
//! - a future is dropped at most once: by the run after `Ready` (while its task is still
//!   `Running`, so that a trap in its `Drop` is that task's), or never (thrown, poisoned);
//! - each promise is handed out for settling exactly once: by `ready`, `thrown` or
//!   `poison` (or replaced, by [`Tasks::replace_promise`], before anything settled it);
//! - a wake of a freed task, or of an earlier occupant of its entry (an older
//!   generation), changes nothing; a wake while running is kept and schedules one more
//!   poll after a `Pending`, none after `Ready`;
//! - each `Fresh` task is named once by [`Tasks::next_first`], in spawn order (its
//!   export's reaction, registered when it was spawned, runs once, in that order);
//! - a throw leaves exactly one task `Running`, which [`Tasks::thrown`] frees before
//!   anything else runs (the driver catches every throw where it happens); a run
//!   continues with the tasks it had not reached.

use core::mem;
use std::collections::VecDeque;

/// Bits of a task's index in a packed [`Id`]; the rest is its generation.
const INDEX_BITS: u32 = 20;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
const GENERATION_MASK: u32 = u32::MAX >> INDEX_BITS;

/// A task: its entry and the generation of its occupant, packed in 32 bits (what a waker
/// carries). At most 2^20 tasks exist at once; a generation repeats after 4096 reuses of
/// an entry, so a waker kept that long may wake a later occupant: a spurious wake, which
/// every future tolerates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Id(u32);

impl Id {
    fn new(index: u32, generation: u32) -> Id {
        Id((generation & GENERATION_MASK) << INDEX_BITS | (index & INDEX_MASK))
    }

    fn index(self) -> u32 {
        self.0 & INDEX_MASK
    }

    fn generation(self) -> u32 {
        self.0 >> INDEX_BITS
    }

    /// The packed value.
    pub fn to_bits(self) -> u32 {
        self.0
    }

    /// From [`Id::to_bits`].
    pub fn from_bits(bits: u32) -> Id {
        Id(bits)
    }
}

enum State<F, P> {
    Free {
        next: u32,
    },
    /// Spawned by an export call: its first poll is in that call's own reaction.
    Fresh {
        future: F,
        promise: P,
    },
    /// Pending, waiting for a wake.
    Idle {
        future: F,
        promise: P,
    },
    /// In the run queue.
    Scheduled {
        future: F,
        promise: P,
    },
    /// Its future is out, being polled or dropped by the run; `woken` during the poll.
    Running {
        promise: P,
        woken: bool,
    },
}

struct Entry<F, P, M> {
    state: State<F, P>,
    generation: u32,
    /// What the run needs to know of the task (its name, how it treats panics).
    meta: M,
}

/// The end of the free list.
const NONE: u32 = u32::MAX;

/// The tasks of one thread and their run queue.
pub struct Tasks<F, P, M> {
    entries: Vec<Entry<F, P, M>>,
    free: u32,
    live: usize,
    /// Woken since the current run started: polled by the next one.
    queue: Vec<Id>,
    /// The run in progress polls these, in order, from `cursor`.
    batch: Vec<Id>,
    cursor: usize,
    /// The task whose future is out (being polled or dropped).
    running: Option<Id>,
    /// A run is scheduled (and has not started).
    scheduled: bool,
    /// `Fresh` tasks, in spawn order: the order of their reactions.
    firsts: VecDeque<Id>,
}

impl<F, P, M: Copy> Default for Tasks<F, P, M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F, P, M: Copy> Tasks<F, P, M> {
    /// No tasks.
    pub const fn new() -> Self {
        Tasks {
            entries: Vec::new(),
            free: NONE,
            live: 0,
            queue: Vec::new(),
            batch: Vec::new(),
            cursor: 0,
            running: None,
            scheduled: false,
            firsts: VecDeque::new(),
        }
    }

    fn entry(&mut self, id: Id) -> Option<&mut Entry<F, P, M>> {
        self.entries
            .get_mut(id.index() as usize)
            .filter(|entry| entry.generation & GENERATION_MASK == id.generation())
    }

    /// Whether a run must be scheduled now for the queue (none is).
    fn needs_run(&mut self) -> bool {
        !self.queue.is_empty() && !mem::replace(&mut self.scheduled, true)
    }

    /// A free entry for a new task, occupied by `state`: its id. `Err` with the state's
    /// parts when 2^20 tasks exist already.
    fn occupy(
        &mut self,
        future: F,
        promise: P,
        meta: M,
        state: fn(F, P) -> State<F, P>,
    ) -> Result<Id, (F, P)> {
        let index = if self.free == NONE {
            let Some(index) = u32::try_from(self.entries.len())
                .ok()
                .filter(|&index| index <= INDEX_MASK)
            else {
                return Err((future, promise));
            };
            self.entries.push(Entry {
                state: State::Free { next: NONE },
                generation: u32::MAX,
                meta,
            });
            index
        } else {
            let index = self.free;
            let Some(Entry {
                state: State::Free { next },
                ..
            }) = self.entries.get(index as usize)
            else {
                return Err((future, promise));
            };
            self.free = *next;
            index
        };
        let Some(entry) = self.entries.get_mut(index as usize) else {
            return Err((future, promise));
        };
        entry.generation = entry.generation.wrapping_add(1);
        entry.state = state(future, promise);
        entry.meta = meta;
        self.live += 1;
        Ok(Id::new(index, entry.generation))
    }

    /// Whether a task can be spawned (fewer than 2^20 exist).
    pub fn has_room(&self) -> bool {
        self.free != NONE || self.entries.len() <= INDEX_MASK as usize
    }

    /// A new task, `Scheduled`: its first poll is in the next run. `true`: schedule a run.
    /// `Err` with its parts when 2^20 tasks exist already.
    pub fn spawn(&mut self, future: F, promise: P, meta: M) -> Result<bool, (F, P)> {
        let id = self.occupy(future, promise, meta, |future, promise| State::Scheduled {
            future,
            promise,
        })?;
        self.queue.push(id);
        Ok(self.needs_run())
    }

    /// A new task, `Fresh`: its first poll is in the reaction its export registered just
    /// before (see [`Tasks::next_first`]). `Err` with its parts when 2^20 tasks exist
    /// already.
    pub fn spawn_fresh(&mut self, future: F, promise: P, meta: M) -> Result<Id, (F, P)> {
        let id = self.occupy(future, promise, meta, |future, promise| State::Fresh {
            future,
            promise,
        })?;
        self.firsts.push_back(id);
        Ok(id)
    }

    /// The reaction of the oldest `Fresh` task runs: `Ok` with its id, or `Err` with its
    /// meta if the poison freed it meanwhile; `None` if no task waits for its reaction.
    pub fn next_first(&mut self) -> Option<Result<Id, M>> {
        let id = self.firsts.pop_front()?;
        let entry = self.entry(id)?;
        Some(if matches!(entry.state, State::Fresh { .. }) {
            Ok(id)
        } else {
            Err(entry.meta)
        })
    }

    /// The first poll of the `Fresh` task `id` starts: its future, taken out (the task
    /// is `Running`, as in a run). `None` if it is not `Fresh` or a task is running.
    pub fn start_first(&mut self, id: Id) -> Option<(F, M)> {
        if self.running.is_some() {
            return None;
        }
        let entry = self.entry(id)?;
        if !matches!(entry.state, State::Fresh { .. }) {
            return None;
        }
        let State::Fresh { future, promise } =
            mem::replace(&mut entry.state, State::Free { next: NONE })
        else {
            return None;
        };
        entry.state = State::Running {
            promise,
            woken: false,
        };
        let meta = entry.meta;
        self.running = Some(id);
        Some((future, meta))
    }

    /// The waiting task `id` (`Idle` or `Scheduled`) is settled through `promise` from
    /// now on: the one it had, returned (nothing settled it). `Err` with `promise` if
    /// the task is not waiting.
    pub fn replace_promise(&mut self, id: Id, promise: P) -> Result<P, P> {
        let Some(entry) = self.entry(id) else {
            return Err(promise);
        };
        match &mut entry.state {
            State::Idle { promise: old, .. } | State::Scheduled { promise: old, .. } => {
                Ok(mem::replace(old, promise))
            }
            _ => Err(promise),
        }
    }

    /// A waker of `id` was woken. `true`: schedule a run.
    pub fn wake(&mut self, id: Id) -> bool {
        let Some(entry) = self.entry(id) else {
            return false;
        };
        match &mut entry.state {
            State::Idle { .. } => {
                let State::Idle { future, promise } =
                    mem::replace(&mut entry.state, State::Free { next: NONE })
                else {
                    return false;
                };
                entry.state = State::Scheduled { future, promise };
                self.queue.push(id);
                self.needs_run()
            }
            State::Running { woken, .. } => {
                *woken = true;
                false
            }
            State::Fresh { .. } | State::Scheduled { .. } | State::Free { .. } => false,
        }
    }

    /// A run starts, or continues after a throw: it polls the tasks queued so far (those
    /// woken meanwhile wait for the next run). `false` while a task is running (a run
    /// started inside a poll: it does nothing).
    pub fn start_run(&mut self) -> bool {
        self.scheduled = false;
        if self.running.is_some() {
            return false;
        }
        if self.cursor >= self.batch.len() {
            // The exhausted batch's buffer becomes the queue's: no allocation per run.
            self.batch.clear();
            self.cursor = 0;
            mem::swap(&mut self.queue, &mut self.batch);
        } else {
            self.batch.append(&mut self.queue);
        }
        true
    }

    /// The next task of the run: its future, taken out (the task is `Running` until
    /// [`Tasks::pending`], [`Tasks::ready`] or [`Tasks::thrown`]).
    pub fn next(&mut self) -> Option<(Id, F, M)> {
        while let Some(&id) = self.batch.get(self.cursor) {
            self.cursor += 1;
            let Some(entry) = self.entry(id) else {
                continue;
            };
            if !matches!(entry.state, State::Scheduled { .. }) {
                continue;
            }
            let State::Scheduled { future, promise } =
                mem::replace(&mut entry.state, State::Free { next: NONE })
            else {
                continue;
            };
            entry.state = State::Running {
                promise,
                woken: false,
            };
            let meta = entry.meta;
            self.running = Some(id);
            return Some((id, future, meta));
        }
        self.batch.clear();
        self.cursor = 0;
        None
    }

    /// The running task's poll returned `Pending`: it waits (or, woken meanwhile, is
    /// queued for the next run). `true`: schedule a run.
    pub fn pending(&mut self, id: Id, future: F) -> Result<bool, F> {
        if self.running != Some(id) {
            return Err(future);
        }
        self.running = None;
        let Some(entry) = self.entry(id) else {
            return Err(future);
        };
        let State::Running { promise, woken } =
            mem::replace(&mut entry.state, State::Free { next: NONE })
        else {
            return Err(future);
        };
        if woken {
            entry.state = State::Scheduled { future, promise };
            self.queue.push(id);
            Ok(self.needs_run())
        } else {
            entry.state = State::Idle { future, promise };
            Ok(false)
        }
    }

    fn free_running(&mut self, id: Id) -> Option<(M, P)> {
        let free = self.free;
        let entry = self.entry(id)?;
        if !matches!(entry.state, State::Running { .. }) {
            return None;
        }
        let State::Running { promise, .. } =
            mem::replace(&mut entry.state, State::Free { next: free })
        else {
            return None;
        };
        let meta = entry.meta;
        self.free = id.index();
        self.live -= 1;
        Some((meta, promise))
    }

    /// The running task's future completed and was dropped: the task is freed; its
    /// promise, to settle.
    pub fn ready(&mut self, id: Id) -> Option<P> {
        if self.running != Some(id) {
            return None;
        }
        self.running = None;
        self.free_running(id).map(|(_, promise)| promise)
    }

    /// A throw (a JS exception or a trap) went through the poll or drop of the running
    /// task: the task is freed (its future stays in the abandoned frames: never polled or
    /// dropped again) and its parts returned. `None` if no task was running (the throw
    /// was not a task's). A run it interrupted continues where it was.
    pub fn thrown(&mut self) -> Option<(M, P)> {
        let id = self.running.take()?;
        self.free_running(id)
    }

    /// A panic poisoned the instance: every task that is not running is freed; their
    /// futures (to be leaked: never polled or dropped) and promises (to reject). The
    /// reactions of `Fresh` ones still come, and find them gone.
    pub fn poison(&mut self) -> Vec<(F, P, M)> {
        let mut victims = Vec::new();
        for (index, entry) in (0..).zip(self.entries.iter_mut()) {
            if !matches!(
                entry.state,
                State::Fresh { .. } | State::Idle { .. } | State::Scheduled { .. }
            ) {
                continue;
            }
            match mem::replace(&mut entry.state, State::Free { next: self.free }) {
                State::Fresh { future, promise }
                | State::Idle { future, promise }
                | State::Scheduled { future, promise } => {
                    victims.push((future, promise, entry.meta));
                    self.free = index;
                    self.live -= 1;
                }
                other => entry.state = other,
            }
        }
        self.queue.clear();
        victims
    }

    /// How many tasks exist.
    pub fn live(&self) -> usize {
        self.live
    }

    /// The id queued last (the model's way to learn a spawned task's id).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn last_queued(&self) -> Option<Id> {
        self.queue.last().copied()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
