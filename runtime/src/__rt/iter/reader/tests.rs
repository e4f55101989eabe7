//! The reader against a scripted JS sync iterator: random iterators (items, `next()` that
//! throws, results that are no object, the end), read by random numbers of `next`s and a
//! drop. After every step the host's records must satisfy the invariants of `reader`, and
//! the items must be the script's, in order.

use super::*;
use proptest::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// What one `next()` of the scripted iterator does.
#[derive(Clone, Debug)]
enum Next {
    Throws,
    NotAnObject,
    Done,
    Item(u32),
}

#[derive(Default)]
struct Records {
    nexts: usize,
    returns: usize,
    /// The reader ended or gave an error (the iterator finished).
    finished: bool,
    /// The reader was dropped (closed).
    closed: bool,
}

/// JS values of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Item(u32),
    Result(Option<u32>),
    Reason(u32),
    NotAnObject,
}

struct Script {
    nexts: Vec<Next>,
    records: Rc<RefCell<Records>>,
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

    fn call_next(&mut self) -> Result<Value, Value> {
        self.check_live("next()");
        let i = {
            let mut records = self.records.borrow_mut();
            records.nexts += 1;
            records.nexts - 1
        };
        match self.nexts.get(i).cloned().unwrap_or(Next::Done) {
            // The reason of a throw is the index of the `next()`.
            Next::Throws => Err(Value::Reason(u32::try_from(i).unwrap())),
            Next::NotAnObject => Ok(Value::NotAnObject),
            Next::Done => Ok(Value::Result(None)),
            Next::Item(n) => Ok(Value::Result(Some(n))),
        }
    }

    fn read_result(&mut self, result: Value) -> Result<Option<Value>, Value> {
        match result {
            Value::Result(item) => Ok(item.map(Value::Item)),
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
        6 => (0u32..1000).prop_map(Next::Item),
    ]
}

/// What `for ... of` would see: the items up to the first throw, non-object or end (an
/// error, then the end).
fn expected(nexts: &[Next]) -> Vec<Result<Value, Value>> {
    let mut out = Vec::new();
    for (i, next) in nexts.iter().enumerate() {
        match next {
            Next::Throws => {
                out.push(Err(Value::Reason(u32::try_from(i).unwrap())));
                return out;
            }
            Next::NotAnObject => {
                out.push(Err(Value::NotAnObject));
                return out;
            }
            Next::Done => return out,
            Next::Item(n) => out.push(Ok(Value::Item(*n))),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reads_as_for_of_does(
        nexts in proptest::collection::vec(next_strategy(), 0..8),
        reads in 0usize..12,
        failed in proptest::bool::weighted(0.1),
    ) {
        let records = Rc::new(RefCell::new(Records::default()));
        let script = Script { nexts: nexts.clone(), records: Rc::clone(&records) };
        let mut reader = if failed {
            Reader::failed(script, Value::Reason(999))
        } else {
            Reader::new(script)
        };
        let want = if failed { vec![Err(Value::Reason(999))] } else { expected(&nexts) };
        let mut got = Vec::new();
        let mut ended = false;
        for _ in 0..reads {
            if let Some(item) = reader.next() {
                prop_assert!(!ended, "an item after the end");
                if item.is_err() {
                    records.borrow_mut().finished = true;
                }
                got.push(item);
            } else {
                records.borrow_mut().finished = true;
                ended = true;
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
        // Reads after the drop's transition: nothing reaches the host.
        prop_assert_eq!(reader.next(), None);
        prop_assert_eq!(records.borrow().returns, usize::from(closed));
    }
}
