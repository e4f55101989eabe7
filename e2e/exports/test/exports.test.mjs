// Async exports of wasm-bindgen-async, awaited from JS in Node: the cases of cases.mjs,
// which the browsers run too (browser/page.mjs).
import { test } from "node:test";
import { cases } from "./cases.mjs";
import { load } from "./load.mjs";

const m = load();

for (const [name, run] of cases) {
  test(name, () => run(m));
}
