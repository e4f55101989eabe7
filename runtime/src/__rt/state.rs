//! The runtime's state, one per thread, and the few JS functions it calls.
//!
//! One closure serves everything: it is created on the first await and never freed, and
//! JS calls it through functions bound (`Function.prototype.bind`) to what it is for: a
//! slot of the await table (`slots`), or the run of the `Drive` queue (`drive`).

use core::cell::{OnceCell, RefCell};

use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsValue};

use super::fail;
use super::slots::Slots;

#[wasm_bindgen]
extern "C" {
    /// `console.error(message, value, after)`: the console shows `value` as JS shows it
    /// (an `Error` with its stack).
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error(message: &str, value: &JsValue, after: &str);

    /// The closure, or a function bound to it.
    #[wasm_bindgen(js_name = Function)]
    pub type Callback;

    /// `Function.prototype.bind`: the closure with its first two arguments given.
    #[wasm_bindgen(method, js_name = bind)]
    fn bind(this: &Callback, this_arg: &JsValue, index: u32, fulfilled: bool) -> Callback;

    /// `Promise.prototype.then.call(promise, onFulfilled, onRejected)`: a `TypeError`,
    /// and nothing registered, unless `promise` is a native promise.
    #[wasm_bindgen(catch, js_namespace = ["Promise", "prototype", "then"], js_name = call)]
    pub fn then_native(
        promise: &JsValue,
        on_fulfilled: &Callback,
        on_rejected: &Callback,
    ) -> Result<(), JsValue>;

    /// `Promise.prototype.then.call(promise, onFulfilled, onRejected)` on a native
    /// promise: the derived promise.
    #[wasm_bindgen(js_namespace = ["Promise", "prototype", "then"], js_name = call)]
    pub fn then_derived(
        promise: &JsValue,
        on_fulfilled: &JsValue,
        on_rejected: &JsValue,
    ) -> JsValue;

    /// `Promise.resolve(value)`: a native promise adopting `value`.
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve)]
    pub fn promise_resolve(value: &JsValue) -> JsValue;

    /// `callback.call()`, inside a JS `try`: what it throws (a JS exception thrown
    /// through Rust, or a trap) is the `Err`.
    #[wasm_bindgen(catch, method, js_name = call)]
    pub fn call_catching(this: &Callback) -> Result<(), JsValue>;

    /// `WebAssembly.RuntimeError`: what a trap throws (a panic with `panic = "abort"`).
    #[wasm_bindgen(js_namespace = WebAssembly, js_name = RuntimeError)]
    pub type RuntimeError;

    /// `Reflect.get(target, key)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &str) -> JsValue;
}

/// What `Js::poll` calls: the raw export, called from JS with no glue in between (the
/// cheapest way back into wasm inside a JS `try`). Its name carries our version, so that
/// two copies of the runtime cannot clash.
#[cfg(not(target_feature = "atomics"))]
#[no_mangle]
pub extern "C" fn __wbga_0_1_poll_current() {
    super::drive::poll_current();
}

/// What the first argument of a bound function says besides a slot index: the `Drive`
/// queue (fulfilled: run it; rejected: a run threw), and the poll of the `Drive` the
/// executor is polling. Never a slot's index (see `Slots`).
pub const QUEUE: u32 = u32::MAX;
pub const POLL: u32 = u32::MAX - 1;

/// The JS values made once.
pub struct Js {
    /// The closure.
    callback: Callback,
    /// Bound to run the `Drive` queue, and to take what a run threw.
    pub run: Callback,
    pub thrown: Callback,
    /// Bound to poll the `Drive` the executor is polling (see `drive`).
    pub poll: Callback,
    /// A resolved promise, whose reactions run the queue.
    pub resolved: JsValue,
}

/// This thread's runtime.
pub struct Runtime {
    pub slots: RefCell<Slots>,
    #[cfg(not(target_feature = "atomics"))]
    pub queue: RefCell<super::drive::Queue>,
    js: OnceCell<Js>,
}

impl Runtime {
    const fn new() -> Runtime {
        Runtime {
            slots: RefCell::new(Slots::new()),
            #[cfg(not(target_feature = "atomics"))]
            queue: RefCell::new(super::drive::Queue::new()),
            js: OnceCell::new(),
        }
    }

    /// The JS values, made on first use.
    pub fn js(&self) -> &Js {
        self.js.get_or_init(|| {
            let closure = Closure::<dyn FnMut(u32, bool, JsValue)>::new(dispatch);
            let callback: Callback = closure.into_js_value().unchecked_into();
            Js {
                run: callback.bind(&JsValue::UNDEFINED, QUEUE, true),
                thrown: callback.bind(&JsValue::UNDEFINED, QUEUE, false),
                poll: {
                    let raw = reflect_get(&wasm_bindgen::exports(), "__wbga_0_1_poll_current");
                    if raw.is_function() {
                        raw.unchecked_into()
                    } else {
                        callback.bind(&JsValue::UNDEFINED, POLL, true)
                    }
                },
                resolved: promise_resolve(&JsValue::UNDEFINED),
                callback,
            }
        })
    }
}

impl Js {
    /// The closure bound to `index`: for fulfillment, and for rejection.
    pub fn bind(&self, index: u32) -> (Callback, Callback) {
        (
            self.callback.bind(&JsValue::UNDEFINED, index, true),
            self.callback.bind(&JsValue::UNDEFINED, index, false),
        )
    }
}

/// What JS calls: a settled promise of a slot, or the `Drive` queue's turn.
fn dispatch(index: u32, fulfilled: bool, value: JsValue) {
    #[cfg(not(target_feature = "atomics"))]
    if index == QUEUE {
        if fulfilled {
            super::drive::run_all();
        } else {
            super::drive::on_thrown(value);
        }
        return;
    }
    #[cfg(not(target_feature = "atomics"))]
    if index == POLL {
        super::drive::poll_current();
        return;
    }
    super::slots::on_settled(index, if fulfilled { Ok(value) } else { Err(value) });
}

/// wasm32 without atomics has one thread: a plain static, as wasm-bindgen's own crates
/// keep their state there (smaller and faster than `thread_local!`, whose lazy
/// initialization and access-error paths would land in every user's `.wasm`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub fn with_runtime<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    static RUNTIME: SingleThreaded<Runtime> = SingleThreaded(Runtime::new());
    f(&RUNTIME.0)
}

/// A value in a `static` that only single-threaded code uses: code compiled without the
/// atomics feature, which on wasm32 runs on one thread (a host build of the crate, for
/// its docs and tests, never runs it).
#[cfg(not(target_feature = "atomics"))]
pub struct SingleThreaded<T>(pub T);

// SAFETY: see the type's documentation.
#[cfg(not(target_feature = "atomics"))]
unsafe impl<T> Sync for SingleThreaded<T> {}

/// Elsewhere (threads, or a host build of the crate), one runtime per thread.
#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
pub fn with_runtime<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    thread_local! {
        static RUNTIME: Runtime = const { Runtime::new() };
    }
    RUNTIME.with(f)
}

/// The await table, borrowed for `f` (which must not call JS or drop wakers, results or
/// futures: see `slots`).
pub fn with_slots<R>(f: impl FnOnce(&mut Slots) -> R) -> R {
    with_runtime(|runtime| {
        let mut slots = runtime
            .slots
            .try_borrow_mut()
            .unwrap_or_else(|_| fail("the await table is in use (re-entered)"));
        f(&mut slots)
    })
}
