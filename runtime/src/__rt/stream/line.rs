//! The line of an exported stream's requests (`next()` and `return()` calls from JS), in
//! call order (a leaf, free of JS: its property test runs on the host).
//!
//! Each request takes a ticket when JS makes it; only the request at the head of the line
//! acts on the stream (polls it, or drops it for `return()`), so requests are answered
//! in call order and the stream is polled only for the one at the head (pull-based, as
//! an async generator answers queued calls). When the head is answered, the next in line
//! is woken. Once the iteration is finished (the end, an error, `return()`, or a request
//! given up unanswered), every request, queued or new, is answered at once: they all get
//! the same answer (`{ value: undefined, done: true }`), so order no longer shows.
//!
//! | transition | from | to |
//! | --- | --- | --- |
//! | [`Line::enter`] | any | a ticket at the tail |
//! | [`Line::turn`] | a ticket | `Head` (act), `Wait` (its waker kept), or `Finished` |
//! | [`Line::answered`] | the head | the next ticket is the head; its waker returned |
//! | [`Line::finish`] | not finished | finished; every kept waker returned |
//!
//! Invariants (checked by the tests below over random schedules): at most one request
//! acts at a time, and only the oldest unanswered one; tickets are answered in the order
//! they were given until the line is finished; every kept waker is returned exactly once
//! (by `answered` when its turn comes, or by `finish`), so no request waits forever.

use std::collections::VecDeque;
use std::task::Waker;

/// A request's place in the line.
pub type Ticket = u64;

/// What a request may do when polled.
#[derive(Debug, PartialEq, Eq)]
pub enum Turn {
    /// It is the head: it acts on the stream.
    Head,
    /// Another request is ahead: it waits (its waker kept).
    Wait,
    /// The iteration is over: it is answered at once.
    Finished,
}

/// The requests of one exported stream.
#[derive(Default)]
pub struct Line {
    /// The ticket at the head.
    head: Ticket,
    /// The wakers of the requests from the head on (`None`: not polled yet).
    waiting: VecDeque<Option<Waker>>,
    finished: bool,
}

impl Line {
    /// A request joins the line; its ticket.
    pub fn enter(&mut self) -> Ticket {
        self.waiting.push_back(None);
        self.head + (self.waiting.len() as Ticket) - 1
    }

    /// The request `ticket` is polled with `waker`: whether it acts, waits or is answered
    /// at once. A replaced waker is returned to be dropped outside.
    pub fn turn(&mut self, ticket: Ticket, waker: &Waker) -> (Turn, Option<Waker>) {
        if self.finished {
            return (Turn::Finished, None);
        }
        if ticket == self.head {
            return (Turn::Head, None);
        }
        let slot = usize::try_from(ticket - self.head)
            .ok()
            .and_then(|at| self.waiting.get_mut(at));
        match slot {
            Some(slot) => {
                let replaced = match slot {
                    Some(kept) if kept.will_wake(waker) => None,
                    _ => slot.replace(waker.clone()),
                };
                (Turn::Wait, replaced)
            }
            // A ticket behind the head was answered already: a bug of ours.
            None => super::super::invariant::fail("a stream request polled after its answer"),
        }
    }

    /// The head was answered: the next request is the head. Returns its waker, to wake.
    pub fn answered(&mut self, ticket: Ticket) -> Option<Waker> {
        if self.finished || ticket != self.head {
            return None;
        }
        self.waiting.pop_front();
        self.head += 1;
        self.waiting.front_mut().and_then(Option::take)
    }

    /// The iteration is over: returns every kept waker, to wake (each request is then
    /// answered at once).
    pub fn finish(&mut self) -> Vec<Waker> {
        self.finished = true;
        self.waiting.drain(..).flatten().collect()
    }

    /// Whether the iteration is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::Wake;

    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        /// JS makes a request.
        Enter,
        /// The `n`-th live request (modulo) is polled; if it is the head, it is answered.
        Poll(usize),
        /// The head's stream ended (or failed, or `return()` dropped it).
        End,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::Enter),
            6 => (0usize..8).prop_map(Op::Poll),
            1 => Just(Op::End),
        ]
    }

    /// Wakes `waker` and records it on the one request whose counter it bumped (wakers
    /// are told apart by their counters: `will_wake` compares vtables, which Miri need
    /// not keep unique).
    fn wake_one(live: &mut [Request], waker: Waker) -> Result<(), TestCaseError> {
        waker.wake();
        let woken: Vec<&mut Request> = live
            .iter_mut()
            .filter(|r| r.count.0.load(Ordering::SeqCst) > r.woken)
            .collect();
        prop_assert_eq!(woken.len(), 1, "a returned waker is one live request's");
        for request in woken {
            request.woken += 1;
            request.asleep = false;
        }
        Ok(())
    }

    struct Request {
        ticket: Ticket,
        count: Arc<Count>,
        waker: Waker,
        /// Wakes expected: one per time its waker was returned.
        woken: usize,
        /// Told to wait, and not woken since.
        asleep: bool,
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: crate::__rt::invariant::proptest_cases(),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn requests_are_answered_in_order_and_none_waits_forever(ops in proptest::collection::vec(op(), 1..80)) {
            let mut line = Line::default();
            let mut live: Vec<Request> = Vec::new();
            let mut answered: Vec<Ticket> = Vec::new();
            let mut finished_at: Option<usize> = None;
            for op in ops {
                match op {
                    Op::Enter => {
                        let count = Arc::new(Count(AtomicUsize::new(0)));
                        let waker = Waker::from(Arc::clone(&count));
                        live.push(Request { ticket: line.enter(), count, waker, woken: 0, asleep: false });
                    }
                    Op::Poll(n) if !live.is_empty() => {
                        let i = n % live.len();
                        let (turn, replaced) = line.turn(live[i].ticket, &live[i].waker);
                        drop(replaced);
                        match turn {
                            Turn::Head => {
                                // Only the oldest unanswered request acts.
                                prop_assert!(live.iter().all(|r| r.ticket >= live[i].ticket));
                                let request = live.remove(i);
                                answered.push(request.ticket);
                                if let Some(next) = line.answered(request.ticket) {
                                    wake_one(&mut live, next)?;
                                }
                            }
                            Turn::Wait => {
                                prop_assert!(!line.is_finished());
                                live[i].asleep = true;
                            }
                            Turn::Finished => {
                                let request = live.remove(i);
                                answered.push(request.ticket);
                            }
                        }
                    }
                    Op::Poll(_) => {}
                    Op::End => {
                        if !line.is_finished() {
                            finished_at = Some(answered.len());
                            for waker in line.finish() {
                                wake_one(&mut live, waker)?;
                            }
                        }
                    }
                }
                // No lost wake: the oldest unanswered request, told to wait before, has
                // been woken since (it would wait forever otherwise).
                if !line.is_finished() {
                    if let Some(head) = live.iter().min_by_key(|r| r.ticket) {
                        prop_assert!(!head.asleep, "the head waits, never to be woken");
                    }
                }
                for request in &live {
                    prop_assert_eq!(request.count.0.load(Ordering::SeqCst), request.woken);
                }
            }
            // Until the line finished, answers came in ticket order.
            let ordered = &answered[..finished_at.unwrap_or(answered.len())];
            prop_assert!(ordered.windows(2).all(|pair| pair[0] < pair[1]), "{:?}", ordered);
            // Every waiting request that was ever polled is woken when the head moves on:
            // drain the line and check none is left waiting.
            for waker in line.finish() {
                wake_one(&mut live, waker)?;
            }
            for request in &live {
                prop_assert_eq!(request.count.0.load(Ordering::SeqCst), request.woken);
            }
        }
    }

    #[test]
    fn a_queued_request_is_woken_when_the_head_is_answered() {
        let mut line = Line::default();
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&count));
        let first = line.enter();
        let second = line.enter();
        assert_eq!(line.turn(second, &waker).0, Turn::Wait);
        assert_eq!(line.turn(first, Waker::noop()).0, Turn::Head);
        line.answered(first).expect("the second's waker").wake();
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        assert_eq!(line.turn(second, &waker).0, Turn::Head);
    }
}
