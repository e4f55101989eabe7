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

use core::cell::OnceCell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::local::local;

#[wasm_bindgen]
extern "C" {
    /// An iterator result, `{ value, done }`: one we make, or one a JS iterator returned.
    /// Its properties are read and written by plain property accesses in the glue
    /// (`step.done`, `step.value = v`), which the engine caches per shape, where
    /// `Reflect.get`/`Reflect.set` are a generic call each time (28% of the time of a JS
    /// loop over a Rust stream, in Node).
    pub type Step;

    /// `step.value = value`.
    #[wasm_bindgen(method, structural, setter = value)]
    pub fn set_value(this: &Step, value: &JsValue);

    /// `step.done = done`.
    #[wasm_bindgen(method, structural, setter = done)]
    pub fn set_done(this: &Step, done: bool);

    /// `step.done`, or what its getter threw.
    #[wasm_bindgen(method, structural, getter = done, catch)]
    pub fn try_done(this: &Step) -> Result<JsValue, JsValue>;

    /// `step.value`, or what its getter threw.
    #[wasm_bindgen(method, structural, getter = value, catch)]
    pub fn try_value(this: &Step) -> Result<JsValue, JsValue>;

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

    /// `f.call(this_arg, a, b)`.
    #[wasm_bindgen(method, js_name = call)]
    fn raw_call2(this: &Function, this_arg: &JsValue, a: &JsValue, b: &JsValue) -> JsValue;

    /// `f.call(this_arg, a, b)`, its result discarded.
    #[wasm_bindgen(method, js_name = call)]
    fn raw_call2_void(this: &Function, this_arg: &JsValue, a: &JsValue, b: &JsValue);

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

    /// `Reflect.construct`: `new` of a constructor we captured (debug builds' catch,
    /// see `task::guard`).
    #[cfg(debug_assertions)]
    #[wasm_bindgen(thread_local_v2, js_namespace = Reflect, js_name = construct)]
    static CONSTRUCT: Function;

    /// `Array.of(item)`: an arguments list for [`construct_promise`].
    #[cfg(debug_assertions)]
    #[wasm_bindgen(js_namespace = Array, js_name = of)]
    pub fn array_of(item: &JsValue) -> JsValue;

    /// `Object.create(proto)`.
    #[wasm_bindgen(js_namespace = Object, js_name = create)]
    fn object_create(proto: &JsValue) -> JsValue;

    /// `Object.create(proto)`, for the stream exports' objects.
    #[wasm_bindgen(js_namespace = Object, js_name = create)]
    pub fn object_create_of(proto: &JsValue) -> JsValue;

    /// `Reflect.getPrototypeOf(value)` (of an object).
    #[wasm_bindgen(js_namespace = Reflect, js_name = getPrototypeOf)]
    pub fn prototype_of(value: &JsValue) -> JsValue;

    /// `Reflect.set(target, key, value)`, with a key of any kind.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set(target: &JsValue, key: &JsValue, value: &JsValue);

    /// `Object.defineProperty(target, key, descriptor)`.
    #[wasm_bindgen(js_namespace = Object, js_name = defineProperty)]
    fn define_property(target: &JsValue, key: &str, descriptor: &JsValue);

    /// `Reflect.get(target, key, receiver)`, or what it threw (a getter's throw, or a
    /// target that is no object).
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub fn try_get(target: &JsValue, key: &JsValue, receiver: &JsValue)
        -> Result<JsValue, JsValue>;

    /// `Object(value)`: the value as an object (a primitive wrapped, `null` and
    /// `undefined` a new empty object).
    #[wasm_bindgen(js_name = Object)]
    pub fn to_object(value: &JsValue) -> JsValue;

    /// `Reflect.set(target, key, value)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &str, value: &JsValue);

    /// `globalThis`.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;

    /// `queueMicrotask`.
    #[wasm_bindgen(thread_local_v2, js_name = queueMicrotask)]
    static QUEUE_MICROTASK: Function;

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

    /// `Promise.reject`.
    #[wasm_bindgen(thread_local_v2, js_namespace = Promise, js_name = reject)]
    static REJECT: Function;

    /// `new TypeError(message)`.
    #[wasm_bindgen(js_name = TypeError)]
    pub type TypeError;

    #[wasm_bindgen(constructor, js_class = "TypeError")]
    pub fn new(message: &str) -> TypeError;
}

/// The built-ins the runtime calls, read once (at its first use).
struct Intrinsics {
    promise: JsValue,
    resolve: Function,
    reject: Function,
    then: Function,
    bind: Function,
    queue_microtask: Function,
}

local! {
    static INTRINSICS: OnceCell<Intrinsics> = OnceCell::new();
}

#[inline]
fn with_intrinsics<R>(f: impl FnOnce(&Intrinsics) -> R) -> R {
    INTRINSICS.with(|cell| {
        f(cell.get_or_init(|| Intrinsics {
            promise: PROMISE.with(JsValue::clone),
            resolve: RESOLVE.with(|f| JsValue::clone(f).unchecked_into()),
            reject: REJECT.with(|f| JsValue::clone(f).unchecked_into()),
            then: THEN.with(|f| JsValue::clone(f).unchecked_into()),
            bind: BIND.with(|f| JsValue::clone(f).unchecked_into()),
            queue_microtask: QUEUE_MICROTASK.with(|f| JsValue::clone(f).unchecked_into()),
        }))
    })
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
    with_intrinsics(|js| js.bind.bind_call(f, &JsValue::UNDEFINED, a, b))
}

/// `Promise.resolve(value)` (captured): `value` itself if it is a native promise whose
/// `constructor` is `Promise`, else a new native promise adopting it as `await` does (a
/// thenable's own `then` is called, in a later job, with that promise's resolving
/// functions; a value without a callable `then` fulfills it).
#[inline]
pub fn promise_resolve(value: &JsValue) -> Result<JsValue, JsValue> {
    with_intrinsics(|js| try_call1(&js.resolve, &js.promise, value))
}

/// `Promise.prototype.then.call(promise, on_fulfilled, on_rejected)` (captured) on one of
/// our own native promises: the derived promise, without a JS `try`
/// (see [`then_adopted`]).
#[inline]
pub fn then_derived(promise: &JsValue, on_fulfilled: &JsValue, on_rejected: &JsValue) -> JsValue {
    with_intrinsics(|js| js.then.raw_call2(promise, on_fulfilled, on_rejected))
}

/// `then` (captured) on a native promise that [`promise_resolve`] just returned (or one of ours),
/// without a JS `try` and without materializing the derived promise: the hot path of
/// every await. It cannot throw unless JS tampered with that promise's `constructor`
/// between the two calls (a getter answering differently) or with
/// `Promise.prototype.constructor`; such a throw goes through the caller's frames as any
/// JS exception does (leaking one slot).
#[inline]
pub fn then_adopted(promise: &JsValue, on_fulfilled: &JsValue, on_rejected: &JsValue) {
    with_intrinsics(|js| js.then.raw_call2_void(promise, on_fulfilled, on_rejected));
}

/// `value` adopted as `await` adopts it: a native promise (see [`promise_resolve`]), or,
/// if adopting it throws, a native promise rejected with what it threw.
pub fn adopt(value: JsValue) -> JsValue {
    promise_resolve(&value).unwrap_or_else(|thrown| {
        with_intrinsics(|js| try_call1(&js.reject, &js.promise, &thrown)).unwrap_or(thrown)
    })
}

/// `globalThis`.
pub fn global() -> JsValue {
    GLOBAL.with(JsValue::clone)
}

/// `queueMicrotask(f)` (captured).
pub fn queue_microtask(f: &Function) {
    with_intrinsics(|js| js.queue_microtask.call1(&JsValue::UNDEFINED, f));
}

/// A resolved promise of ours, whose reactions run in the next microtask. Its
/// `constructor` is its own property, `undefined`, which no one can change: `then` on it
/// makes its derived promise with the platform's `Promise`, whatever JS did to
/// `Promise.prototype.constructor` or `Promise[Symbol.species]` (such a change could
/// otherwise make `then` throw, or run foreign code while we register a reaction).
pub fn resolved() -> JsValue {
    let promise = promise_resolve(&JsValue::UNDEFINED).unwrap_or(JsValue::UNDEFINED);
    // An empty descriptor without a prototype: a data property, `undefined`, neither
    // writable nor configurable.
    define_property(&promise, "constructor", &object_create(&JsValue::NULL));
    promise
}

/// `new Promise(...arguments)` of the `Promise` captured at first use (`Reflect.construct`,
/// captured too, at its first use): its executor, `arguments[0]`, runs synchronously,
/// inside the constructor's own `try`: a throw from it (a JS exception, a trap) rejects
/// the new promise instead of going further.
#[cfg(debug_assertions)]
pub fn construct_promise(arguments: &JsValue) -> JsValue {
    // A `thread_local_v2` static is read once per thread, at its first use.
    CONSTRUCT.with(|construct| {
        with_intrinsics(|js| construct.raw_call2(&JsValue::UNDEFINED, &js.promise, arguments))
    })
}

/// `Promise.reject(reason)` (captured).
pub fn rejected(reason: &JsValue) -> JsValue {
    with_intrinsics(|js| js.reject.call1(&js.promise, reason))
}

/// A descriptor without a prototype: `{ [key]: value }`.
fn descriptor(key: &str, value: &JsValue) -> JsValue {
    let descriptor = object_create(&JsValue::NULL);
    reflect_set(&descriptor, key, value);
    descriptor
}

/// Marks `error` (an `Error`) as a panic's, as upstream's `PanicError` under
/// `panic = "unwind"`: its `name` is `"PanicError"` (not enumerable, as a class's would
/// be), and `panicMessage` and `exportName` carry the bare panic message and the
/// export's name.
pub fn mark_panic_error(error: &JsValue, message: &str, export: &str) {
    define_property(
        error,
        "name",
        &descriptor("value", &JsValue::from_str("PanicError")),
    );
    reflect_set(error, "panicMessage", &JsValue::from_str(message));
    reflect_set(error, "exportName", &JsValue::from_str(export));
}

/// A thenable of ours: an object without a prototype whose own `then` is `then`, neither
/// writable nor configurable. A promise resolved with it calls `then` with its own
/// resolving functions, in a job of its own.
pub fn thenable(then: &Function) -> JsValue {
    let thenable = object_create(&JsValue::NULL);
    define_property(&thenable, "then", &descriptor("value", then));
    thenable
}

/// `AbortSignal.abort` and a descriptor `{ get: AbortSignal.prototype.throwIfAborted }`,
/// read at first use; `None` where the platform lacks them.
struct Rejecting {
    abort: Function,
    then: JsValue,
}

local! {
    static REJECTING: OnceCell<Option<Rejecting>> = OnceCell::new();
}

fn with_rejecting<R>(f: impl FnOnce(Option<&Rejecting>) -> R) -> R {
    REJECTING.with(|cell| {
        f(cell
            .get_or_init(|| {
                let class = reflect_get(&global(), "AbortSignal");
                if !class.is_function() {
                    return None;
                }
                let abort = reflect_get(&class, "abort");
                let throw = reflect_get(&reflect_get(&class, "prototype"), "throwIfAborted");
                (abort.is_function() && throw.is_function()).then(|| Rejecting {
                    abort: abort.unchecked_into(),
                    then: descriptor("get", &throw),
                })
            })
            .as_ref())
    })
}

/// A value that rejects a promise resolved with it with `reason`, at once, in the
/// resolving call (as a throw from a reaction would): an aborted `AbortSignal` whose
/// reason is `reason` and whose own `then` is a getter, `throwIfAborted`, which throws
/// that reason when the promise reads `then`. A built-in throws it, so no wasm frame is
/// unwound. Where `AbortSignal` lacks `abort` or `throwIfAborted`, and for `undefined`
/// (which `abort` replaces by an `AbortError`), `Promise.reject(reason)`: the promise
/// then rejects two jobs later.
pub fn rejecting(reason: &JsValue) -> JsValue {
    let signal = with_rejecting(|rejecting| {
        let rejecting = rejecting.filter(|_| !reason.is_undefined())?;
        let signal = rejecting.abort.call1(&JsValue::UNDEFINED, reason);
        define_property(&signal, "then", &rejecting.then);
        Some(signal)
    });
    signal.unwrap_or_else(|| rejected(reason))
}
