//! Iterator exports: a Rust `Iterator` handed to JS as a sync iterator object (`next()`,
//! `return(value)`, `[Symbol.iterator]()` returning itself), so that `for ... of`, spread
//! and `Array.from` read it and `break` drops it (on top of `state`, the machine).
//!
//! - `next()` polls the iterator: an item is `{ value, done: false }`; an `Err` item
//!   throws its error and ends the iteration; the end is `{ value: undefined, done: true }`;
//! - `return(value)` drops the iterator and is `{ value, done: true }`;
//! - a request made while another runs (the iterator's own code called back into it)
//!   throws a `TypeError`, as a running generator's does;
//! - once the iteration is over, every request answers done at once;
//! - after a panic trapped (`panic = "abort"`), a request throws and runs nothing of the
//!   user's again; the finalizer then leaks the iterator instead of dropping it.
//!
//! The object's two methods are closures of its own, owned by the object (freed with it
//! by wasm-bindgen's finalization, which then drops an iterator JS left unfinished): no
//! callback of ours is shared between iterators.

use core::cell::RefCell;
use core::panic::AssertUnwindSafe;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsValue;

use super::super::js;
use super::super::keys::{iterator_object, result};
use super::super::panic::trapped_or_poisoned;
use super::state::{finish, next, Answer, Machine};

type Items = Box<dyn Iterator<Item = Result<JsValue, JsValue>>>;

/// The machine, shared by the object's two closures; the finalizer's drop.
struct Shared(RefCell<Machine<Items>>);

impl Drop for Shared {
    fn drop(&mut self) {
        // The iterator object was collected by JS (its closures, which own this, are
        // finalized): an unfinished iterator is dropped, unless a panic trapped, after
        // which no code of the user's runs again, not even a destructor.
        let iterator = self.0.get_mut().take();
        if trapped() {
            core::mem::forget(iterator);
        }
    }
}

/// Whether a panic trapped, anywhere, or poisoned the instance.
fn trapped() -> bool {
    trapped_or_poisoned()
}

/// What a request throws once a panic trapped.
fn trapped_error() -> JsValue {
    wasm_bindgen::JsError::new(
        "an exported iterator was called after a panic trapped in this instance; create a \
         new instance",
    )
    .into()
}

/// What a re-entrant request throws (or one after a JS exception thrown through the
/// iterator's code abandoned it, running, as a `&mut self` method's borrow stays taken
/// under upstream's attribute).
fn busy() -> JsValue {
    js::TypeError::new(
        "the iterator is already running (or a JS exception thrown through its code \
         abandoned it)",
    )
    .into()
}

/// The iterator object JS gets for `iterator`: each item made a JS value (or an error)
/// by `convert`.
pub fn export_iter<I, F>(iterator: I, convert: F) -> JsValue
where
    I: Iterator + 'static,
    F: FnMut(I::Item) -> Result<JsValue, JsValue> + 'static,
{
    let items: Items = Box::new(iterator.map(convert));
    let shared = Rc::new(Shared(RefCell::new(Machine::Suspended(items))));
    // (`AssertUnwindSafe`: with `panic = "unwind"` wasm-bindgen asks the closures to be
    // unwind-safe. The machine ends the iteration when the user's code unwinds.)
    let next = {
        let shared = AssertUnwindSafe(Rc::clone(&shared));
        Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || {
            let shared = &shared;
            match next(&shared.0 .0, trapped) {
                Answer::Item(value) => Ok(result(&value, false)),
                Answer::End => Ok(result(&JsValue::UNDEFINED, true)),
                Answer::Error(error) => Err(error),
                Answer::Busy => Err(busy()),
                Answer::Trapped(iterator) => {
                    core::mem::forget(iterator);
                    Err(trapped_error())
                }
            }
        })
        .into_js_value()
    };
    let shared = AssertUnwindSafe(shared);
    let return_ = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |value| {
        let shared = &shared;
        match finish::<_, JsValue, JsValue>(&shared.0 .0, trapped) {
            Answer::Busy => Err(busy()),
            Answer::Trapped(iterator) => {
                core::mem::forget(iterator);
                Err(trapped_error())
            }
            _ => Ok(result(&value, true)),
        }
    })
    .into_js_value();
    iterator_object(|keys| &keys.iterator_proto, &next, &return_)
}
