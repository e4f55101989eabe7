//! Stream exports: a Rust `Stream` handed to JS as an async iterator object (`next()`,
//! `return(value)`, `[Symbol.asyncIterator]()` returning itself), so that `for await`
//! reads it and `break` drops it (on top of `line`, the order of requests, and the export
//! driver, which polls each request as it polls an async export).
//!
//! Each `next()` or `return()` call is one request: a future spawned as an async export
//! is (its promise is the call's; a panic while polling rejects it and poisons the
//! instance, as for async exports), which waits for its turn in the iterator's line and
//! then acts on the stream:
//! - `next()` polls the stream: an item is `{ value, done: false }`; an `Err` item rejects
//!   with its error and ends the iteration; the end is `{ value: undefined, done: true }`;
//! - `return(value)` drops the stream and is `{ value, done: true }`.
//!
//! Once the iteration is over, every request is `{ value: undefined, done: true }` (or
//! `{ value, done: true }` for `return(value)`), at once. After a panic trapped anywhere
//! (`panic = "abort"`), every request rejects without reaching the stream. The stream is dropped when the
//! iteration ends, on `return()`, or when a request is given up unanswered (its
//! `abortable` signal aborted), and then never polled again.
//!
//! The iterator's two methods are closures of its own, owned by the object (freed with it
//! by wasm-bindgen's finalization, which then drops a stream JS left unfinished, unless
//! the instance is poisoned): no callback of ours is shared between iterators.

use core::cell::RefCell;
use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsValue;

use super::super::abort::abortable;
use super::super::invariant::{fail, transition};
use super::super::keys::{iterator_object, result};
use super::line::{Line, Ticket, Turn};

/// A future of a request's answer, boxed for the spawner.
pub type Request = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// How a request's future becomes its promise: the export driver's `future_to_promise`
/// (the generated support module's, which the user's cfgs choose).
pub type Spawn = fn(Request) -> JsValue;

type Items = Pin<Box<dyn futures_core::Stream<Item = Result<JsValue, JsValue>>>>;

/// One exported stream: its line of requests and the stream (out of the cell while the
/// head polls it; `None` once the iteration is over).
struct Iter {
    line: Line,
    stream: Option<Items>,
}

impl Drop for Iter {
    fn drop(&mut self) {
        // The iterator object was collected by JS (its closures, which own this, are
        // finalized). After a panic trapped or poisoned the instance, no code of the
        // user's runs again, not even a destructor: a stream still held is leaked.
        if super::super::panic::trapped_or_poisoned() {
            if let Some(stream) = self.stream.take() {
                core::mem::forget(stream);
            }
        }
    }
}

/// The user's stream (boxed: pinned where it is), each item converted for JS (`Err`: that
/// `next()` rejects).
struct Converted<S, F> {
    stream: Pin<Box<S>>,
    convert: F,
}

// `convert` is never pinned (only called through `&mut`), and the stream is pinned in its
// own box: moving a `Converted` moves neither.
impl<S, F> Unpin for Converted<S, F> {}

impl<S, F> futures_core::Stream for Converted<S, F>
where
    S: futures_core::Stream,
    F: FnMut(S::Item) -> Result<JsValue, JsValue>,
{
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.stream.as_mut().poll_next(cx) {
            Poll::Ready(Some(item)) => Poll::Ready(Some((this.convert)(item))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The iterator object JS gets for `stream`: each item made a JS value (or an error) by
/// `convert`; each request spawned by `spawn`; with `signal` (an `abortable` export's
/// optional last argument), each request is abortable, and an abort drops the stream.
pub fn export_stream<S, F>(stream: S, convert: F, signal: Option<JsValue>, spawn: Spawn) -> JsValue
where
    S: futures_core::Stream + 'static,
    F: FnMut(S::Item) -> Result<JsValue, JsValue> + 'static,
{
    let iter = Rc::new(RefCell::new(Iter {
        line: Line::default(),
        stream: Some(Box::pin(Converted {
            stream: Box::pin(stream),
            convert,
        })),
    }));
    // (`AssertUnwindSafe`: with `panic = "unwind"` wasm-bindgen asks the closures to be
    // unwind-safe. A request only takes a ticket and spawns its future, which the driver
    // polls inside its own catch; nothing is left half-updated by an unwind here.)
    let next = {
        let (iter, signal) = (AssertUnwindSafe(Rc::clone(&iter)), signal.clone());
        Closure::<dyn Fn() -> JsValue>::new(move || {
            // (The whole wrapper captured, not its field.)
            let iter = &iter;
            request(&iter.0, Act::Next, signal.clone(), spawn)
        })
        .into_js_value()
    };
    let iter = AssertUnwindSafe(iter);
    let return_ = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |value| {
        let iter = &iter;
        request(&iter.0, Act::Return(value), signal.clone(), spawn)
    })
    .into_js_value();
    iterator_object(|keys| &keys.async_iterator_proto, &next, &return_)
}

/// What a request does when its turn comes.
enum Act {
    Next,
    Return(JsValue),
}

/// What a request rejects with once a panic trapped.
fn trapped_error() -> JsValue {
    wasm_bindgen::JsError::new(
        "an exported stream was read after a panic trapped in this instance; create a new \
         instance",
    )
    .into()
}

/// A request: its promise.
fn request(iter: &Rc<RefCell<Iter>>, act: Act, signal: Option<JsValue>, spawn: Spawn) -> JsValue {
    let (ticket, finished) = transition(iter, "an exported stream borrowed twice", |iter| {
        (iter.line.enter(), iter.line.is_finished())
    });
    // Once the iteration is over there is no stream left to abort: a signal aborted
    // since (a `finally { controller.abort() }` after `for await`) changes no answer.
    let signal = signal.filter(|_| !finished);
    let answer = Answer {
        iter: Rc::clone(iter),
        ticket,
        act: Some(act),
    };
    match signal {
        Some(signal) => spawn(Box::pin(abortable(Some(signal), answer))),
        None => spawn(Box::pin(answer)),
    }
}

/// A request's future: waits for its turn, then acts.
struct Answer {
    iter: Rc<RefCell<Iter>>,
    ticket: Ticket,
    /// `None` once answered (a request dropped before that ends the iteration).
    act: Option<Act>,
}

impl Future for Answer {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if super::super::panic::trapped_or_poisoned() {
            // A panic trapped since (outside the driver, which would have poisoned the
            // instance and not polled this): the stream is not reached again, and this
            // request is given up as answered (its drop then touches nothing).
            self.act = None;
            return Poll::Ready(Err(trapped_error()));
        }
        let ticket = self.ticket;
        let (turn, replaced) =
            transition(&self.iter, "an exported stream borrowed twice", |iter| {
                iter.line.turn(ticket, cx.waker())
            });
        drop(replaced);
        match turn {
            Turn::Wait => Poll::Pending,
            Turn::Finished => {
                let answer = match self.act.take() {
                    Some(Act::Next) => result(&JsValue::UNDEFINED, true),
                    Some(Act::Return(value)) => result(&value, true),
                    None => fail("a stream request polled after its answer"),
                };
                Poll::Ready(Ok(answer))
            }
            Turn::Head => self.act_as_head(cx),
        }
    }
}

impl Answer {
    /// The head acts: polls the stream (taken out of the cell while the user's code runs)
    /// or drops it. `act` stays set until the answer: a panic that unwinds from the poll
    /// leaves it set, and the drop then ends the iteration.
    fn act_as_head(&mut self, cx: &mut Context<'_>) -> Poll<Result<JsValue, JsValue>> {
        let stream = transition(&self.iter, "an exported stream borrowed twice", |iter| {
            iter.stream.take()
        });
        let Some(mut stream) = stream else {
            fail("the head of a stream's line found no stream")
        };
        let answer = match &self.act {
            None => fail("a stream request polled after its answer"),
            Some(Act::Return(value)) => {
                drop(stream);
                Ok(result(value, true))
            }
            Some(Act::Next) => match stream.as_mut().poll_next(cx) {
                Poll::Pending => {
                    transition(&self.iter, "an exported stream borrowed twice", |iter| {
                        iter.stream = Some(stream);
                    });
                    return Poll::Pending;
                }
                Poll::Ready(Some(Ok(value))) => {
                    transition(&self.iter, "an exported stream borrowed twice", |iter| {
                        iter.stream = Some(stream);
                    });
                    let next =
                        transition(&self.iter, "an exported stream borrowed twice", |iter| {
                            iter.line.answered(self.ticket)
                        });
                    self.act = None;
                    if let Some(next) = next {
                        next.wake();
                    }
                    return Poll::Ready(Ok(result(&value, false)));
                }
                Poll::Ready(Some(Err(error))) => {
                    drop(stream);
                    Err(error)
                }
                Poll::Ready(None) => {
                    drop(stream);
                    Ok(result(&JsValue::UNDEFINED, true))
                }
            },
        };
        self.act = None;
        self.finish();
        Poll::Ready(answer)
    }

    /// The iteration is over (the stream was dropped): every waiting request is woken,
    /// to be answered at once.
    fn finish(&self) {
        let wakers = transition(&self.iter, "an exported stream borrowed twice", |iter| {
            iter.line.finish()
        });
        for waker in wakers {
            waker.wake();
        }
    }
}

impl Drop for Answer {
    fn drop(&mut self) {
        if self.act.is_none() {
            return;
        }
        // Given up unanswered (its `abortable` signal aborted, or a panic unwound from
        // its poll): the iteration ends here, the stream dropped (outside the cell: it is
        // the user's code).
        let stream = transition(&self.iter, "an exported stream borrowed twice", |iter| {
            if iter.line.is_finished() {
                None
            } else {
                iter.stream.take()
            }
        });
        drop(stream);
        self.finish();
    }
}

/// An item (or an item's error) a stream or iterator export hands to JS: anything
/// `Into<JsValue>`, as an async export's value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a stream or iterator export's item",
    label = "not convertible into a JS value",
    note = "a stream or iterator export's items (and the errors of `Result` items) are what \
            an async export may resolve to: numbers, `bool`, `String`, `JsValue`, `JsCast` \
            types, exported structs (anything `Into<JsValue>`)"
)]
pub trait ExportItem {
    /// The JS value.
    fn into_js(self) -> JsValue;
}

impl<T: Into<JsValue>> ExportItem for T {
    #[inline]
    fn into_js(self) -> JsValue {
        self.into()
    }
}
