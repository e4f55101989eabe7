// `abortable` async exports: JS may pass an AbortSignal last; when it aborts, the Rust
// future is dropped at its current await and the promise rejects with signal.reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { load, pkgDir } from "./load.mjs";

const m = load();
const notes = () => globalThis.exportsE2eNotes?.splice(0) ?? [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("without a signal, or one that never aborts, it resolves; no listener is left", async () => {
  notes();
  assert.equal(await m.cancellable(1), 1);
  const controller = new AbortController();
  assert.equal(await m.cancellable(2, controller.signal), 2);
  assert.equal(getEventListeners(controller.signal, "abort").length, 0);
  assert.deepEqual(notes(), ["cancellable started", "cancellable finished", "cancellable started", "cancellable finished"]);
});

test("aborted while pending: rejects with the reason, and no code after the await runs", async () => {
  notes();
  const controller = new AbortController();
  const pending = m.cancellable(50, controller.signal);
  await sleep(5);
  assert.equal(getEventListeners(controller.signal, "abort").length, 1);
  controller.abort();
  await assert.rejects(pending, (error) => error.name === "AbortError");
  await sleep(80);
  assert.deepEqual(notes(), ["cancellable started"], "dropped at its await");
  assert.equal(getEventListeners(controller.signal, "abort").length, 0);

  const custom = new AbortController();
  const other = m.cancellable(50, custom.signal);
  const reason = new Error("stopped by the caller");
  custom.abort(reason);
  await assert.rejects(other, (error) => error === reason);
});

test("an already aborted signal rejects at once, without running the export", async () => {
  notes();
  const reason = new Error("too late");
  await assert.rejects(m.cancellable(1, AbortSignal.abort(reason)), (error) => error === reason);
  await sleep(5);
  assert.deepEqual(notes(), []);
});

test("with Result<T, E>: Ok resolves, Err converts, abort rejects with the reason", async () => {
  assert.equal(await m.cancellable_result(1, false, new AbortController().signal), 1);
  await assert.rejects(m.cancellable_result(1, true, new AbortController().signal), (error) => error === "MyError 7");
  const controller = new AbortController();
  const pending = m.cancellable_result(50, false, controller.signal);
  controller.abort();
  await assert.rejects(pending, (error) => error.name === "AbortError");
});

test("a method holding &mut self: the abort ends the borrow, the object stays usable", async () => {
  const counter = new m.Counter();
  const controller = new AbortController();
  const pending = counter.add_cancellable(5, 50, controller.signal);
  assert.throws(() => counter.count(), "borrowed mutably meanwhile");
  controller.abort();
  await assert.rejects(pending, (error) => error.name === "AbortError");
  assert.equal(counter.count(), 0, "the add never ran");
  assert.equal(await counter.add_cancellable(2, 1), 2);
});

test(".d.ts types the signal as an optional last AbortSignal", () => {
  const dts = fs.readFileSync(path.join(pkgDir, "exports.d.ts"), "utf8");
  assert.match(dts, /export function cancellable\(ms: number, signal\?: AbortSignal\): Promise<number>;/);
  assert.match(dts, /add_cancellable\(k: number, ms: number, signal\?: AbortSignal\): Promise<number>;/);
});

test("a listener kept and called later changes nothing: not the finished export, not a later one", async () => {
  const first = new AbortController();
  const pending = m.cancellable(5, first.signal);
  await sleep(1); // the first poll attaches it
  const [listener] = getEventListeners(first.signal, "abort");
  assert.equal(typeof listener, "function");
  assert.equal(await pending, 5);
  assert.equal(getEventListeners(first.signal, "abort").length, 0, "removed once the export finished");
  // Another export's watch now holds the slot the first one had; its own signal is live.
  const second = new AbortController();
  const later = m.cancellable(20, second.signal);
  await sleep(2);
  for (let i = 0; i < 3; i++) listener(new Event("abort"));
  listener.call(second.signal, new Event("abort"));
  assert.equal(await later, 20, "not aborted by a stale listener");
  // Every later await still works (nothing is wedged).
  assert.equal(await m.awaits(3), 3);
  assert.equal(await m.cancellable(1, new AbortController().signal), 1);
});

test("the listener is a function of each call's own, never shared between calls", async () => {
  const a = new AbortController();
  const b = new AbortController();
  const both = [m.cancellable(5, a.signal), m.cancellable(5, b.signal)];
  await sleep(1);
  const [la] = getEventListeners(a.signal, "abort");
  const [lb] = getEventListeners(b.signal, "abort");
  assert.equal(typeof la, "function");
  assert.notEqual(la, lb);
  assert.deepEqual(await Promise.all(both), [5, 5]);
});
