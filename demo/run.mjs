// Runs the demo's wasm (built by `cargo xtask demo`) in Node, prints what it logs, and
// checks it: every response present, the fan-outs faster than one request after the
// other, the caught 404; then reads a Rust stream export with `for await` and leaves it
// with `break`, which drops the Rust stream. Exits 1 when a check fails.
// Usage: node demo/run.mjs <dir with demo.js>
import { createRequire } from "node:module";
import path from "node:path";
import { checkDemo, checkTicks, readTicks } from "./checks.mjs";

const require = createRequire(import.meta.url);
const lines = [];
const log = console.log;
console.log = (...args) => {
  lines.push(args.join(" "));
  log(...args);
};
const { run, ticks } = require(path.join(path.resolve(process.argv[2]), "demo.js"));
await run();
await readTicks(ticks);
console.log = log;

const failures = [...checkDemo(lines), ...checkTicks(lines)];
if (failures.length > 0) {
  console.error(`demo: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("demo: all responses present, fan-outs faster than sequential, 404 caught, the slow request aborted, break dropped the Rust stream");
