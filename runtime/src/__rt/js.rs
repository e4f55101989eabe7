//! The JS functions the runtime calls (a leaf: declarations only, no state of ours).
//!
//! What the runtime relies on is read once, when it is first used, and kept
//! (`thread_local_v2` statics): `Promise`, `Promise.resolve`, `Promise.prototype.then`,
//! `Function.prototype.bind` and `queueMicrotask`, so that a replacement installed later
//! (instrumentation, zone.js loaded after the module) does not change what the runtime
//! calls; the global `Promise` at first use is trusted to be a faithful implementation
//! (the platform's, or a replacement installed before the module). Values JS hands us
//! (promises, thenables, signals) are untrusted and never receive a callback of ours
//! that can be called twice or late: see `table` and `abort`.
//!
//! No snippets and no `eval`: every call here is to a built-in, so `--target
//! no-modules` keeps working.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// A JS function: a built-in we captured, or our closure bound to its arguments.
    #[wasm_bindgen(js_name = Function)]
    pub type Function;

    /// `f.call(this_arg, a)`, inside a JS `try` (see [`try_call1`]).
    #[wasm_bindgen(catch, method, js_name = call)]
    fn raw_try_call1(this: &Function, this_arg: &JsValue, a: &JsValue) -> Result<JsValue, JsValue>;

    /// `f.call(this_arg)`, inside a JS `try` (see [`try_call0`]).
    #[wasm_bindgen(catch, method, js_name = call)]
    fn raw_try_call0(this: &Function, this_arg: &JsValue) -> Result<JsValue, JsValue>;

    /// `f.call(this_arg, a)`.
    #[wasm_bindgen(method, js_name = call)]
    pub fn call1(this: &Function, this_arg: &JsValue, a: &JsValue) -> JsValue;

    /// `f.call(this_arg, a, b)`, inside a JS `try`.
    #[wasm_bindgen(catch, method, js_name = call)]
    fn raw_try_call2(
        this: &Function,
        this_arg: &JsValue,
        a: &JsValue,
        b: &JsValue,
    ) -> Result<JsValue, JsValue>;

    /// `f.call(this_arg, a, b)`, inside a JS `try`, its result discarded.
    #[wasm_bindgen(catch, method, js_name = call)]
    fn raw_try_call2_void(
        this: &Function,
        this_arg: &JsValue,
        a: &JsValue,
        b: &JsValue,
    ) -> Result<(), JsValue>;

    /// `add.call(target, kind, listener)` (`addEventListener`, `removeEventListener`).
    #[wasm_bindgen(method, js_name = call)]
    pub fn call_listener(this: &Function, target: &JsValue, kind: &str, listener: &Function);

    /// `bind.call(f, undefined, a, b)`: `f` with its first two arguments given.
    #[wasm_bindgen(method, js_name = call)]
    fn bind_call(
        this: &Function,
        target: &Function,
        this_arg: &JsValue,
        a: u32,
        b: u32,
    ) -> Function;

    /// `bind.call(f, undefined, a)`.
    #[wasm_bindgen(method, js_name = call)]
    fn bind_call1(this: &Function, target: &Function, this_arg: &JsValue, a: u32) -> Function;

    /// `Promise` as it was when the runtime first used it.
    #[wasm_bindgen(thread_local_v2, js_name = Promise)]
    static PROMISE: JsValue;

    /// `Promise.resolve`: `PromiseResolve`, as `await` applies it.
    #[wasm_bindgen(thread_local_v2, js_namespace = Promise, js_name = resolve)]
    static RESOLVE: Function;

    /// `Promise.prototype.then`.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["Promise", "prototype"], js_name = then)]
    static THEN: Function;

    /// `Function.prototype.bind`.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["Function", "prototype"], js_name = bind)]
    static BIND: Function;

    /// `globalThis`.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;

    /// `queueMicrotask`.
    #[wasm_bindgen(thread_local_v2, js_name = queueMicrotask)]
    static QUEUE_MICROTASK: Function;

    /// `new Promise(executor)` of the global `Promise` at call time, as upstream's
    /// `future_to_promise` creates an export's promise.
    #[wasm_bindgen(js_name = Promise)]
    pub type NewPromise;

    #[wasm_bindgen(constructor, js_class = "Promise")]
    fn new(executor: &Function) -> NewPromise;

    /// `console.error(message, value, after)`: the console shows `value` as JS shows it
    /// (an `Error` with its stack).
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error(message: &str, value: &JsValue, after: &str);

    /// `String(value)`.
    #[wasm_bindgen(js_name = String)]
    pub fn js_string(value: &JsValue) -> String;

    /// `Reflect.get(target, key)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    pub fn reflect_get(target: &JsValue, key: &str) -> JsValue;

    /// `Object.getOwnPropertyDescriptor(target, key)`.
    #[wasm_bindgen(js_namespace = Object, js_name = getOwnPropertyDescriptor)]
    pub fn own_property_descriptor(target: &JsValue, key: &str) -> JsValue;

    /// `AbortController` (no `web-sys`: these three members are all we need).
    #[wasm_bindgen(js_name = AbortController)]
    pub type AbortController;

    #[wasm_bindgen(constructor, js_class = "AbortController")]
    pub fn new() -> AbortController;

    #[wasm_bindgen(method, getter, js_class = "AbortController")]
    pub fn signal(this: &AbortController) -> JsValue;

    #[wasm_bindgen(method, js_class = "AbortController")]
    pub fn abort(this: &AbortController);

    /// `WebAssembly.RuntimeError`: what a trap throws.
    #[wasm_bindgen(js_namespace = WebAssembly, js_name = RuntimeError)]
    type RuntimeError;

    /// `Promise.reject`.
    #[wasm_bindgen(thread_local_v2, js_namespace = Promise, js_name = reject)]
    static REJECT: Function;

    /// `new TypeError(message)`.
    #[wasm_bindgen(js_name = TypeError)]
    pub type TypeError;

    #[wasm_bindgen(constructor, js_class = "TypeError")]
    pub fn new(message: &str) -> TypeError;
}

/// Before a call inside a JS `try`: an exception stored by a `catch` import that nobody
/// took (upstream's async imports under `catch` leave one when the JS function throws)
/// must not be taken for this call's (nor trip wasm-bindgen's debug check that none is
/// stored twice).
fn clear_stale_exception() {
    let _ = wasm_bindgen::__rt::take_last_exception();
}

/// `f.call(this_arg)`: `Err` with what it threw.
pub fn try_call0(f: &Function, this_arg: &JsValue) -> Result<JsValue, JsValue> {
    clear_stale_exception();
    f.raw_try_call0(this_arg)
}

/// `f.call(this_arg, a)`: `Err` with what it threw.
pub fn try_call1(f: &Function, this_arg: &JsValue, a: &JsValue) -> Result<JsValue, JsValue> {
    clear_stale_exception();
    f.raw_try_call1(this_arg, a)
}

/// `f` with its first two arguments given (`Function.prototype.bind`, captured).
pub fn bind2(f: &Function, a: u32, b: u32) -> Function {
    BIND.with(|bind| bind.bind_call(f, &JsValue::UNDEFINED, a, b))
}

/// `f` with its first argument given.
pub fn bind1(f: &Function, a: u32) -> Function {
    BIND.with(|bind| bind.bind_call1(f, &JsValue::UNDEFINED, a))
}

/// `Promise.resolve(value)` (captured): `value` itself if it is a native promise whose
/// `constructor` is `Promise`, else a new native promise adopting it as `await` does (a
/// thenable's own `then` is called, in a later job, with that promise's resolving
/// functions; a value without a callable `then` fulfills it).
pub fn promise_resolve(value: &JsValue) -> Result<JsValue, JsValue> {
    PROMISE.with(|promise| RESOLVE.with(|resolve| try_call1(resolve, promise, value)))
}

/// `Promise.prototype.then.call(promise, on_fulfilled, on_rejected)` (captured): for a
/// native promise, registers the two reactions, of which it calls exactly one, once;
/// `Err` if it threw (nothing registered then).
pub fn then(
    promise: &JsValue,
    on_fulfilled: &JsValue,
    on_rejected: &JsValue,
) -> Result<JsValue, JsValue> {
    clear_stale_exception();
    THEN.with(|then| then.raw_try_call2(promise, on_fulfilled, on_rejected))
}

/// [`then`], without materializing the derived promise.
pub fn then_void(
    promise: &JsValue,
    on_fulfilled: &JsValue,
    on_rejected: &JsValue,
) -> Result<(), JsValue> {
    clear_stale_exception();
    THEN.with(|then| then.raw_try_call2_void(promise, on_fulfilled, on_rejected))
}

/// Whether `value` is a `WebAssembly.RuntimeError` (what a trap throws).
pub fn is_runtime_error(value: &JsValue) -> bool {
    value.is_instance_of::<RuntimeError>()
}

/// `value` adopted as `await` adopts it: a native promise (see [`promise_resolve`]), or,
/// if adopting it throws, a native promise rejected with what it threw.
pub fn adopt(value: JsValue) -> JsValue {
    promise_resolve(&value).unwrap_or_else(|thrown| {
        PROMISE
            .with(|promise| REJECT.with(|reject| try_call1(reject, promise, &thrown)))
            .unwrap_or(thrown)
    })
}

/// `globalThis`.
pub fn global() -> JsValue {
    GLOBAL.with(JsValue::clone)
}

/// `queueMicrotask(f)` (captured).
pub fn queue_microtask(f: &Function) {
    QUEUE_MICROTASK.with(|queue| queue.call1(&JsValue::UNDEFINED, f));
}

/// `new Promise(executor)`, which calls `executor` synchronously with its resolving
/// functions.
pub fn new_promise(executor: &Function) -> JsValue {
    NewPromise::new(executor).into()
}

/// A resolved promise, whose reactions run in the next microtask.
pub fn resolved() -> JsValue {
    promise_resolve(&JsValue::UNDEFINED).unwrap_or(JsValue::UNDEFINED)
}
