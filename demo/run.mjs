// Runs the demo's wasm (built by `cargo xtask demo`) in Node.
// Usage: node demo/run.mjs <dir with demo.js>
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { run } = require(path.join(path.resolve(process.argv[2]), "demo.js"));
await run();
