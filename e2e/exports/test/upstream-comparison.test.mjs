// A JS promise that resolves a value of the wrong type for the declared Rust return:
// upstream wasm-bindgen's own async imports against ours. The README's "Differences
// from upstream" quotes these outcomes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const call = (name) =>
  JSON.parse(
    execFileSync(process.execPath, [new URL("./call-child.mjs", import.meta.url).pathname, name], {
      encoding: "utf8",
      env: process.env,
    }).trim().split("\n").pop(),
  );

test("upstream turns a string resolved for u32 into 0, even under catch", () => {
  assert.deepEqual(call("upstream_string_for_u32"), { settled: "resolved 0", uncaught: [] });
  assert.deepEqual(call("upstream_string_for_u32_caught"), { settled: "resolved 0", uncaught: [] });
});

test("upstream throws an uncaught error for null resolved for String; the call never settles", () => {
  const seen = call("upstream_null_for_string");
  assert.equal(seen.settled, "pending");
  // The glue's string conversion fails inside the resolve callback (the wording depends
  // on whether wasm-bindgen emitted its debug checks).
  assert.equal(seen.uncaught.length, 1);
  assert.match(seen.uncaught[0], /Cannot read properties of null|expected a string argument/);
});

test("ours: Err naming the import and both types", () => {
  // Numbers are checked in builds with debug assertions; release builds convert them as
  // upstream does (`cargo xtask test` runs this file against both builds).
  assert.deepEqual(
    call("ours_string_for_u32_caught"),
    process.env.EXPORTS_E2E_PROFILE === "release"
      ? { settled: "resolved 0", uncaught: [] }
      : {
          settled:
            'rejected async import `string_for_u32_caught` is declared to resolve to `u32`, but its promise resolved JsValue("abc")',
          uncaught: [],
        },
  );
  assert.deepEqual(call("ours_null_for_string_caught"), {
    settled:
      "rejected async import `null_for_string_caught` is declared to resolve to `String`, but its promise resolved JsValue(null)",
    uncaught: [],
  });
});

test("a JS function that throws before returning a promise, under catch", () => {
  const upstream = call("upstream_throws_sync_caught");
  // Upstream's import swallows the exception, then calls `.then` on `undefined`: the
  // TypeError goes through the export's poll, uncaught, and the call never settles.
  assert.equal(upstream.settled, "pending");
  assert.deepEqual(upstream.uncaught, ["TypeError: Cannot read properties of undefined (reading 'then')"]);
  assert.deepEqual(call("ours_throws_sync_caught"), { settled: "rejected thrown synchronously", uncaught: [] });
});
