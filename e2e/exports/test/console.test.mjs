// The reason of an import's rejection without `catch` reaches JS without a panic hook:
// as the rejection of the async export awaiting it, or else on `console.error` (see
// console-child.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const child = (scenario) => JSON.parse(execFileSync(
  process.execPath,
  [new URL("./console-child.mjs", import.meta.url).pathname, scenario],
  { env: process.env, encoding: "utf8" },
).trim().split("\n").pop());

const message = /^async import `reject_plain` rejected and has no `catch`: Error: nobody catches this/;

test("in a spawn_local task, the message is logged before the trap", () => {
  const seen = child("spawned");
  assert.equal(seen.logged.length, 1, JSON.stringify(seen.logged));
  assert.match(seen.logged[0], message);
  assert.match(seen.logged[0], /help: add #\[wasm_bindgen\(catch\)\]/);
  assert.deepEqual(seen.uncaught, ["RuntimeError: unreachable"]);
});

test("in an async export, the message is the rejection, and nothing is logged", () => {
  const seen = child("export");
  assert.deepEqual(seen.logged, []);
  assert.match(seen.settled, /^rejected panic in async export `awaits_unhandled_rejection`: async import `reject_plain` rejected and has no `catch`/);
  assert.deepEqual(seen.uncaught, []);
});
