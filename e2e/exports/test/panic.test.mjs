// What JS observes when an async export panics (see panic-child.mjs). With
// `panic = "abort"` (stable Rust's only strategy for wasm32) upstream's attribute leaves
// an uncaught RuntimeError and a promise that never settles; ours rejects the promise
// with the panic and poisons the instance (docs/design.md, "Panics in async exports").
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const child = (scenario) => {
  const out = execFileSync(process.execPath, [new URL("./panic-child.mjs", import.meta.url).pathname, scenario], {
    env: process.env,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop());
};

const poisoned = (name, first, message) => {
  const seen = child(name);
  assert.deepEqual(seen.uncaught, [], "nothing uncaught: Node stays alive");
  assert.match(
    seen.settled,
    new RegExp(`^rejected PanicError: panic in async export \`${first}\`: ${message} \\(at e2e/exports/src/lib\\.rs:\\d+:\\d+\\)`),
  );
  assert.deepEqual(seen.panic, { panicMessage: message, exportName: first }, "the bare message and the export");
  assert.match(seen.other, new RegExp(`^rejected Error: async export \`wait\` .*panicked in async export \`${first}\`: ${message}`));
  assert.match(seen.later, new RegExp(`^rejected Error: async export \`awaits\` .*panicked in async export \`${first}\``));
  return seen;
};

test("a panic after an await rejects, other pending exports and later calls reject naming it", () => {
  poisoned("panics", "panics", "boom from an async export");
});

test("a panic at the first poll rejects the same way", () => {
  poisoned("panics_now", "panics_now", "boom at the first poll");
});

test("a panic while our runtime polls (after two awaits) rejects the same way", () => {
  poisoned("panics_after_awaits", "panics_after_awaits", "boom after two awaits");
});

test("a panic in a method (holding &mut self) rejects the same way", () => {
  poisoned("method", "Counter_panic_later", "boom in a method");
});

test("a panic in an export awaited by another export rejects the outer one", () => {
  poisoned("awaits_a_panicking_export", "awaits_a_panicking_export", "boom from an async export");
});

test("a panic while a stream export is polled rejects that next() the same way", () => {
  poisoned("stream", "stream_panics", "boom in a stream");
});

test("a panic inside a stream import's next() (a callback) reaches the export, even under catch", () => {
  poisoned("reads_a_stream_that_panics_in_next", "reads_a_stream_that_panics_in_next", "boom in a callback");
});

const iteratorAfterTrap = "threw Error: an exported iterator was called after a panic trapped in this instance; create a new instance";

test("a panic in an iterator export's next() traps that call; no iterator runs user code after it", () => {
  const seen = child("iterator");
  assert.deepEqual(seen.uncaught, [], "the trap was thrown to the caller of next()");
  const outcome = JSON.parse(seen.settled.replace(/^resolved /, ""));
  assert.deepEqual(outcome, {
    before: 'returned {"value":0,"done":false}',
    panics: "threw RuntimeError: unreachable",
    again: iteratorAfterTrap,
    other: iteratorAfterTrap,
  });
  // A sync trap does not poison async exports (as a synchronous export's panic does not:
  // pages that catch one and go on keep working, see docs/design.md).
  assert.equal(seen.other, "resolved 30");
  assert.equal(seen.later, "resolved 3");
});

test("a trap that JS catches inside an iterator's next(): the outer iterator and a started stream export run nothing after it", () => {
  const seen = child("nested_trap");
  assert.deepEqual(seen.uncaught, []);
  const outcome = JSON.parse(seen.settled.replace(/^resolved /, ""));
  assert.deepEqual(outcome, {
    streamBefore: '{"value":0,"done":false}',
    outer: iteratorAfterTrap,
    outerReturn: iteratorAfterTrap,
    streamAfter: "rejected Error: an exported stream was read after a panic trapped in this instance; create a new instance",
    notes: [],
  });
});

test("upstream's attribute, for comparison: uncaught RuntimeError, the promise never settles", () => {
  const seen = child("upstream_panics_after_awaits");
  assert.deepEqual(seen.uncaught, ["RuntimeError: unreachable"]);
  assert.equal(seen.settled, "pending");
});

test("the user's panic hook runs too, installed before our hook or after it", () => {
  for (const scenario of ["hook_before", "hook_after"]) {
    const seen = poisoned(scenario, "panics", "boom from an async export");
    assert.deepEqual(seen.hookSaw, ["boom from an async export"], scenario);
  }
});

// A JS exception thrown through Rust is not a panic: it surfaces exactly as under
// upstream's attribute (uncaught, the promise pending, nothing poisoned).
test("throws_after_awaits: as under upstream's attribute", () => {
  const ours = child("throws_after_awaits");
  const upstream = child("upstream_throws_after_awaits");
  assert.deepEqual(ours, upstream);
  assert.deepEqual(ours.uncaught, ['value "thrown after two awaits"']);
  assert.equal(ours.settled, "pending");
  assert.equal(ours.later, "resolved 3");
});
