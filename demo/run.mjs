// Runs the demo's wasm (built by `cargo xtask demo`) in Node, prints what it logs, and
// checks it: every response present, the fan-outs faster than one request after the
// other, the caught 404. Exits 1 when a check fails.
// Usage: node demo/run.mjs <dir with demo.js>
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const lines = [];
const log = console.log;
console.log = (...args) => {
  lines.push(args.join(" "));
  log(...args);
};
const { run } = require(path.join(path.resolve(process.argv[2]), "demo.js"));
await run();
console.log = log;

const failures = [];
const line = (label) => lines.find((text) => text.startsWith(label)) ?? "";
const millis = (label) => Number(/in (\d+) ms$/.exec(line(label))?.[1] ?? NaN);
for (const label of ["sequential", "join_all", "all_iterable"]) {
  if (!/-> 3 responses in \d+ ms$/.test(line(label))) failures.push(`${label}: 3 responses, got "${line(label)}"`);
}
for (const label of ["join_all", "all_iterable", "all_tuple"]) {
  if (!(millis(label) < millis("sequential"))) {
    failures.push(`${label} (${millis(label)} ms) must be faster than sequential (${millis("sequential")} ms)`);
  }
}
if (!line("all_tuple").includes("users: ada, grace, linus; prices: apples: 0.40, pears: 0.55")) {
  failures.push(`all_tuple: both responses, got "${line("all_tuple")}"`);
}
const caught = lines.filter((text) => text.startsWith("catch"));
if (!caught.some((text) => text.endsWith("/stock: apples: 3, pears: 5"))) failures.push("catch: the /stock response");
if (!caught.some((text) => text.endsWith("/missing: Err(404 Not Found: /missing)"))) failures.push("catch: the caught 404");
const timeouts = lines.filter((text) => text.startsWith("timeout"));
if (!timeouts.some((text) => /\/stock: apples: 3, pears: 5 in \d+ ms; JS saw aborted: nothing$/.test(text))) {
  failures.push("timeout: /stock arrives in time, nothing aborted");
}
const slow = timeouts.find((text) => text.includes("/slow")) ?? "";
if (!/\/slow: timed out in (\d+) ms; JS saw aborted: \/slow \(AbortError\)$/.test(slow) || millis("timeout") > 400) {
  failures.push(`timeout: /slow times out and JS sees the abort, got "${slow}"`);
}
if (failures.length > 0) {
  console.error(`demo: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("demo: all responses present, fan-outs faster than sequential, 404 caught, the slow request aborted");
