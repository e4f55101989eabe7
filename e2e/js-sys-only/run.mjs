// Loads the js-sys-only crate's bindings (wasm-bindgen --target nodejs) and checks that
// every async import and export ran. Usage: node run.mjs <dir with js_sys_only.js>
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const dir = path.resolve(process.argv[2]);
const { run, Tally } = require(path.join(dir, "js_sys_only.js"));
const expected = "number=42 failure=true value=value of k total=5";
const tally = await Tally.open(2);
const got = `${await run()} total=${await tally.add(3)}`;
if (got !== expected) {
  console.error(`js-sys-only: expected "${expected}", got "${got}"`);
  process.exit(1);
}
// Last: a panic poisons the instance.
const { panics } = require(path.join(dir, "js_sys_only.js"));
const panicked = await panics().then(
  (value) => `resolved ${value}`,
  (error) => String(error?.message ?? error),
);
if (!panicked.startsWith("panic in async export `panics`: boom on the js-sys path")) {
  console.error(`js-sys-only: expected the panic's rejection, got "${panicked}"`);
  process.exit(1);
}
console.log(`js-sys-only: ${got}; panics() rejected with the panic`);
