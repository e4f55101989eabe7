//! The catch around every poll: our inner closure (which polls) called so that a throw
//! through it (a JS exception thrown through Rust, or the trap of a panic) comes back to
//! the driver at once, in the same reaction, instead of going further.
//!
//! Release builds call it through a `catch` import (a JS `try`: nothing allocated when
//! nothing is thrown). Debug builds call it as the executor of `new Promise` (the captured
//! constructor's own `try`), which allocates a promise per poll: there, wasm-bindgen's
//! `catch` glue asserts that no exception is stored already, and upstream's async
//! imports under `catch` leave one stored when their JS function throws at once, so a
//! later throw through the same poll would trap inside the glue's own `catch` and escape
//! us. (Release builds have no such assertion: the new exception replaces the stale one.)
//!
//! Whether the inner closure threw is what it says by reaching its end ([`finished`]),
//! never what the glue says: a stale exception stored by a `catch` import inside the poll
//! and not taken must not be taken for a throw.

use core::cell::Cell;

use wasm_bindgen::JsValue;

use super::super::js::{self, Function};
use super::super::local::local;

local! {
    /// Whether the inner closure in progress reached its end.
    static FINISHED: Cell<bool> = Cell::new(false);
}

/// The inner closure's last step: it did not throw.
pub fn finished() {
    FINISHED.with(|finished| finished.set(true));
}

/// What a catch caught.
pub struct Caught(
    /// The thrown value (release), or a promise rejected with it (debug).
    JsValue,
);

/// Calls `inner`, which must call [`finished`] last, inside the catch: `Err` if a throw
/// went through it.
#[cfg(not(debug_assertions))]
pub fn call(inner: &Function) -> Result<(), Caught> {
    FINISHED.with(|finished| finished.set(false));
    let called = js::try_call0(inner, &JsValue::UNDEFINED);
    if FINISHED.with(|finished| finished.replace(false)) {
        // `Err` here is a stale exception of a `catch` import inside the poll: dropped.
        return Ok(());
    }
    Err(Caught(called.err().unwrap_or(JsValue::UNDEFINED)))
}

/// Calls `inner`, which must call [`finished`] last, inside the catch: `Err` if a throw
/// went through it.
#[cfg(debug_assertions)]
pub fn call(inner: &Function) -> Result<(), Caught> {
    FINISHED.with(|finished| finished.set(false));
    let promise = js::construct_promise(&js::array_of(inner));
    if FINISHED.with(|finished| finished.replace(false)) {
        // An exception a `catch` import inside the poll stored and nobody took dies with
        // the poll, as in release builds (where the `catch` import around it takes it):
        // left stored, it would trip the glue's assertion at the next `catch` import
        // that throws, anywhere, as a panic.
        let _ = wasm_bindgen::__rt::take_last_exception();
        return Ok(());
    }
    Err(Caught(promise))
}

impl Caught {
    /// Thrown again, uncaught, from a microtask of its own (where the futures crate's
    /// executor lets a throw through a poll escape).
    pub fn rethrow(self) {
        #[cfg(not(debug_assertions))]
        super::rethrow(self.0);
        #[cfg(debug_assertions)]
        with_handlers(|handlers| js::then_adopted(&self.0, &JsValue::UNDEFINED, &handlers.0));
    }

    /// Dropped: it was the trap of a panic, which the export's rejection reports.
    pub fn discard(self) {
        #[cfg(debug_assertions)]
        with_handlers(|handlers| js::then_adopted(&self.0, &JsValue::UNDEFINED, &handlers.1));
        #[cfg(not(debug_assertions))]
        drop(self);
    }
}

/// The rejection handlers of a caught promise: throw its reason again, or ignore it.
#[cfg(debug_assertions)]
fn with_handlers<R>(f: impl FnOnce(&(Function, Function)) -> R) -> R {
    use core::cell::OnceCell;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;

    local! {
        static HANDLERS: OnceCell<(Function, Function)> = OnceCell::new();
    }
    HANDLERS.with(|handlers| {
        f(handlers.get_or_init(|| {
            (
                Closure::<dyn Fn(JsValue)>::new(super::rethrow)
                    .into_js_value()
                    .unchecked_into(),
                Closure::<dyn Fn(JsValue)>::new(drop)
                    .into_js_value()
                    .unchecked_into(),
            )
        }))
    })
}
