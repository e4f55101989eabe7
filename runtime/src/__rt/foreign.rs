//! Calls into foreign JS code that may throw, and what they return (a leaf over `js` and
//! `keys`): the JS iterators that stream and iterator imports read, through `next()`,
//! the results' getters and `return()`.

use wasm_bindgen::{JsCast, JsValue};

use super::js::{self, Function};
use super::keys::with_keys;

/// Whether `value` is an object for JS (functions included, as the spec's `Object`
/// type: an iterator or a result may be a function).
pub fn is_object(value: &JsValue) -> bool {
    value.is_object() || value.is_function()
}

/// `call`, a call into JS that may throw: its outcome, except that a panic of ours
/// that trapped inside it (JS called back into us, and that call panicked) goes on
/// trapping, to the export driver that poisons the instance, instead of becoming an
/// `Err` that Rust code would go on after. (`catch` takes the trap's `RuntimeError`
/// for an exception; the standard library turning to panicking during the call tells.)
pub fn caught<T>(call: impl FnOnce() -> Result<T, JsValue>) -> Result<T, JsValue> {
    let before = std::thread::panicking();
    let outcome = call();
    match outcome {
        Err(thrown) if !before && std::thread::panicking() => wasm_bindgen::throw_val(thrown),
        outcome => outcome,
    }
}

/// The caught call of an import's JS function (a stream or iterator import's, or one
/// under `catch`):
/// as `caught` tells, a panic of ours that trapped inside it (the JS function called
/// back into Rust, which panicked) goes on trapping instead of becoming an `Err`.
#[inline]
pub fn caught_call(call: impl FnOnce() -> Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    caught(call)
}

/// A JS iterator being read (by a stream or an iterator import): the iterator and its
/// `next`, read once, as `for await` and `for ... of` read it.
pub struct JsIterator {
    iterator: JsValue,
    next: Function,
}

impl JsIterator {
    /// The iterator that `method` (`value[Symbol.asyncIterator]` or
    /// `value[Symbol.iterator]`, as read) makes: what it threw, or a `TypeError` when
    /// `method` is no function (`not_iterable`), the iterator no object, or its `next` no
    /// function (where the first call would have thrown one naming our glue).
    pub fn from_method(
        method: &JsValue,
        value: &JsValue,
        not_iterable: &str,
    ) -> Result<JsIterator, JsValue> {
        let Some(method) = method.dyn_ref::<Function>() else {
            return Err(js::TypeError::new(not_iterable).into());
        };
        let iterator = caught(|| js::try_call0(method, value))?;
        if !is_object(&iterator) {
            return Err(js::TypeError::new("the iterator is not an object").into());
        }
        let key = with_keys(|keys| keys.next.clone());
        let next = caught(|| js::try_get(&iterator, &key, &iterator))?;
        let next = next.dyn_into::<Function>().map_err(|_| {
            JsValue::from(js::TypeError::new(
                "the iterator's `next` is not a function",
            ))
        })?;
        Ok(JsIterator { iterator, next })
    }

    /// A stand-in for a reader that never had an iterator (and never calls it).
    pub fn none() -> JsIterator {
        JsIterator {
            iterator: JsValue::UNDEFINED,
            next: JsValue::UNDEFINED.unchecked_into(),
        }
    }

    /// `next()`: its result, or what it threw.
    pub fn call_next(&self) -> Result<JsValue, JsValue> {
        caught(|| js::try_call0(&self.next, &self.iterator))
    }

    /// An iterator result read: `done`, then `value` (when not done, or when
    /// `value_when_done` asks for it); `Err` when it is no object or a getter threw.
    pub fn read(
        result: &JsValue,
        value_when_done: bool,
    ) -> Result<(bool, Option<JsValue>), JsValue> {
        if !is_object(result) {
            return Err(js::TypeError::new("the iterator's result is not an object").into());
        }
        let step: &js::Step = result.unchecked_ref();
        let done = caught(|| step.try_done())?.is_truthy();
        let value = if done && !value_when_done {
            None
        } else {
            Some(caught(|| step.try_value())?)
        };
        Ok((done, value))
    }

    /// `return()`, if the iterator has one: what it returned (`None`: it has none, or
    /// reading or calling it threw; nobody is there to see a throw).
    pub fn call_return(&self) -> Option<JsValue> {
        let key = with_keys(|keys| keys.return_.clone());
        let method = caught(|| js::try_get(&self.iterator, &key, &self.iterator)).ok()?;
        let method = method.dyn_ref::<Function>()?;
        caught(|| js::try_call0(method, &self.iterator)).ok()
    }
}
