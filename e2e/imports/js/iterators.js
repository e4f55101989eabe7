// The JS side of the iterator-import tests (tests/iterators.rs): sync iterables of every
// kind `for ... of` accepts, and records of what they saw.
const seen = new Map();
const note = (what) => seen.set(what, (seen.get(what) ?? 0) + 1);
export function take_seen(what) {
  const count = seen.get(what) ?? 0;
  seen.delete(what);
  return count;
}

// A generator of 0..n, noting its `finally` and each `next()` it answered.
export function* numbers(n) {
  try {
    for (let i = 0; i < n; i++) {
      note("next");
      yield i;
    }
  } finally {
    note("finally");
  }
}
export function an_array() { return [1, 2, 3]; }
export function a_set() { return new Set(["a", "b"]); }
export function a_map() { return new Map([["k", 1]]); }
export function a_string() { return "héj"; }
export function not_iterable() { return 42; }
export function async_only() {
  return { async *[Symbol.asyncIterator]() { yield 1; } };
}
export function throws_at_once() { throw new Error("thrown at once"); }
// Yields 0..n, then its next() throws.
export function fails_after(n) {
  let i = 0;
  return {
    [Symbol.iterator]() { return this; },
    next() {
      if (i === n) throw new Error(`failed after ${n}`);
      return { value: i++, done: false };
    },
    return() { note("return"); return { done: true }; },
  };
}
// A result that is no object, at the second next().
export function bad_result() {
  let i = 0;
  return {
    [Symbol.iterator]() { return this; },
    next() { i += 1; return i === 1 ? { value: 1, done: false } : 7; },
  };
}
// Yields a string, a number, a string.
export function mixed() { return ["one", 2, "three"]; }
// Its return() throws: a drop swallows it.
export function return_throws() {
  return {
    [Symbol.iterator]() { return this; },
    next() { return { value: 1, done: false }; },
    return() { note("return"); throw new Error("return threw"); },
  };
}
// An iterator without return(): a drop has nothing to call.
export function without_return() {
  return {
    [Symbol.iterator]() { return this; },
    next() { return { value: 5, done: false }; },
  };
}
// An endless iterator whose return() aborts nothing but notes its signal's state.
export function until_dropped(signal) {
  signal.addEventListener("abort", () => note("aborted"));
  return (function* () { for (let i = 0; ; i++) yield i; })();
}
export class Shelf {
  constructor(items) { this.items = items; }
  static of(n) { return Array.from({ length: n }, (_, i) => i * 10); }
}
export function make_shelf(items) { return new Shelf(items); }
export const listing = { names() { return ["x", "y"]; } };
// An iterator whose `next` is not a function.
export function bad_next() {
  return { [Symbol.iterator]() { return { next: 5 }; } };
}
