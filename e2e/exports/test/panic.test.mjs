// What JS observes when an async export panics (see panic-child.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const child = (name) => {
  const out = execFileSync(process.execPath, [new URL("./panic-child.mjs", import.meta.url).pathname, name], {
    env: process.env,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop());
};

test("panic = abort: uncaught RuntimeError, the promise never settles", () => {
  const seen = child("panics");
  assert.deepEqual(seen.uncaught, ["RuntimeError: unreachable"]);
  assert.equal(seen.settled, "pending");
});

// From the second await on, our runtime polls an export's future (not the futures
// crate's executor): what it throws must surface exactly as under upstream's attribute,
// where that executor polls throughout.
for (const [name, uncaught] of [
  ["panics_after_awaits", "RuntimeError: unreachable"],
  ["throws_after_awaits", 'value "thrown after two awaits"'],
]) {
  test(`${name}: as under upstream's attribute (${uncaught}, pending, later calls work)`, () => {
    const ours = child(name);
    const upstream = child(`upstream_${name}`);
    assert.deepEqual(ours, upstream);
    assert.deepEqual(ours.uncaught, [uncaught]);
    assert.equal(ours.settled, "pending");
    assert.equal(ours.later, "resolved 3");
  });
}
