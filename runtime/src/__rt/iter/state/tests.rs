//! The machine against a scripted Rust iterator: random scripts (items, errors, the end,
//! items whose `next()` first makes a re-entrant request, `next()`s and `Drop`s that
//! panic and unwind), driven by random schedules of `next()`, `return()` and the
//! finalizer. After every request the iterator's records must satisfy the invariants of
//! `state`, and the answers must be the script's, in order.

use super::*;
use proptest::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::{Rc, Weak};

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
}

#[derive(Default)]
struct Records {
    polls: usize,
    drops: usize,
    /// The iterator gave its end or an error, or panicked.
    finished: bool,
    /// What the re-entrant requests were answered.
    reentrant: Vec<Answer<u32, u32>>,
}

struct Script {
    outs: Vec<Out>,
    records: Rc<RefCell<Records>>,
    machine: Weak<RefCell<Machine<Script>>>,
    /// Its `Drop` panics.
    drop_panics: bool,
}

impl Iterator for Script {
    type Item = Result<u32, u32>;

    fn next(&mut self) -> Option<Result<u32, u32>> {
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
                    finish(&machine)
                } else {
                    next(&machine)
                };
                self.records.borrow_mut().reentrant.push(answer);
                Some(Ok(n))
            }
            Out::Panics => {
                self.records.borrow_mut().finished = true;
                panic!("the script panics");
            }
        }
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let mut records = self.records.borrow_mut();
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
    ]
}

fn request_strategy() -> impl Strategy<Value = Request> {
    prop_oneof![8 => Just(Request::Next), 1 => Just(Request::Return), 1 => Just(Request::Collect)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn answers_as_a_generator_does(
        outs in proptest::collection::vec(out_strategy(), 0..8),
        requests in proptest::collection::vec(request_strategy(), 0..12),
        drop_panics in proptest::bool::weighted(0.1),
    ) {
        let records = Rc::new(RefCell::new(Records::default()));
        let machine = Rc::new_cyclic(|weak| RefCell::new(Machine::Suspended(Script {
            outs: outs.clone(),
            records: Rc::clone(&records),
            machine: weak.clone(),
            drop_panics,
        })));
        // The model: the script's position, and whether the iteration is over.
        let mut position = 0;
        let mut over = false;
        let mut reentrant_seen = 0;
        for request in requests {
            let outcome = catch_unwind(AssertUnwindSafe(|| match request {
                Request::Next => Some(next::<_, u32, u32>(&machine)),
                Request::Return => Some(finish::<_, u32, u32>(&machine)),
                Request::Collect => {
                    let iterator = machine.borrow_mut().take();
                    drop(iterator);
                    None
                }
            }));
            let unwound = outcome.is_err();
            let answer = outcome.ok().flatten();
            match request {
                Request::Next if !over => {
                    let out = outs.get(position).cloned().unwrap_or(Out::End);
                    position += 1;
                    match out {
                        Out::Item(n) => prop_assert_eq!(answer, Some(Answer::Item(n))),
                        Out::Reenter { n, .. } => {
                            prop_assert_eq!(answer, Some(Answer::Item(n)));
                            // The re-entrant request found the iterator running.
                            let reentrant = &records.borrow().reentrant;
                            prop_assert_eq!(reentrant.len(), reentrant_seen + 1);
                            prop_assert_eq!(&reentrant[reentrant_seen], &Answer::Busy);
                            reentrant_seen += 1;
                        }
                        Out::Error(n) => {
                            // (Unless the drop of the finished iterator unwound.)
                            if !drop_panics {
                                prop_assert_eq!(answer, Some(Answer::Error(n)));
                            }
                            over = true;
                        }
                        Out::End => {
                            if !drop_panics {
                                prop_assert_eq!(answer, Some(Answer::End));
                            }
                            over = true;
                        }
                        Out::Panics => {
                            prop_assert!(unwound, "the panic unwound out of the request");
                            over = true;
                        }
                    }
                }
                Request::Next | Request::Return if over => {
                    prop_assert!(!unwound);
                    prop_assert_eq!(answer, Some(Answer::End));
                }
                Request::Return => {
                    prop_assert!(answer == Some(Answer::End) || (drop_panics && unwound));
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
        // (A `Drop` that panics unwinds out of the machine's drop too.)
        let _ = catch_unwind(AssertUnwindSafe(|| drop(machine)));
        // A machine dropped with its iterator drops it (once).
        let records = records.borrow();
        prop_assert_eq!(records.drops, 1);
        prop_assert_eq!(records.polls, polls);
    }
}

#[test]
fn a_reentrant_next_is_busy_and_the_iteration_goes_on() {
    let records = Rc::new(RefCell::new(Records::default()));
    let machine = Rc::new_cyclic(|weak| {
        RefCell::new(Machine::Suspended(Script {
            outs: vec![
                Out::Reenter {
                    n: 1,
                    returns: false,
                },
                Out::Item(2),
            ],
            records: Rc::clone(&records),
            machine: weak.clone(),
            drop_panics: false,
        }))
    });
    assert_eq!(next::<_, u32, u32>(&machine), Answer::Item(1));
    assert_eq!(records.borrow().reentrant, vec![Answer::Busy]);
    assert_eq!(next::<_, u32, u32>(&machine), Answer::Item(2));
    assert_eq!(next::<_, u32, u32>(&machine), Answer::End);
    assert_eq!(next::<_, u32, u32>(&machine), Answer::End);
    assert_eq!(records.borrow().drops, 1);
}
