//! The machine against a scripted Rust iterator: random scripts (items, errors, the end,
//! items whose `next()` first makes a re-entrant request, `next()`s and `Drop`s that
//! panic and unwind, a `next()` in which a panic trapped and JS caught the trap), driven
//! by random schedules of `next()`, `return()` and the finalizer. After every request the
//! iterator's records must satisfy the invariants of `state`, and the answers must be the
//! script's, in order.

use super::*;
use proptest::prelude::*;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::{Rc, Weak};

thread_local! {
    /// A panic trapped (what `panic = "abort"` leaves: the standard library panicking).
    static TRAPPED: Cell<bool> = const { Cell::new(false) };
}

fn trapped() -> bool {
    TRAPPED.with(Cell::get)
}

fn set_trapped(value: bool) {
    TRAPPED.with(|trapped| trapped.set(value));
}

/// What one `next()` of the scripted iterator does.
#[derive(Clone, Debug)]
enum Out {
    Item(u32),
    Error(u32),
    End,
    /// Makes a re-entrant `next()` (or `return()`) request of its own iterator first,
    /// then gives the item.
    Reenter {
        n: u32,
        returns: bool,
    },
    /// Panics (unwinding).
    Panics,
    /// A panic trapped inside (JS caught the trap), then gives the item.
    Traps(u32),
}

/// An answer, comparable (for a trapped one: whether it handed the iterator back).
#[derive(Debug, PartialEq, Eq)]
enum Shown {
    Item(u32),
    End,
    Error(u32),
    Busy,
    Trapped { held: bool },
}

/// `answer`, shown; a trapped answer's iterator is leaked as the JS layer leaks it (here:
/// dropped without counting as its drop).
fn shown(answer: Answer<Script, u32, u32>) -> Shown {
    match answer {
        Answer::Item(n) => Shown::Item(n),
        Answer::End => Shown::End,
        Answer::Error(n) => Shown::Error(n),
        Answer::Busy => Shown::Busy,
        Answer::Trapped(iterator) => {
            let held = iterator.is_some();
            if let Some(mut iterator) = iterator {
                iterator.leaked = true;
            }
            Shown::Trapped { held }
        }
    }
}

#[derive(Default)]
struct Records {
    polls: usize,
    drops: usize,
    /// Leaked after a trap (dropped by the test without being the iterator's drop).
    leaks: usize,
    /// The iterator gave its end or an error, or panicked.
    finished: bool,
    /// What the re-entrant requests were answered.
    reentrant: Vec<Shown>,
}

struct Script {
    outs: Vec<Out>,
    records: Rc<RefCell<Records>>,
    machine: Weak<RefCell<Machine<Script>>>,
    /// Its `Drop` panics.
    drop_panics: bool,
    /// Handed back by a trapped request: leaked, not dropped.
    leaked: bool,
}

impl Iterator for Script {
    type Item = Result<u32, u32>;

    fn next(&mut self) -> Option<Result<u32, u32>> {
        assert!(!trapped(), "polled after a trap");
        let i = {
            let mut records = self.records.borrow_mut();
            assert!(
                !records.finished,
                "polled after the end, an error or a panic"
            );
            assert_eq!(records.drops, 0, "polled after the drop");
            records.polls += 1;
            records.polls - 1
        };
        match self.outs.get(i).cloned().unwrap_or(Out::End) {
            Out::Item(n) => Some(Ok(n)),
            Out::Error(n) => {
                self.records.borrow_mut().finished = true;
                Some(Err(n))
            }
            Out::End => {
                self.records.borrow_mut().finished = true;
                None
            }
            Out::Reenter { n, returns } => {
                let machine = self.machine.upgrade().expect("the machine");
                let answer = if returns {
                    finish(&machine, trapped)
                } else {
                    next(&machine, trapped)
                };
                self.records.borrow_mut().reentrant.push(shown(answer));
                Some(Ok(n))
            }
            Out::Panics => {
                self.records.borrow_mut().finished = true;
                panic!("the script panics");
            }
            Out::Traps(n) => {
                set_trapped(true);
                Some(Ok(n))
            }
        }
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let mut records = self.records.borrow_mut();
        if self.leaked {
            records.leaks += 1;
            return;
        }
        assert!(!trapped(), "dropped after a trap");
        records.drops += 1;
        assert_eq!(records.drops, 1, "dropped twice");
        drop(records);
        assert!(
            !self.drop_panics || std::thread::panicking(),
            "the script's drop panics"
        );
    }
}

#[derive(Clone, Copy, Debug)]
enum Request {
    Next,
    Return,
    /// The iterator object was collected.
    Collect,
}

fn out_strategy() -> impl Strategy<Value = Out> {
    prop_oneof![
        6 => (0u32..1000).prop_map(Out::Item),
        1 => (0u32..1000).prop_map(Out::Error),
        1 => Just(Out::End),
        2 => (0u32..1000, any::<bool>()).prop_map(|(n, returns)| Out::Reenter { n, returns }),
        1 => Just(Out::Panics),
        1 => (0u32..1000).prop_map(Out::Traps),
    ]
}

fn request_strategy() -> impl Strategy<Value = Request> {
    prop_oneof![8 => Just(Request::Next), 1 => Just(Request::Return), 1 => Just(Request::Collect)]
}

fn machine_of(
    outs: Vec<Out>,
    records: &Rc<RefCell<Records>>,
    drop_panics: bool,
) -> Rc<RefCell<Machine<Script>>> {
    Rc::new_cyclic(|weak| {
        RefCell::new(Machine::Suspended(Script {
            outs,
            records: Rc::clone(records),
            machine: weak.clone(),
            drop_panics,
            leaked: false,
        }))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn answers_as_a_generator_does(
        outs in proptest::collection::vec(out_strategy(), 0..8),
        requests in proptest::collection::vec(request_strategy(), 0..12),
        drop_panics in proptest::bool::weighted(0.1),
    ) {
        set_trapped(false);
        let records = Rc::new(RefCell::new(Records::default()));
        let machine = machine_of(outs.clone(), &records, drop_panics);
        // The model: the script's position, whether the iteration is over, whether a
        // panic trapped.
        let mut position = 0;
        let mut over = false;
        let mut was_trapped = false;
        let mut reentrant_seen = 0;
        for request in requests {
            let outcome = catch_unwind(AssertUnwindSafe(|| match request {
                Request::Next => Some(shown(next::<_, u32, u32>(&machine, trapped))),
                Request::Return => Some(shown(finish::<_, u32, u32>(&machine, trapped))),
                Request::Collect => {
                    // (The finalizer leaks what it takes after a trap.)
                    if let Some(mut iterator) = machine.borrow_mut().take() {
                        iterator.leaked = trapped();
                    }
                    None
                }
            }));
            let unwound = outcome.is_err();
            let answer = outcome.ok().flatten();
            if was_trapped {
                // Nothing reaches the iterator again: every request says so.
                prop_assert!(!unwound);
                if !matches!(request, Request::Collect) {
                    prop_assert_eq!(answer, Some(Shown::Trapped { held: false }));
                }
                prop_assert_eq!(records.borrow().drops, usize::from(over));
                continue;
            }
            match request {
                Request::Next if !over => {
                    let out = outs.get(position).cloned().unwrap_or(Out::End);
                    position += 1;
                    match out {
                        Out::Item(n) => prop_assert_eq!(answer, Some(Shown::Item(n))),
                        Out::Reenter { n, .. } => {
                            prop_assert_eq!(answer, Some(Shown::Item(n)));
                            // The re-entrant request found the iterator running.
                            let reentrant = &records.borrow().reentrant;
                            prop_assert_eq!(reentrant.len(), reentrant_seen + 1);
                            prop_assert_eq!(&reentrant[reentrant_seen], &Shown::Busy);
                            reentrant_seen += 1;
                        }
                        Out::Error(n) => {
                            // (Unless the drop of the finished iterator unwound.)
                            if !drop_panics {
                                prop_assert_eq!(answer, Some(Shown::Error(n)));
                            }
                            over = true;
                        }
                        Out::End => {
                            if !drop_panics {
                                prop_assert_eq!(answer, Some(Shown::End));
                            }
                            over = true;
                        }
                        Out::Panics => {
                            prop_assert!(unwound, "the panic unwound out of the request");
                            over = true;
                        }
                        Out::Traps(_) => {
                            // The item is not handed out; the iterator is handed back to
                            // be leaked, and the machine stays running.
                            prop_assert_eq!(answer, Some(Shown::Trapped { held: true }));
                            prop_assert_eq!(records.borrow().leaks, 1);
                            prop_assert!(matches!(*machine.borrow(), Machine::Running));
                            was_trapped = true;
                            continue;
                        }
                    }
                }
                Request::Next | Request::Return if over => {
                    prop_assert!(!unwound);
                    prop_assert_eq!(answer, Some(Shown::End));
                }
                Request::Return => {
                    prop_assert!(answer == Some(Shown::End) || (drop_panics && unwound));
                    over = true;
                }
                Request::Collect => over = true,
                Request::Next => unreachable!(),
            }
            // The iterator is dropped exactly when the iteration is over.
            prop_assert_eq!(records.borrow().drops, usize::from(over));
            prop_assert!(matches!(*machine.borrow(), Machine::Done) == over);
        }
        let polls = records.borrow().polls;
        if !was_trapped {
            // (A `Drop` that panics unwinds out of the machine's drop too.)
            let _ = catch_unwind(AssertUnwindSafe(|| drop(machine)));
            // A machine dropped with its iterator drops it (once).
            let records = records.borrow();
            prop_assert_eq!(records.drops, 1);
            prop_assert_eq!(records.polls, polls);
        }
        set_trapped(false);
    }
}

#[test]
fn a_reentrant_next_is_busy_and_the_iteration_goes_on() {
    let records = Rc::new(RefCell::new(Records::default()));
    let machine = machine_of(
        vec![
            Out::Reenter {
                n: 1,
                returns: false,
            },
            Out::Item(2),
        ],
        &records,
        false,
    );
    let next = || shown(next::<_, u32, u32>(&machine, trapped));
    assert_eq!(next(), Shown::Item(1));
    assert_eq!(records.borrow().reentrant, vec![Shown::Busy]);
    assert_eq!(next(), Shown::Item(2));
    assert_eq!(next(), Shown::End);
    assert_eq!(next(), Shown::End);
    assert_eq!(records.borrow().drops, 1);
}
