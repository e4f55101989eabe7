// JS side of the exports crate: a timer to await, and a counter that `start` bumps.
// Each timer logs its start and end, so that tests can check overlap by order.
export function sleep(ms) {
  const log = (globalThis.exportsE2eSleepLog ??= []);
  log.push(`start ${ms}`);
  return new Promise((resolve) => setTimeout(() => {
    log.push(`end ${ms}`);
    resolve();
  }, ms));
}
export function record_start() {
  globalThis.exportsE2eStarts = (globalThis.exportsE2eStarts ?? 0) + 1;
}

// Promises resolving a value of the wrong type for what Rust declares (the comparison
// with upstream in test/upstream-comparison.test.mjs).
export async function resolves_string() { return "abc"; }
export async function resolves_null() { return null; }
// Throws before it returns a promise.
export function throws_sync() { throw new Error("thrown synchronously"); }

// What the user's panic hook saw (see `set_user_hook`).
export function hook_saw(message) {
  (globalThis.exportsE2eHookSaw ??= []).push(message);
}

// What abortable exports noted (see `cancellable`).
export function note(event) {
  (globalThis.exportsE2eNotes ??= []).push(event);
}

// Rejects: awaited without `catch` (see `spawn_unhandled_rejection`).
export async function reject_plain(reason) { throw new Error(reason); }

// A RuntimeError thrown by JS, not by a trap (see `js_throws_a_runtime_error`).
export function throw_runtime_error() {
  throw new WebAssembly.RuntimeError("thrown by JS");
}

// Calls back into the module (see `calls_js_that_calls_an_export`).
export function call_back() {
  return globalThis.exportsE2eCallBack();
}
export function call_it(f) { f(); }

// An async iterable whose second `next()` calls `f` (a Rust closure) first (see
// `reads_a_stream_that_panics_in_next`).
export function calls_back_in_next(f) {
  let i = 0;
  return {
    [Symbol.asyncIterator]() {
      return {
        next() {
          i += 1;
          if (i === 2) f();
          return Promise.resolve({ done: false, value: i });
        },
      };
    },
  };
}
