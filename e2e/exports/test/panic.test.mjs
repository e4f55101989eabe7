// What JS observes when an async export panics (see panic-child.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

test("panic = abort: uncaught RuntimeError, the promise never settles", () => {
  const out = execFileSync(process.execPath, [new URL("./panic-child.mjs", import.meta.url).pathname], {
    env: process.env,
    encoding: "utf8",
  });
  const seen = JSON.parse(out.trim().split("\n").pop());
  assert.deepEqual(seen.uncaught, ["RuntimeError: unreachable"]);
  assert.equal(seen.settled, "pending");
});
