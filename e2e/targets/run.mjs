// Loads the crate under each target in Node and runs checks.mjs against it.
// Usage: node run.mjs <out dir> (holding nodejs/, web/ and no-modules/ from wasm-bindgen).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { check } from "./checks.mjs";

const out = path.resolve(process.argv[2]);
const wasm = (target) => fs.readFileSync(path.join(out, target, "targets_bg.wasm"));
const loaders = {
  nodejs: async () => createRequire(import.meta.url)(path.join(out, "nodejs", "targets.js")),
  web: async () => {
    const api = await import(pathToFileURL(path.join(out, "web", "targets.js")));
    api.initSync({ module: wasm("web") });
    return api;
  },
  "no-modules": async () => {
    // A classic script that defines the global `wasm_bindgen`, as in a <script> tag.
    // (Its top-level `let` is a global binding, not a property: the script's completion
    // value hands it over.)
    const script = fs.readFileSync(path.join(out, "no-modules", "targets.js"), "utf8");
    const api = vm.runInThisContext(`${script}\nwasm_bindgen`);
    api.initSync({ module: wasm("no-modules") });
    return api;
  },
};
let failed = 0;
for (const [target, load] of Object.entries(loaders)) {
  const failures = await check(`Node, --target ${target}`, await load());
  failed += failures.length;
  for (const failure of failures) console.error(failure);
  console.log(`targets: Node, --target ${target}: ${failures.length ? "FAILED" : "ok"}`);
}
if (failed) process.exit(1);
