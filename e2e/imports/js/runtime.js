// JS side of e2e/imports/tests/runtime.rs: promises settled when the test says so, and
// thenables that misbehave, for the runtime that async imports are awaited through.

const held = [];
// A promise of `value` that settles when `settle_held` is called (in call order, or
// reversed).
export function held_promise(value) {
  return new Promise((resolve) => held.push(() => resolve(value)));
}
export function held_rejection(reason) {
  return new Promise((_, reject) => held.push(() => reject(reason)));
}
export function settle_held(reverse) {
  const all = held.splice(0);
  if (reverse) all.reverse();
  for (const settle of all) settle();
  return all.length;
}

let calls = 0;
export function counted(value) {
  calls += 1;
  return held_promise(value);
}
export function take_calls() {
  const n = calls;
  calls = 0;
  return n;
}

// Calls back at once, twice, and then the rejection callback too.
export function eager_thenable(value) {
  return { then(onFulfilled, onRejected) { onFulfilled(value); onFulfilled(value + 1); onRejected("late"); } };
}
// Calls back from a microtask, and again from a timer: by then the await has completed
// and its slot may be another await's.
export function late_thenable(value) {
  return {
    then(onFulfilled) {
      queueMicrotask(() => onFulfilled(value));
      setTimeout(() => onFulfilled(value + 1000), 0);
    },
  };
}
// Rejects through the thenable protocol.
export function rejecting_thenable(reason) {
  return { then(_, onRejected) { queueMicrotask(() => onRejected(reason)); } };
}
// Declared `async`, returns no promise at all.
export function not_a_promise() { return 5; }

// Resolves whatever JS value it is given, for the number conversions.
export function resolve_value(value) { return Promise.resolve(value); }
export function resolve_option_string(some) { return Promise.resolve(some ? "there" : null); }

// A Promise subclass whose `then` doubles the value: `await` calls it (42 for 21).
class Doubling extends Promise {
  then(onFulfilled, onRejected) {
    return super.then((value) => onFulfilled(value * 2), onRejected);
  }
}
export function doubling(value) {
  return Doubling.resolve(value);
}
// A Promise subclass that starts its work when `then` is first called.
class Lazy extends Promise {
  then(onFulfilled, onRejected) {
    if (this.start) {
      const start = this.start;
      this.start = null;
      start();
    }
    return super.then(onFulfilled, onRejected);
  }
}
export function lazy(value) {
  let resolve;
  const promise = new Lazy((res) => { resolve = res; });
  promise.start = () => setTimeout(() => resolve(value), 1);
  return promise;
}
// A native promise whose `constructor` getter throws: adopting it throws, as `await` does.
export function hostile_constructor() {
  const promise = Promise.resolve(1);
  Object.defineProperty(promise, "constructor", { get() { throw new Error("no constructor for you"); } });
  return promise;
}

// `Promise.resolve` and `Promise.prototype.then` replaced (instrumentation, zone.js):
// the runtime keeps what it captured at first use, so the replacements never see the
// promise `tracked_promise` returned.
let saved = null;
let touched = false;
let tracked = null;
export function replace_promise_functions() {
  saved = { resolve: Promise.resolve, then: Promise.prototype.then };
  touched = false;
  Promise.resolve = function (value) {
    if (value === tracked) touched = true;
    return saved.resolve.call(this, value);
  };
  Promise.prototype.then = function (...args) {
    if (this === tracked) touched = true;
    return saved.then.apply(this, args);
  };
}
export function tracked_promise(value) {
  tracked = new Promise((resolve) => setTimeout(() => resolve(value), 1));
  return tracked;
}
export function restore_promise_functions() {
  Promise.resolve = saved.resolve;
  Promise.prototype.then = saved.then;
  return !touched;
}

// Not a promise, and a thenable that calls back at once, for a return that awaits
// through the futures crate's typed `JsFuture` (`Option<JsString>`).
export function plain_option_string() {
  return "plain";
}
export function sync_thenable_option_string() {
  return { then(resolve) { resolve("from a thenable"); } };
}
