//! The reader against a scripted JS iterator: random iterators (items that fulfil or
//! reject after a random number of polls, `next()` that throws, results that are no
//! object, the end), sync or async, read by random schedules of polls and a drop. After
//! every step the host's records must satisfy the invariants of `machine`, and the items
//! must be the script's, in order.

use super::*;
use proptest::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::task::Waker;

/// What one `next()` of the scripted iterator does.
#[derive(Clone, Debug)]
enum Next {
    /// Throws.
    Throws,
    /// Returns something that is no iterator result (an async iterator's promise fulfils
    /// with it; a sync iterator returns it).
    NotAnObject,
    /// Done.
    Done,
    /// The item `n`, settling after `polls` pending polls: fulfilled, or rejected.
    Item { n: u32, polls: u8, rejects: bool },
}

/// What the host saw.
#[derive(Default)]
struct Records {
    nexts: usize,
    returns: usize,
    /// A `next()` result or value is being awaited.
    outstanding: bool,
    awaits_made: usize,
    awaits_dropped: usize,
    /// The reader reported the end or an error (the iterator finished).
    finished: bool,
    /// The reader was dropped (closed).
    closed: bool,
}

/// JS values of the script: an item, an iterator result, a reason, a non-object.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Item(u32),
    Result(Option<u32>),
    Reason(u32),
    NotAnObject,
}

struct Await {
    outcome: Result<Value, Value>,
    polls_left: u8,
    ready: bool,
    records: Rc<RefCell<Records>>,
}

impl Drop for Await {
    fn drop(&mut self) {
        self.records.borrow_mut().awaits_dropped += 1;
    }
}

struct Script {
    nexts: Vec<Next>,
    /// A sync iterator: results come at once, their values are awaited.
    sync: bool,
    records: Rc<RefCell<Records>>,
    /// The outcome of the await the next `await_value` starts.
    staged: Option<(Result<Value, Value>, u8)>,
}

impl Script {
    fn check_live(&self, what: &str) {
        let records = self.records.borrow();
        assert!(!records.finished, "{what} after the iterator finished");
        assert!(!records.closed, "{what} after the reader was closed");
    }
}

impl Host for Script {
    type Value = Value;
    type Await = Await;

    fn call_next(&mut self) -> Result<Value, Value> {
        self.check_live("next()");
        let mut records = self.records.borrow_mut();
        assert!(
            !records.outstanding,
            "next() while an earlier one is awaited"
        );
        let i = records.nexts;
        records.nexts += 1;
        let next = self.nexts.get(i).cloned().unwrap_or(Next::Done);
        drop(records);
        // The reason of a throw or a rejection is the index of the `next()`.
        let reason = u32::try_from(i).unwrap();
        // An async iterator's `next()` returns a promise (staged here) of the result; a
        // sync iterator's returns the result, whose value is then awaited.
        let (result, staged) = match next {
            Next::Throws => return Err(Value::Reason(reason)),
            Next::NotAnObject => (Value::NotAnObject, Ok(Value::NotAnObject)),
            // (A sync iterator's final value is awaited too: it fulfils.)
            Next::Done if self.sync => (Value::Result(None), Ok(Value::Item(u32::MAX))),
            Next::Done => (Value::Result(None), Ok(Value::Result(None))),
            Next::Item {
                n, rejects: true, ..
            } => (Value::Result(Some(n)), Err(Value::Reason(reason))),
            Next::Item { n, .. } if self.sync => (Value::Result(Some(n)), Ok(Value::Item(n))),
            Next::Item { n, .. } => (Value::Result(Some(n)), Ok(Value::Result(Some(n)))),
        };
        let polls = match next {
            Next::Item { polls, .. } => polls,
            _ => 0,
        };
        self.staged = Some((staged, polls));
        Ok(result)
    }

    fn await_value(&mut self, value: Value) -> Await {
        self.check_live("an await");
        let mut records = self.records.borrow_mut();
        assert!(!records.outstanding, "two awaits at once");
        records.outstanding = true;
        records.awaits_made += 1;
        drop(records);
        let (outcome, polls) = self.staged.take().expect("an await of the last next()");
        // What is awaited: the promise `next()` returned, or a sync result's value.
        if self.sync {
            assert!(
                matches!(value, Value::Item(_)),
                "a sync iterator's value awaited"
            );
        } else {
            assert!(
                matches!(value, Value::Result(_) | Value::NotAnObject),
                "next()'s promise awaited"
            );
        }
        Await {
            outcome,
            polls_left: polls,
            ready: false,
            records: Rc::clone(&self.records),
        }
    }

    fn poll_await(
        &mut self,
        pending: &mut Await,
        _: &mut Context<'_>,
    ) -> Poll<Result<Value, Value>> {
        self.check_live("a poll of an await");
        assert!(!pending.ready, "an await polled after it was ready");
        if pending.polls_left > 0 {
            pending.polls_left -= 1;
            return Poll::Pending;
        }
        pending.ready = true;
        self.records.borrow_mut().outstanding = false;
        Poll::Ready(pending.outcome.clone())
    }

    fn read_result(&mut self, result: Value, always: bool) -> Result<Read<Value>, Value> {
        assert_eq!(
            always, self.sync,
            "a sync iterator's final value is read, an async one's not"
        );
        match result {
            Value::Result(None) if always => Ok(Read::Done(Some(Value::Item(u32::MAX)))),
            Value::Result(None) => Ok(Read::Done(None)),
            Value::Result(Some(n)) => Ok(Read::Item(Value::Item(n))),
            Value::NotAnObject => Err(Value::NotAnObject),
            other => panic!("read_result of {other:?}"),
        }
    }

    fn call_return(&mut self) {
        self.check_live("return()");
        let mut records = self.records.borrow_mut();
        assert_eq!(records.returns, 0, "return() twice");
        records.returns += 1;
    }
}

fn next_strategy() -> impl Strategy<Value = Next> {
    prop_oneof![
        1 => Just(Next::Throws),
        1 => Just(Next::NotAnObject),
        1 => Just(Next::Done),
        6 => (0u32..1000, 0u8..3, proptest::bool::weighted(0.15))
            .prop_map(|(n, polls, rejects)| Next::Item { n, polls, rejects }),
    ]
}

/// What the model expects a sequence of `next()`s to yield: the items up to the first
/// throw, rejection, non-object or end (an error item, then the end).
fn expected(nexts: &[Next]) -> Vec<Result<Value, Value>> {
    let mut out = Vec::new();
    for (i, next) in nexts.iter().enumerate() {
        let reason = u32::try_from(i).unwrap();
        match next {
            Next::Throws | Next::Item { rejects: true, .. } => {
                out.push(Err(Value::Reason(reason)));
                return out;
            }
            Next::NotAnObject => {
                out.push(Err(Value::NotAnObject));
                return out;
            }
            Next::Done => return out,
            Next::Item { n, .. } => out.push(Ok(Value::Item(*n))),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reads_as_for_await_does(
        nexts in proptest::collection::vec(next_strategy(), 0..8),
        sync in any::<bool>(),
        polls_before_drop in 0usize..30,
        failed in proptest::bool::weighted(0.1),
    ) {
        let records = Rc::new(RefCell::new(Records::default()));
        let script = Script { nexts: nexts.clone(), sync, records: Rc::clone(&records), staged: None };
        let mut reader = if failed {
            Reader::failed(script, Value::Reason(999))
        } else {
            Reader::new(script, sync)
        };
        let want = if failed { vec![Err(Value::Reason(999))] } else { expected(&nexts) };
        let mut got = Vec::new();
        let mut cx = Context::from_waker(Waker::noop());
        let mut ended = false;
        for _ in 0..polls_before_drop {
            match reader.poll_next(&mut cx) {
                Step::Pending => prop_assert!(!ended),
                Step::Item(item) => {
                    prop_assert!(!ended, "an item after the end");
                    if item.is_err() {
                        records.borrow_mut().finished = true;
                    }
                    got.push(item);
                }
                Step::End => {
                    records.borrow_mut().finished = true;
                    ended = true;
                }
            }
            prop_assert_eq!(reader.is_finished(), records.borrow().finished || (failed && !got.is_empty()));
        }
        // What was read is a prefix of the script's items.
        prop_assert!(want.starts_with(&got), "got {:?}, want {:?}", got, want);
        let finished = reader.is_finished();
        let closed = reader.close();
        // (A reader that never had an iterator has nothing to close.)
        prop_assert_eq!(closed, !finished && !failed, "closed exactly when not finished");
        records.borrow_mut().closed = true;
        // Polls after the drop's transition: nothing reaches the host.
        prop_assert_eq!(reader.poll_next(&mut cx), Step::End);
        drop(reader);
        let records = records.borrow();
        prop_assert_eq!(records.returns, usize::from(closed));
        prop_assert_eq!(records.awaits_made, records.awaits_dropped, "every await dropped once");
    }
}

#[test]
fn a_sync_iterator_awaits_its_values_and_stops_at_done() {
    let records = Rc::new(RefCell::new(Records::default()));
    let script = Script {
        nexts: vec![
            Next::Item {
                n: 1,
                polls: 1,
                rejects: false,
            },
            Next::Done,
        ],
        sync: true,
        records: Rc::clone(&records),
        staged: None,
    };
    let mut reader = Reader::new(script, true);
    let mut cx = Context::from_waker(Waker::noop());
    assert_eq!(reader.poll_next(&mut cx), Step::Pending);
    assert_eq!(reader.poll_next(&mut cx), Step::Item(Ok(Value::Item(1))));
    assert_eq!(reader.poll_next(&mut cx), Step::End);
    assert!(!reader.close(), "a finished iterator is not closed");
    assert_eq!(records.borrow().returns, 0);
}
