//! Stream imports: a JS async iterable (or sync iterable, adopted as `for await` adopts
//! it) read as a Rust `Stream` (on top: `machine` holds the states, `table` awaits each
//! step).
//!
//! The iterator is taken when the Rust function is called, as `for await` takes it when
//! its loop starts: `value[Symbol.asyncIterator]()`, else `value[Symbol.iterator]()`.
//! Each poll that needs an item calls `next()` once and awaits its promise through the
//! await table (no closure per item); a sync iterator's result is read at once and its
//! `value` awaited. Dropping the stream before the end calls `return()` once (a
//! generator's `finally` runs, a `ReadableStream` is cancelled) and, for `abortable`,
//! aborts the signal.

mod export;
mod line;
mod machine;

pub use export::{export_stream, ExportItem, Request, Spawn};

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use wasm_bindgen::{JsCast, JsValue};

use super::abort::Abort;
use super::foreign::{caught, JsIterator};
use super::js;
use super::keys::with_keys;
use super::local::ThreadBound;
use super::table::{self, Settle};
use machine::{Host, Read, Reader, Step};

impl Host for JsIterator {
    type Value = JsValue;
    type Await = Settle;

    fn call_next(&mut self) -> Result<JsValue, JsValue> {
        JsIterator::call_next(self)
    }

    fn await_value(&mut self, value: JsValue) -> Settle {
        table::settle(value)
    }

    fn poll_await(
        &mut self,
        pending: &mut Settle,
        cx: &mut Context<'_>,
    ) -> Poll<Result<JsValue, JsValue>> {
        Pin::new(pending).poll(cx)
    }

    fn read_result(&mut self, result: JsValue, always: bool) -> Result<Read<JsValue>, JsValue> {
        Ok(match JsIterator::read(&result, always)? {
            (true, value) => Read::Done(value),
            (false, value) => Read::Item(value.unwrap_or(JsValue::UNDEFINED)),
        })
    }

    fn call_return(&mut self) {
        // Nobody awaits it: a rejection (a generator's `finally` that throws) must not
        // surface as an unhandled one.
        if let Some(outcome) = JsIterator::call_return(self) {
            if let Ok(promise) = js::promise_resolve(&outcome) {
                with_keys(|keys| {
                    js::then_adopted(&promise, &JsValue::UNDEFINED, &keys.ignore);
                });
            }
        }
    }
}

/// A stream import's `Stream`: each item the settled step of the JS iterator, made into
/// the declared item by `convert` (which checks it, and turns a rejection into `Err` or
/// a panic naming the import).
#[must_use = "streams do nothing unless polled"]
pub struct ImportStream<I, F> {
    reader: Reader<JsIterator>,
    abort: Option<Abort>,
    convert: F,
    _item: core::marker::PhantomData<fn() -> I>,
    /// Its awaits are in this thread's table.
    _thread: ThreadBound,
}

impl<I, F> ImportStream<I, F>
where
    F: FnMut(Result<JsValue, JsValue>) -> I,
{
    /// The stream of `source`, which the import returned (under `catch`, `Err` is what
    /// the call threw: the first and last item). `abort`: an `abortable` import's
    /// controller, aborted if the stream is dropped before the end.
    pub fn new(source: Result<JsValue, JsValue>, abort: Option<Abort>, convert: F) -> Self {
        let reader = match source.and_then(iterator_of) {
            Ok((iterator, sync)) => Reader::new(iterator, sync),
            Err(reason) => Reader::failed(JsIterator::none(), reason),
        };
        ImportStream {
            reader,
            abort,
            convert,
            _item: core::marker::PhantomData,
            _thread: core::marker::PhantomData,
        }
    }
}

/// `value`'s iterator, as `for await` gets it, and whether it is a sync one.
fn iterator_of(value: JsValue) -> Result<(JsIterator, bool), JsValue> {
    let object = js::to_object(&value);
    let (async_method, sync_method) = with_keys(|keys| {
        (
            caught(|| js::try_get(&object, &keys.async_iterator, &value)),
            keys.iterator.clone(),
        )
    });
    let mut method = async_method?;
    let mut sync = false;
    if method.is_undefined() || method.is_null() {
        method = caught(|| js::try_get(&object, &sync_method, &value))?;
        sync = true;
    }
    let iterator = JsIterator::from_method(&method, &value, "the value is not async iterable")?;
    Ok((iterator, sync))
}

impl<I, F> futures_core::Stream for ImportStream<I, F>
where
    F: FnMut(Result<JsValue, JsValue>) -> I + Unpin,
{
    type Item = I;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I>> {
        match self.reader.poll_next(cx) {
            Step::Pending => Poll::Pending,
            Step::End => Poll::Ready(None),
            Step::Item(step) => Poll::Ready(Some((self.convert)(step))),
        }
    }
}

impl<I, F> Drop for ImportStream<I, F> {
    fn drop(&mut self) {
        if self.reader.close() {
            if let Some(abort) = self.abort.take() {
                abort.abort();
            }
        }
    }
}

/// The stream (or iterator) of a stream (or iterator) import's stand-in, made only where
/// the build already failed (the import had a mistake): it keeps callers type-checking,
/// and never runs.
pub struct Unreachable<T>(core::marker::PhantomData<fn() -> T>);

impl<T> Unreachable<T> {
    /// The stand-in.
    pub const NEW: Self = Unreachable(core::marker::PhantomData);
}

impl<T> futures_core::Stream for Unreachable<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(None)
    }
}

impl<T> Iterator for Unreachable<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(0))
    }
}

// (Whatever iterator trait the import with the mistake named: no second error.)
impl<T> DoubleEndedIterator for Unreachable<T> {
    fn next_back(&mut self) -> Option<T> {
        None
    }
}

impl<T> ExactSizeIterator for Unreachable<T> {}

impl<T> core::iter::FusedIterator for Unreachable<T> {}

/// An item type a stream or iterator import takes as declared (the others are checked
/// and converted by the generated code): a `JsCast` type, cast as an async import's
/// `JsCast` return is.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a stream or iterator import's item",
    label = "not a JS type, nor a number, `bool`, `char` or `String`",
    note = "a stream or iterator import's items are `JsValue`, imported and `js_sys` types (`JsCast`), \
            numbers, `bool`, `char`, `String`, 64-bit integers, `Option`s of these, or \
            `Result`s of them under `catch`; read other values as `JsValue` and convert them"
)]
pub trait StreamItem: Sized {
    /// The item.
    fn from_item(value: JsValue) -> Self;
}

impl<T: JsCast> StreamItem for T {
    #[inline]
    fn from_item(value: JsValue) -> T {
        T::unchecked_from_js(value)
    }
}
