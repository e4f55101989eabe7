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
