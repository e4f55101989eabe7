// Async exports of wasm-bindgen-async, awaited from JS: the checks shared by Node
// (exports.test.mjs, under `node --test`) and the browsers (browser/page.mjs, driven over
// WebDriver). Each case takes the module `m`; `assert` is a small assertion library
// that works in both (node:assert is Node's only).

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const show = (value) => {
  try {
    return typeof value === "bigint" ? `${value}n` : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function fail(message, note) {
  throw new Error(note ? `${note}: ${message}` : message);
}

/// Whether `error` is what `expected` (a RegExp on its message or text, or a predicate)
/// describes.
function matches(error, expected) {
  if (expected instanceof RegExp) return expected.test(error?.message ?? String(error));
  return expected(error) === true;
}

export const assert = {
  ok(value, note) {
    if (!value) fail(`expected a truthy value, got ${show(value)}`, note);
  },
  equal(actual, expected, note) {
    if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, note);
  },
  deepEqual(actual, expected, note) {
    if (show(actual) !== show(expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, note);
  },
  throws(run, expected, note) {
    try {
      run();
    } catch (error) {
      if (!matches(error, expected)) fail(`unexpected error ${show(error?.message ?? error)}`, note);
      return;
    }
    fail("expected an exception", note);
  },
  async rejects(promise, expected, note) {
    try {
      await (typeof promise === "function" ? promise() : promise);
    } catch (error) {
      if (!matches(error, expected)) fail(`unexpected rejection ${show(error?.message ?? error)}`, note);
      return;
    }
    fail("expected a rejection", note);
  },
};

export const cases = [
  ["every export returns a Promise", (m) => {
    for (const name of ["unit", "number", "text", "point", "wait"]) {
      const result = name === "wait" ? m[name](0) : m[name]();
      assert.ok(result instanceof Promise, `${name} returns a Promise`);
    }
  }],

  ["return types resolve by value", async (m) => {
    assert.equal(await m.unit(), undefined);
    assert.equal(await m.js_value(), "a js value");
    assert.equal(await m.number(), 4294967295);
    assert.equal(await m.text(), "grüße, 世界");
    const point = await m.point();
    assert.ok(point instanceof m.Point);
    assert.deepEqual([point.x, point.y], [1, -2]);
  }],

  ["Result returns resolve Ok and reject Err", async (m) => {
    assert.equal(await m.result_unit(false), undefined);
    await assert.rejects(m.result_unit(true), (e) => e === "result_unit failed");
    assert.equal(await m.result_number(false), 7);
    await assert.rejects(m.result_number(true), (e) => e === 13);
    const point = await m.result_point(false);
    assert.deepEqual([point.x, point.y], [3, 4]);
    await assert.rejects(m.result_point(true), (e) => e === "no point");
  }],

  ["Result<T, JsError> rejects with an Error carrying the message", async (m) => {
    assert.equal(await m.result_js_error(false), 1);
    await assert.rejects(m.result_js_error(true),
      (e) => e instanceof Error && e.message === "js error message");
  }],

  ["Result<T, E> rejects with the user's E converted into a JS value", async (m) => {
    assert.equal(await m.result_my_error(false), "fine");
    await assert.rejects(m.result_my_error(true), (e) => e === "MyError 42");
  }],

  ["arguments of every kind", async (m) => {
    assert.equal(await m.primitives(255, -3n, 1.5, true, "é"), "255|-3|1.5|true|é");
    assert.equal(await m.owned_string("x"), "owned:x");
    assert.equal(await m.borrowed_str("y"), "borrowed:y");
    assert.equal(await m.owned_bytes(new Uint8Array([1, 2, 3])), 6);
    assert.equal(await m.borrowed_js_value("z"), "z");
    assert.equal(await m.borrowed_js_value(5), "not a string");
    assert.equal(await m.borrowed_imported({ name: "ada" }), "named:ada");
    assert.equal(await m.optional(3), "Some(3)");
    assert.equal(await m.optional(undefined), "None");
  }],

  ["borrowed arguments are owned before the future starts", async (m) => {
    const bytes = new Uint8Array([1, 2, 3]);
    const pending = m.borrowed_bytes(bytes);
    bytes.fill(100); // after the call, before the future reads the slice
    assert.equal(await pending, 6);

    const named = { name: "before" };
    const pendingName = m.borrowed_imported(named);
    named.name = "after"; // the same JS object: the future holds a reference to it
    assert.equal(await pendingName, "named:after");
  }],

  ["impl: async factories, self by value, &self", async (m) => {
    const counter = await m.Counter.create(5);
    assert.ok(counter instanceof m.Counter);
    assert.equal(counter.count(), 5);
    const later = await m.Counter.createLater(8);
    assert.equal(later.count(), 8);

    // &self: the object stays usable from JS while futures borrow it.
    const a = counter.get_later(10);
    const b = counter.get_later(5);
    assert.equal(counter.count(), 5, "synchronous &self calls work while borrowed");
    assert.deepEqual(await Promise.all([a, b]), [5, 5]);

    // self by value: JS's object is spent afterwards.
    assert.equal(await later.into_total(), 8);
    assert.throws(() => later.count(), /null pointer passed to rust|moved|freed|destroyed/i);
  }],

  ["impl: &mut self holds its borrow for the whole future, no data race", async (m) => {
    const counter = new m.Counter();
    const adding = counter.add_later(2, 10);
    // While the &mut borrow is held, any other use of the object is refused.
    assert.throws(() => counter.count(), /recursive use of an object detected/);
    await assert.rejects(async () => counter.add_later(1, 0), /recursive use/);
    assert.equal(await adding, 2);
    assert.equal(counter.count(), 2, "usable again once the future is done");
    const other = new m.Counter();
    const pending = other.add_later(1, 5);
    assert.throws(() => other.free(), /take ownership of Rust value while it was borrowed/,
      "it cannot be freed while borrowed");
    // The refused free detached JS's handle; the pending future still owns a live value.
    assert.equal(await pending, 1);
  }],

  ["three exports awaiting timers run concurrently", async (m) => {
    globalThis.exportsE2eSleepLog = [];
    const results = await Promise.all([m.wait(30), m.wait(20), m.wait(10)]);
    assert.deepEqual(results, [30, 20, 10]);
    // All three timers started before the first ended: one after the other, each would
    // end before the next started.
    assert.deepEqual(globalThis.exportsE2eSleepLog, [
      "start 30", "start 20", "start 10", "end 10", "end 20", "end 30",
    ]);
  }],

  // Futures that wake their own task and complete in the same poll, after two awaits
  // (the runtime's queue polls them): never polled again, nothing poisoned.
  ["self-waking futures complete once and the instance stays usable", async (m) => {
    globalThis.exportsE2eNotes = [];
    assert.equal(await m.wakes_itself_and_completes(), 42);
    assert.equal(await m.joins_a_shared_future(), 7);
    assert.equal(await m.futures_unordered(100), 100);
    await sleep(5);
    assert.deepEqual(globalThis.exportsE2eNotes.splice(0), [
      "wakes_itself_and_completes: after its last await",
      "joins_a_shared_future: joined",
    ]);
    assert.equal(await m.awaits(2), 2);
  }],

  // JS that calls an async export while another one is polled: a sync import, an async
  // import served by an export, a `then` getter run as a promise resolves.
  ["an async export called while another is being polled", async (m) => {
    globalThis.exportsE2eCallBack = () => m.inner_value(41);
    assert.equal(await m.calls_js_that_calls_an_export(), 42);
    assert.equal(await m.upstream_calls_js_that_calls_an_export(), 42, "as with upstream's attribute");
    assert.equal(await m.awaits_an_import_served_by_an_export(), 42);
    let inner;
    const thenable = { get then() { inner = m.inner_value(1); return undefined; } };
    assert.equal(await m.resolves_with(thenable), thenable);
    assert.equal(await inner, 2);
  }],

  ["abortable: a value that is not an AbortSignal rejects with a TypeError", async (m) => {
    await assert.rejects(m.cancellable(1, 123), (error) => error instanceof TypeError);
    let added = 0;
    const lookalike = { aborted: false, reason: undefined, addEventListener() { added += 1; }, removeEventListener() {} };
    await assert.rejects(m.cancellable(1, lookalike), (error) => error instanceof TypeError);
    assert.equal(added, 0, "the look-alike never got a listener");
    assert.equal(await m.cancellable(1, null), 1, "null is no signal, as undefined");
  }],

  ["abortable: an abort event dispatched on a live signal changes nothing", async (m) => {
    const controller = new AbortController();
    const pending = m.cancellable(20, controller.signal);
    await sleep(2);
    controller.signal.dispatchEvent(new Event("abort"));
    assert.equal(await pending, 20);
    const aborted = new AbortController();
    const other = m.cancellable(20, aborted.signal);
    await sleep(2);
    aborted.abort("stop");
    await assert.rejects(other, (error) => error === "stop");
  }],

  // An exception a `catch` import stored during a poll and nobody took (upstream's async
  // import of a JS function that throws at once) dies with that poll: a later `catch`
  // import that throws is an ordinary `Err` (in debug builds it tripped wasm-bindgen's
  // assertion, a panic in an innocent export).
  ["an exception left stored during a poll does not outlive it", async (m) => {
    assert.equal(await m.calls_back(() => {
      try {
        m.leave_an_exception_stored();
      } catch {}
    }), 1);
    await assert.rejects(m.sync_catch_that_throws(), (error) => error.message === "thrown synchronously");
    assert.equal(await m.awaits(3), 3);
  }],

  ["a stream export is an async iterator: for await reads it to its end, then it is dropped", async (m) => {
    globalThis.exportsE2eNotes = [];
    const iterator = m.ticks(3);
    assert.equal(iterator[Symbol.asyncIterator](), iterator, "[Symbol.asyncIterator]() returns itself");
    const items = [];
    for await (const x of iterator) items.push(x);
    assert.deepEqual(items, [0, 1, 2]);
    assert.deepEqual(globalThis.exportsE2eNotes, ["ticks dropped"]);
    assert.deepEqual(await iterator.next(), { value: undefined, done: true }, "after the end");
    assert.deepEqual(await m.words().next(), { value: "alpha", done: false });
  }],

  ["a stream export: break in for await drops the Rust stream", async (m) => {
    globalThis.exportsE2eNotes = [];
    for await (const x of m.ticks(100)) {
      if (x === 1) break;
    }
    assert.deepEqual(globalThis.exportsE2eNotes, ["ticks dropped"]);
  }],

  ["a stream export: next() calls made at once are answered in call order, pulled one by one", async (m) => {
    globalThis.exportsE2eNotes = [];
    globalThis.exportsE2eSleepLog = [];
    const iterator = m.ticks(2);
    const order = [];
    const calls = [iterator.next(), iterator.next(), iterator.next(), iterator.next()]
      .map((promise, i) => promise.then((step) => order.push([i, step.value, step.done])));
    await Promise.all(calls);
    assert.deepEqual(order, [[0, 0, false], [1, 1, false], [2, undefined, true], [3, undefined, true]]);
    // One timer at a time: the stream was polled for one request after the other.
    assert.deepEqual(globalThis.exportsE2eSleepLog, ["start 1", "end 1", "start 1", "end 1"]);
  }],

  ["a stream export: return() while a next() is pending is answered after it", async (m) => {
    globalThis.exportsE2eNotes = [];
    const iterator = m.ticks(10);
    const order = [];
    const next = iterator.next().then((step) => order.push(["next", step.value, step.done]));
    const returned = iterator.return(42).then((step) => order.push(["return", step.value, step.done]));
    await Promise.all([next, returned]);
    assert.deepEqual(order, [["next", 0, false], ["return", 42, true]]);
    assert.deepEqual(globalThis.exportsE2eNotes, ["ticks dropped"]);
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
    assert.deepEqual(await iterator.return(7), { value: 7, done: true }, "return() when finished");
  }],

  ["a stream export: an Err item rejects that next() and ends the iteration", async (m) => {
    const iterator = m.fails_after(2);
    assert.deepEqual(await iterator.next(), { value: 0, done: false });
    assert.deepEqual(await iterator.next(), { value: 1, done: false });
    await assert.rejects(iterator.next(), (error) => error instanceof Error && error.message === "failed after 2");
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
    const items = [];
    await assert.rejects(async () => {
      for await (const x of m.fails_after(1)) items.push(x);
    }, /failed after 1/);
    assert.deepEqual(items, [0]);
  }],

  ["a stream export: abortable drops the stream and rejects the pending next() with the reason", async (m) => {
    globalThis.exportsE2eNotes = [];
    const controller = new AbortController();
    const iterator = m.counts(controller.signal);
    assert.deepEqual(await iterator.next(), { value: 0, done: false });
    const pending = iterator.next();
    controller.abort();
    await assert.rejects(pending, (error) => error?.name === "AbortError");
    assert.deepEqual(globalThis.exportsE2eNotes, ["counts dropped"]);
    // The abort ended the iteration: later calls are answered as after any end.
    assert.deepEqual(await iterator.next(), { value: undefined, done: true }, "later calls");
    // An abort after the end changes nothing: there is no stream left to drop.
    const late = new AbortController();
    const finished = m.counts(late.signal);
    assert.deepEqual(await finished.next(), { value: 0, done: false });
    assert.deepEqual(await finished.return(1), { value: 1, done: true });
    late.abort();
    assert.deepEqual(await finished.next(), { value: undefined, done: true }, "next() after the end");
    assert.deepEqual(await finished.return(2), { value: 2, done: true }, "return() after the end");
  }],

  ["a stream export from an associated function", async (m) => {
    const items = [];
    for await (const x of m.Source.range(3, 6)) items.push(x);
    assert.deepEqual(items, [3, 4, 5]);
  }],

  ["an iterator export is an iterable iterator: for ... of, spread and Array.from read it, then it is dropped", async (m) => {
    globalThis.exportsE2eNotes = [];
    const iterator = m.numbers(3);
    assert.equal(iterator[Symbol.iterator](), iterator, "[Symbol.iterator]() returns itself");
    assert.equal(typeof iterator[Symbol.asyncIterator], "undefined", "a sync iterator");
    const items = [];
    for (const x of iterator) items.push(x);
    assert.deepEqual(items, [0, 1, 2]);
    assert.deepEqual(globalThis.exportsE2eNotes, ["numbers dropped"]);
    assert.deepEqual(iterator.next(), { value: undefined, done: true }, "after the end");
    assert.deepEqual([...m.numbers(4)], [0, 1, 2, 3]);
    assert.deepEqual(Array.from(m.numbers(2), (x) => x * 10), [0, 10]);
    assert.deepEqual([...m.Source.letters("héj")], ["h", "é", "j"]);
    const chunks = [...m.bytes(3)];
    assert.ok(chunks.every((chunk) => chunk instanceof Uint8Array), "Vec<u8> items are Uint8Arrays");
    assert.deepEqual(chunks.map((chunk) => [...chunk]), [[], [1], [2, 2]]);
  }],

  ["an iterator export: break drops the Rust iterator; return() answers as a generator's", async (m) => {
    globalThis.exportsE2eNotes = [];
    for (const x of m.numbers(100)) {
      if (x === 1) break;
    }
    assert.deepEqual(globalThis.exportsE2eNotes, ["numbers dropped"]);
    const iterator = m.numbers(5);
    assert.deepEqual(iterator.next(), { value: 0, done: false });
    assert.deepEqual(iterator.return(42), { value: 42, done: true });
    assert.deepEqual(globalThis.exportsE2eNotes, ["numbers dropped", "numbers dropped"]);
    assert.deepEqual(iterator.next(), { value: undefined, done: true });
    assert.deepEqual(iterator.return(), { value: undefined, done: true }, "return() when finished");
    // As a generator's:
    const generator = (function* () { yield 0; yield 1; })();
    generator.next();
    assert.deepEqual(generator.return(42), { value: 42, done: true });
  }],

  ["an iterator export: an Err item throws from that next() and ends the iteration", async (m) => {
    const iterator = m.numbers_fail_after(1);
    assert.deepEqual(iterator.next(), { value: 0, done: false });
    assert.throws(() => iterator.next(), (error) => error instanceof Error && error.message === "failed after 1");
    assert.deepEqual(iterator.next(), { value: undefined, done: true });
    const items = [];
    assert.throws(() => {
      for (const x of m.numbers_fail_after(2)) items.push(x);
    }, /failed after 2/);
    assert.deepEqual(items, [0, 1]);
  }],

  ["an iterator export: a call back into the running iterator throws a TypeError, as a running generator's", async (m) => {
    globalThis.exportsE2eNotes = [];
    let iterator;
    const seen = [];
    let calls = 0;
    iterator = m.calls_back_in_iterator(() => {
      calls += 1;
      if (calls === 2) {
        const typeError = (error) => error instanceof TypeError;
        assert.throws(() => iterator.next(), typeError, "next() while running");
        assert.throws(() => iterator.return(), typeError, "return() while running");
        seen.push("re-entered");
      }
      return calls;
    });
    assert.deepEqual(iterator.next(), { value: 1, done: false });
    assert.deepEqual(iterator.next(), { value: 2, done: false });
    assert.deepEqual(seen, ["re-entered"]);
    assert.deepEqual(iterator.next(), { value: 3, done: false }, "the iteration goes on");
    assert.deepEqual(iterator.return(), { value: undefined, done: true });
    assert.deepEqual(globalThis.exportsE2eNotes, ["calls_back_in_iterator dropped"]);
    // As a generator's:
    let generator;
    generator = (function* () { yield generator.next(); })();
    assert.throws(() => generator.next(), (error) => error instanceof TypeError);
  }],

  ["an iterator export: a JS exception thrown through its next() reaches the caller; the iterator is then abandoned, as a running one", async (m) => {
    const iterator = m.throws_in_next();
    assert.deepEqual(iterator.next(), { value: 0, done: false });
    assert.throws(() => iterator.next(), /thrown synchronously/);
    // Its frames were abandoned mid-call (as a `&mut self` method's borrow stays taken
    // under upstream's attribute): later calls say so, and run nothing.
    const abandoned = (error) => error instanceof TypeError && /abandoned/.test(error.message);
    assert.throws(() => iterator.next(), abandoned);
    assert.throws(() => iterator.return(), abandoned);
    assert.deepEqual([...m.numbers(2)], [0, 1], "other iterators are not affected");
  }],

  ["start ran exactly once at instantiation", async () => {
    await sleep(10);
    assert.equal(globalThis.exportsE2eStarts, 1);
  }],
];

/// Runs every case on `m`, in order: `{ passed, failed: [[name, message]] }`.
export async function runAll(m) {
  const failed = [];
  let passed = 0;
  for (const [name, run] of cases) {
    try {
      await run(m);
      passed += 1;
    } catch (error) {
      failed.push([name, String(error?.stack ?? error)]);
    }
  }
  return { passed, failed };
}
