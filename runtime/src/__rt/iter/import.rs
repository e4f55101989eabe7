//! Iterator imports: a JS sync iterable read as a Rust `Iterator` (on top of `reader`,
//! the machine).
//!
//! The iterator is taken when the Rust function is called, as `for ... of` takes it when
//! its loop starts: `value[Symbol.iterator]()`, its `next` read once. Each Rust `next`
//! calls `next()` once and reads `done`, then `value`. Dropping the iterator before the
//! end calls `return()` once (a generator's `finally` runs) and, for `abortable`, aborts
//! the signal.

use wasm_bindgen::JsValue;

use super::super::abort::Abort;
use super::super::foreign::{caught, JsIterator};
use super::super::js;
use super::super::keys::with_keys;
use super::reader::{Host, Reader};

impl Host for JsIterator {
    type Value = JsValue;

    fn call_next(&mut self) -> Result<JsValue, JsValue> {
        JsIterator::call_next(self)
    }

    fn read_result(&mut self, result: JsValue) -> Result<Option<JsValue>, JsValue> {
        Ok(match JsIterator::read(&result, false)? {
            (true, _) => None,
            (false, value) => Some(value.unwrap_or(JsValue::UNDEFINED)),
        })
    }

    fn call_return(&mut self) {
        // (What it returned: nobody is there to see it, a `Drop`.)
        let _ = JsIterator::call_return(self);
    }
}

/// `value`'s iterator, as `for ... of` gets it.
fn iterator_of(value: JsValue) -> Result<JsIterator, JsValue> {
    let object = js::to_object(&value);
    let method = with_keys(|keys| caught(|| js::try_get(&object, &keys.iterator, &value)))?;
    JsIterator::from_method(&method, &value, "the value is not iterable")
}

/// An iterator import's `Iterator`: each item the value of the JS iterator's next
/// result, made into the declared item by `convert` (which checks it, and turns a throw
/// into `Err` or a panic naming the import).
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct ImportIter<I, F> {
    reader: Reader<JsIterator>,
    abort: Option<Abort>,
    convert: F,
    _item: core::marker::PhantomData<fn() -> I>,
}

impl<I, F> ImportIter<I, F>
where
    F: FnMut(Result<JsValue, JsValue>) -> I,
{
    /// The iterator of `source`, which the import returned (`Err`: what the call threw,
    /// the first and last item). `abort`: an `abortable` import's controller, aborted if
    /// the iterator is dropped before the end.
    pub fn new(source: Result<JsValue, JsValue>, abort: Option<Abort>, convert: F) -> Self {
        let reader = match source.and_then(iterator_of) {
            Ok(iterator) => Reader::new(iterator),
            Err(reason) => Reader::failed(JsIterator::none(), reason),
        };
        ImportIter {
            reader,
            abort,
            convert,
            _item: core::marker::PhantomData,
        }
    }
}

impl<I, F> Iterator for ImportIter<I, F>
where
    F: FnMut(Result<JsValue, JsValue>) -> I,
{
    type Item = I;

    fn next(&mut self) -> Option<I> {
        self.reader.next().map(&mut self.convert)
    }
}

impl<I, F> core::iter::FusedIterator for ImportIter<I, F> where
    F: FnMut(Result<JsValue, JsValue>) -> I
{
}

impl<I, F> Drop for ImportIter<I, F> {
    fn drop(&mut self) {
        if self.reader.close() {
            if let Some(abort) = self.abort.take() {
                abort.abort();
            }
        }
    }
}
