// `#[wasm_bindgen(start)] async fn` and `#[wasm_bindgen(main)] async fn main`, each in a
// fresh Node process (the test runner does not run `start`). START_MAIN_PKG names the
// directory `cargo xtask test` wrote the bindings to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

const pkgDir = path.resolve(
  process.env.START_MAIN_PKG ?? new URL("../../../target/start-main-pkg-debug", import.meta.url).pathname,
);
const run = (file) =>
  JSON.parse(
    execFileSync(process.execPath, [new URL("./child.mjs", import.meta.url).pathname, path.join(pkgDir, file)], {
      encoding: "utf8",
    }),
  );

test("async start runs once at instantiation and its Err is thrown", () => {
  const seen = run("start_main.js");
  assert.deepEqual(seen.events, ["start began", "start failing"]);
  assert.deepEqual(seen.uncaught, ["start failed on purpose"]);
});

test("async main runs to completion at instantiation", () => {
  const seen = run("start-main-bin.js");
  assert.deepEqual(seen.events, ["main began", "main done"]);
  assert.deepEqual(seen.uncaught, []);
});
