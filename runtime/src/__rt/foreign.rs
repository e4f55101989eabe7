//! Calls into foreign JS code that may throw, and what they return (a leaf): the
//! iterables read on either side call `next()`, getters and `return()` this way.

use wasm_bindgen::{JsCast, JsValue};

use super::js::{self, Function};

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

/// The `next` method of `iterator` (`key`: `"next"`), read once as `for ... of` and `for
/// await` read it: what reading it threw, or a `TypeError` naming it when it is not a
/// function (where the first call would have thrown one naming our glue).
pub fn next_method(iterator: &JsValue, key: &JsValue) -> Result<Function, JsValue> {
    let next = caught(|| js::try_get(iterator, key, iterator))?;
    next.dyn_into::<Function>()
        .map_err(|_| js::TypeError::new("the iterator's `next` is not a function").into())
}
