// The runtime under futures that wake themselves and then throw or panic, destructors
// after a trap, and throws that are not panics (e2e/exports/src/soundness.rs). Each
// scenario runs in its own process (soundness-child.mjs): panics poison the instance,
// and uncaught exceptions are what is observed. The self-waking futures that complete
// are in cases.mjs (Node and the browsers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pkgDir } from "./load.mjs";

const child = (scenario) => {
  const out = execFileSync(process.execPath, [new URL("./soundness-child.mjs", import.meta.url).pathname, scenario], {
    env: process.env,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop());
};

test("a JS exception after the future woke itself: thrown once, the code before it ran once, nothing dropped", () => {
  const seen = child("wakes_itself_and_throws");
  assert.deepEqual(seen.uncaught, ['value "thrown after waking itself"']);
  assert.deepEqual(seen.settled, { export: "pending" });
  assert.deepEqual(seen.notes, ["wakes_itself_and_throws: after its last await"]);
  assert.equal(seen.later, "resolved 3", "nothing poisoned");
});

test("a panic after the future woke itself: rejects once, the code before it ran once, nothing dropped", () => {
  const seen = child("wakes_itself_and_panics");
  assert.deepEqual(seen.uncaught, []);
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `wakes_itself_and_panics`: boom after waking itself/);
  assert.deepEqual(seen.notes, ["wakes_itself_and_panics: after its last await"]);
  assert.match(seen.later, /^rejected Error: async export `awaits` rejected: this instance panicked/);
});

test("after a trap no destructor runs: not the pending exports', not a value moved out before", () => {
  const seen = child("drops_after_a_trap");
  assert.deepEqual(seen.uncaught, [], "no second panic from a destructor");
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `panics_holding_shared_state`: boom holding the shared state/);
  assert.match(seen.settled.pending, /^rejected Error: async export `holds_a_toucher` rejected: this instance panicked/);
  assert.deepEqual(seen.notes, ["moved value dropped"], "dropped once, before the panic; the toucher never");
});

test("after a trap no waker of the user's runs, nor its destructor, when an await it waits on settles", () => {
  const seen = child("foreign_waker_after_a_trap");
  assert.deepEqual(seen.uncaught, []);
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `panics_later`: boom later/);
  assert.match(seen.settled.pending, /^rejected Error: async export `keeps_a_foreign_waker` rejected: this instance panicked/);
  assert.deepEqual(seen.notes, [], "neither woken nor dropped");
});

test("a WebAssembly.RuntimeError thrown by JS is an exception, as under upstream's attribute", () => {
  const ours = child("js_throws_a_runtime_error");
  assert.deepEqual(ours.uncaught, ["RuntimeError: thrown by JS"]);
  assert.deepEqual(ours.settled, { export: "pending" });
  assert.equal(ours.later, "resolved 3", "nothing poisoned");
  assert.deepEqual(ours, child("upstream_js_throws_a_runtime_error"));
});

test("a panic outside any export does not turn a later JS exception into a panic", () => {
  const seen = child("panic_outside_an_export");
  assert.deepEqual(seen.uncaught, ["RuntimeError: unreachable", 'value "thrown after two awaits"']);
  assert.deepEqual(seen.settled, { export: "pending" });
  assert.equal(seen.later, "resolved 3", "nothing poisoned");
});

test("a hook installed while an export is pending, not chaining ours: the message still reaches the rejection", () => {
  const seen = child("hook_installed_while_pending");
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `panics_later`: boom later \(at /);
  assert.deepEqual(seen.hookSaw, ["boom later"]);
});

test("two hooks set while an export is pending: the panic still rejects and poisons", () => {
  const seen = child("two_hooks_while_pending");
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `panics_later`: boom later \(at /);
  assert.deepEqual(seen.hookSaw, ["hook 2"]);
  assert.match(seen.later, /^rejected Error: async export `awaits` rejected: this instance panicked/);
});

test("a hook installed in the poll that panics: still a rejection and a poison", () => {
  const seen = child("hook_in_the_panicking_poll");
  assert.deepEqual(seen.uncaught, []);
  assert.match(seen.settled.export, /^rejected PanicError: panic in async export `sets_a_hook_then_panics`: \(its message went to a panic hook installed while it ran/);
  assert.deepEqual(seen.hookSaw, ["the user's hook"]);
  assert.match(seen.later, /^rejected Error: async export `awaits` rejected: this instance panicked/);
});

test("a panic between a JS exception and the runtime's handler does not turn it into a panic", () => {
  const seen = child("panic_between_a_throw_and_its_handler");
  assert.deepEqual(seen.uncaught, ["Error: thrown at the first poll"]);
  assert.deepEqual(seen.settled, { export: "pending" });
  assert.equal(seen.later, "resolved 3", "nothing poisoned");
});

test("the .wasm exports nothing of the runtime's own", () => {
  const wasm = fs.readFileSync(path.join(pkgDir, "exports_bg.wasm"));
  const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
  assert.deepEqual(names.filter((name) => name.includes("wbga")), []);
});
