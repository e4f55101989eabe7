// JS iterables for the stream imports of tests/streams.rs: async generators, a
// ReadableStream, sync iterables, iterators that throw or reject, and records of what
// the Rust side made them do (`return()`, `finally`, cancel, abort).
const seen = { finally: 0, returns: 0, cancelled: 0, aborted: 0, nexts: 0 };

export function take_seen(what) {
  const n = seen[what];
  seen[what] = 0;
  return n;
}

export function reset_seen() {
  for (const key of Object.keys(seen)) seen[key] = 0;
}

export function pause() {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export async function* numbers(n) {
  try {
    for (let i = 0; i < n; i++) {
      await null;
      yield i;
    }
  } finally {
    seen.finally += 1;
  }
}

export async function* words() {
  yield "alpha";
  yield "beta";
}

export function readable(chunks) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
    cancel() {
      seen.cancelled += 1;
    },
  }, { highWaterMark: 0 });
}

export function sync_iterable() {
  return [1, Promise.resolve(2), 3];
}

export function a_string() {
  return "ab";
}

export function not_iterable() {
  return 5;
}

export function throws_at_once() {
  throw new Error("thrown by the call");
}

export async function* fails_after(n) {
  for (let i = 0; i < n; i++) yield i;
  throw new Error(`failed after ${n}`);
}

export function next_throws() {
  return {
    [Symbol.asyncIterator]() {
      return {
        next() { throw new Error("next threw"); },
        return() { seen.returns += 1; return Promise.resolve({ done: true }); },
      };
    },
  };
}

export function counting() {
  // Counts its `next()` calls, and its `return()` calls.
  let i = 0;
  return {
    [Symbol.asyncIterator]() {
      return {
        next() {
          seen.nexts += 1;
          i += 1;
          return Promise.resolve({ done: false, value: i });
        },
        return() {
          seen.returns += 1;
          return Promise.resolve({ done: true });
        },
      };
    },
  };
}

export function mixed() {
  return (async function* () {
    yield 1;
    yield "two";
    yield 3;
  })();
}

export async function* finally_throws() {
  try {
    yield 1;
    yield 2;
  } finally {
    seen.finally += 1;
    // A rejected `return()`: nobody awaits it, and it must not surface as unhandled.
    throw new Error("thrown in finally");
  }
}

export async function* until_aborted(signal) {
  try {
    for (let i = 0; ; i++) {
      await null;
      yield i;
    }
  } finally {
    // `return()` runs first, then the signal aborts.
    await null;
    if (signal.aborted) seen.aborted += 1;
  }
}

export class Bag {
  constructor(items) {
    this.list = items;
  }
  async *items() {
    yield* this.list;
  }
  static async *range(n) {
    for (let i = 0; i < n; i++) yield i;
  }
}

export function make_bag(items) {
  return new Bag(items);
}

export const streaming = {
  async *letters() {
    yield "x";
    yield "y";
  },
};

// An iterator that is a function (an object for JS), with results that are functions.
export function function_iterator() {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      const iterator = () => {};
      iterator.next = () => {
        const result = () => {};
        i += 1;
        result.done = i > 2;
        result.value = i;
        return Promise.resolve(result);
      };
      return iterator;
    },
  };
}

// A sync generator whose final (`return`ed) value rejects: `for await` awaits it too.
export function final_rejects() {
  return (function* () {
    yield 1;
    return Promise.reject(new Error("the final value rejected"));
  })();
}
