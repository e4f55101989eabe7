//! The await table against a model of JS: random schedules of claims, settlements in
//! JS, microtasks (the reactions, in the order JS queues them, and the abort checks),
//! polls with the same or another waker, drops, and polls with stale keys. After every
//! step the table must agree with the model (see the invariants in `machine`).

// The model's records are plain flags, as the invariants state them.
#![allow(clippy::struct_excessive_bools)]

use super::*;
use proptest::prelude::*;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::Wake;

/// Counts its wakes: one per await and poll generation of wakers.
struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    /// Its future exists and has not taken the result.
    Alive,
    Taken,
    /// Its future was dropped.
    Dropped,
}

struct Await {
    key: Key,
    armed: bool,
    status: Status,
    /// JS settled the promise (its reaction is queued or ran).
    settled_in_js: bool,
    /// The reaction ran (the table saw the settlement).
    reaction_ran: bool,
    /// Whether the promise had settled in JS when the future was dropped.
    settled_at_drop: bool,
    fired: bool,
    /// The waker of the last poll, and its counter.
    waker: Option<(Waker, Arc<Counter>)>,
    wakes_expected: usize,
}

enum Micro {
    Reaction {
        index: u32,
        id: usize,
        result: Result<u64, u64>,
    },
    Check,
}

#[derive(Clone, Debug)]
enum Op {
    Claim { armed: bool },
    JsSettle { which: usize, ok: bool },
    Microtask,
    Poll { which: usize, new_waker: bool },
    Drop { which: usize },
    StalePoll { which: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<bool>().prop_map(|armed| Op::Claim { armed }),
        3 => (any::<usize>(), any::<bool>()).prop_map(|(which, ok)| Op::JsSettle { which, ok }),
        4 => Just(Op::Microtask),
        3 => (any::<usize>(), any::<bool>()).prop_map(|(which, new_waker)| Op::Poll { which, new_waker }),
        2 => any::<usize>().prop_map(|which| Op::Drop { which }),
        1 => any::<usize>().prop_map(|which| Op::StalePoll { which }),
    ]
}

struct Model {
    table: Table<u64, usize>,
    awaits: Vec<Await>,
    micro: VecDeque<Micro>,
    /// Dropped armed awaits, in the order of their checks.
    checked: VecDeque<usize>,
}

impl Model {
    fn value(id: usize) -> u64 {
        id as u64 * 10 + 7
    }

    fn step(&mut self, op: &Op) {
        let n = self.awaits.len();
        match *op {
            Op::Claim { armed } => {
                let id = n;
                let key = self
                    .table
                    .claim(armed.then_some(id), owner_of(id))
                    .unwrap_or_else(|_| panic!("claim failed"));
                self.awaits.push(Await {
                    key,
                    armed,
                    status: Status::Alive,
                    settled_in_js: false,
                    reaction_ran: false,
                    settled_at_drop: false,
                    fired: false,
                    waker: None,
                    wakes_expected: 0,
                });
            }
            Op::JsSettle { which, ok } if n > 0 => {
                let id = which % n;
                let a = &mut self.awaits[id];
                if !a.settled_in_js {
                    a.settled_in_js = true;
                    let value = Self::value(id);
                    let result = if ok { Ok(value) } else { Err(value) };
                    self.micro.push_back(Micro::Reaction {
                        index: a.key.index,
                        id,
                        result,
                    });
                }
            }
            Op::Microtask => match self.micro.pop_front() {
                Some(Micro::Reaction { index, id, result }) => self.reaction(index, id, result),
                Some(Micro::Check) => self.check(),
                None => {}
            },
            Op::Poll { which, new_waker } if n > 0 => self.poll(which % n, new_waker),
            Op::Drop { which } if n > 0 => self.drop_future(which % n),
            Op::StalePoll { which } if n > 0 => {
                let id = which % n;
                if self.awaits[id].status != Status::Alive {
                    let live = self.table.live();
                    let waker = Waker::from(Arc::new(Counter(AtomicUsize::new(0))));
                    assert!(matches!(
                        self.table.poll(self.awaits[id].key, &waker),
                        Polled::Lost
                    ));
                    assert!(matches!(
                        self.table.abandon(self.awaits[id].key),
                        Abandoned::Lost
                    ));
                    assert!(self.table.disarm(self.awaits[id].key).is_none());
                    assert_eq!(self.table.live(), live, "a stale key changes nothing");
                }
            }
            _ => {}
        }
        self.check_invariants();
    }

    fn reaction(&mut self, index: u32, id: usize, result: Result<u64, u64>) {
        let a = &mut self.awaits[id];
        a.reaction_ran = true;
        match (self.table.settle(index, result), a.status) {
            (Settled::Stored(waker, owner, abort), Status::Alive) => {
                assert_eq!(owner, owner_of(id), "the owner it was claimed by");
                assert_eq!(abort, a.armed.then_some(id), "a completed call is disarmed");
                assert_eq!(
                    waker.is_some(),
                    a.waker.is_some(),
                    "the waker of the last poll is woken"
                );
                if let Some(waker) = waker {
                    waker.wake();
                    a.wakes_expected += 1;
                }
            }
            (Settled::Freed(freed, abort), Status::Dropped) => {
                assert_eq!(freed, result);
                let armed_unfired = a.armed && !a.fired;
                assert_eq!(
                    abort,
                    armed_unfired.then_some(id),
                    "an unfired abort comes back"
                );
            }
            (Settled::Stray(_), status) => panic!("a settlement of {status:?} was stray"),
            (_, status) => panic!("unexpected settlement of {status:?}"),
        }
    }

    fn check(&mut self) {
        let id = self.checked.pop_front().expect("a check per armed drop");
        let fired = self.table.check();
        let a = &mut self.awaits[id];
        assert_eq!(a.status, Status::Dropped);
        if let Some(fired) = fired {
            assert_eq!(fired, id, "the check of its own drop");
            assert!(!a.fired, "an abort fires at most once");
            assert!(!a.reaction_ran, "never fired after the promise settled");
            assert!(
                !a.settled_at_drop,
                "a call that had settled when dropped is not aborted"
            );
            a.fired = true;
        } else {
            assert!(a.reaction_ran, "an unsettled call is aborted");
        }
    }

    fn poll(&mut self, id: usize, new_waker: bool) {
        let a = &mut self.awaits[id];
        if a.status != Status::Alive {
            return;
        }
        let (waker, counter) = if let (Some((waker, counter)), false) = (&a.waker, new_waker) {
            (waker.clone(), Arc::clone(counter))
        } else {
            let counter = Arc::new(Counter(AtomicUsize::new(0)));
            (Waker::from(Arc::clone(&counter)), counter)
        };
        // `will_wake` may answer `false` for clones of one waker (under Miri it does):
        // another poll's waker always needs storing, the same one may.
        let same = !new_waker && a.waker.is_some();
        match self.table.poll(a.key, &waker) {
            Polled::Ready(result) => {
                assert!(a.reaction_ran, "ready only after the reaction");
                let value = Self::value(id);
                assert!(
                    result == Ok(value) || result == Err(value),
                    "its own result"
                );
                a.status = Status::Taken;
            }
            Polled::Pending => {
                assert!(!a.reaction_ran);
                assert!(same, "pending without storing only with the same waker");
            }
            Polled::NeedsWaker => {
                assert!(!a.reaction_ran);
                let replaced = self.table.store_waker(a.key, waker.clone());
                assert_eq!(replaced.is_some(), a.waker.is_some());
                if let Some((_, old)) = a.waker.replace((waker, Arc::clone(&counter))) {
                    if !Arc::ptr_eq(&old, &counter) {
                        assert_eq!(old.0.load(Ordering::SeqCst), a.wakes_expected);
                        a.wakes_expected = 0;
                    }
                } else {
                    a.wakes_expected = 0;
                }
            }
            Polled::Lost => panic!("a live await lost its slot"),
        }
    }

    fn drop_future(&mut self, id: usize) {
        let a = &mut self.awaits[id];
        if a.status != Status::Alive {
            return;
        }
        a.status = Status::Dropped;
        a.settled_at_drop = a.settled_in_js;
        match self.table.abandon(a.key) {
            Abandoned::Freed(result) => {
                assert!(a.reaction_ran, "freed at drop only once settled");
                let value = Self::value(id);
                assert!(result == Ok(value) || result == Err(value));
            }
            Abandoned::Waiting(_, check) => {
                assert!(!a.reaction_ran);
                assert_eq!(check, a.armed, "a check per armed drop");
                if check {
                    self.checked.push_back(id);
                    self.micro.push_back(Micro::Check);
                }
            }
            Abandoned::Lost => panic!("a live await lost its slot"),
        }
    }

    fn check_invariants(&self) {
        let in_use = self
            .awaits
            .iter()
            .filter(|a| match a.status {
                Status::Alive => true,
                Status::Dropped => !a.reaction_ran,
                Status::Taken => false,
            })
            .count();
        assert_eq!(
            self.table.live(),
            in_use,
            "slots in use: live futures and awaited promises"
        );
        for a in &self.awaits {
            if let Some((_, counter)) = &a.waker {
                assert_eq!(
                    counter.0.load(Ordering::SeqCst),
                    a.wakes_expected,
                    "woken once, the right one"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_schedules_keep_the_invariants(ops in proptest::collection::vec(op(), 1..200)) {
        let mut model = Model {
            table: Table::new(),
            awaits: Vec::new(),
            micro: VecDeque::new(),
            checked: VecDeque::new(),
        };
        for op in &ops {
            model.step(op);
        }
        // Quiescence: JS settles everything, every microtask runs.
        for id in 0..model.awaits.len() {
            model.step(&Op::JsSettle { which: id, ok: id % 2 == 0 });
        }
        while !model.micro.is_empty() {
            model.step(&Op::Microtask);
        }
        for id in 0..model.awaits.len() {
            model.step(&Op::Poll { which: id, new_waker: false });
        }
        let leftover = model.awaits.iter().filter(|a| a.status == Status::Alive).count();
        prop_assert_eq!(model.table.live(), leftover);
    }
}

#[test]
fn a_call_that_settled_before_its_drop_is_never_aborted() {
    let mut table: Table<u64, &str> = Table::new();
    let key = table.claim(Some("abort"), 0).unwrap_or_else(|_| panic!());
    // JS settles; its reaction is queued. The future is dropped before it runs.
    assert!(matches!(table.abandon(key), Abandoned::Waiting(None, true)));
    // The reaction was queued before the check, so it runs first and disarms the abort.
    assert!(matches!(
        table.settle(key.index, Ok(1)),
        Settled::Freed(Ok(1), Some("abort"))
    ));
    assert!(table.check().is_none());
    assert_eq!(table.live(), 0);
}

#[test]
fn an_unsettled_call_is_aborted_by_the_check_once() {
    let mut table: Table<u64, &str> = Table::new();
    let key = table.claim(Some("abort"), 0).unwrap_or_else(|_| panic!());
    assert!(matches!(table.abandon(key), Abandoned::Waiting(None, true)));
    assert_eq!(table.check(), Some("abort"));
    assert!(table.check().is_none());
    // The promise settles later: the slot is freed, nothing left to abort.
    assert!(matches!(
        table.settle(key.index, Err(2)),
        Settled::Freed(Err(2), None)
    ));
    assert_eq!(table.live(), 0);
}

/// The owner an await claims with: its index (a few hundred at most here).
fn owner_of(id: usize) -> u32 {
    u32::try_from(id).expect("few awaits")
}
