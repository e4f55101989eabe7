//! The keys, prototypes and no-op that iterators need on either side of the boundary,
//! captured once per thread at first use (a leaf over `js` and `local`): a key made from
//! a Rust string per read would cost a string's decoding each time.

use std::cell::OnceCell;

use wasm_bindgen::{JsCast, JsValue};

use super::js;
use super::local::local;

/// See the module's notes.
pub struct Keys {
    /// `Symbol.asyncIterator`.
    pub async_iterator: JsValue,
    /// `Symbol.iterator`.
    pub iterator: JsValue,
    /// `"next"`.
    pub next: JsValue,
    /// `"return"`.
    pub return_: JsValue,
    /// `Function.prototype`, a function that does nothing: the rejection handler of a
    /// `return()` whose promise nobody awaits.
    pub ignore: JsValue,
    /// `Object.prototype`, of iterator results.
    pub object: JsValue,
    /// The prototype of a sync iterator object of ours: `%IteratorPrototype%`, whose
    /// `[Symbol.iterator]()` returns `this` (and which carries the iterator helpers where
    /// the engine has them).
    pub iterator_proto: JsValue,
    /// The prototype of an async iterator object of ours: an object whose
    /// `[Symbol.asyncIterator]` returns `this` (the function `%IteratorPrototype%
    /// [Symbol.iterator]`, which does only that).
    pub async_iterator_proto: JsValue,
}

local! {
    static KEYS: OnceCell<Keys> = OnceCell::new();
}

/// `f` with this thread's keys. (The cell is initialized before `f` runs; a getter that
/// calls back into us from inside `f` only reads it again.)
pub fn with_keys<R>(f: impl FnOnce(&Keys) -> R) -> R {
    KEYS.with(|cell| f(cell.get_or_init(capture)))
}

fn capture() -> Keys {
    let global = js::global();
    let symbol = js::reflect_get(&global, "Symbol");
    let iterator = js::reflect_get(&symbol, "iterator");
    let async_iterator = js::reflect_get(&symbol, "asyncIterator");
    let array = js::reflect_get(&js::reflect_get(&global, "Array"), "prototype");
    // `Array.prototype[Symbol.iterator]()`: an array iterator, whose prototype's
    // prototype is %IteratorPrototype%.
    let values = js::try_get(&array, &iterator, &array).unwrap_or(JsValue::UNDEFINED);
    let iterator_proto = js::try_call0(values.unchecked_ref(), &array)
        .map_or(JsValue::UNDEFINED, |it| {
            js::prototype_of(&js::prototype_of(&it))
        });
    let return_this =
        js::try_get(&iterator_proto, &iterator, &iterator_proto).unwrap_or(JsValue::UNDEFINED);
    let object = js::reflect_get(&js::reflect_get(&global, "Object"), "prototype");
    let async_iterator_proto = js::object_create_of(&object);
    js::set(&async_iterator_proto, &async_iterator, &return_this);
    Keys {
        async_iterator,
        iterator,
        next: JsValue::from_str("next"),
        return_: JsValue::from_str("return"),
        ignore: js::reflect_get(&js::reflect_get(&global, "Function"), "prototype"),
        object,
        iterator_proto,
        async_iterator_proto,
    }
}

/// An iterator result, `{ value, done }`.
pub fn result(value: &JsValue, done: bool) -> JsValue {
    let result: js::Step = with_keys(|keys| js::object_create_of(&keys.object)).unchecked_into();
    result.set_value(value);
    result.set_done(done);
    result.into()
}

/// An iterator object of ours: `proto` (chosen from the keys) with own `next` and
/// `return`.
pub fn iterator_object(
    proto: impl FnOnce(&Keys) -> &JsValue,
    next: &JsValue,
    return_: &JsValue,
) -> JsValue {
    with_keys(|keys| {
        let object = js::object_create_of(proto(keys));
        js::set(&object, &keys.next, next);
        js::set(&object, &keys.return_, return_);
        object
    })
}
