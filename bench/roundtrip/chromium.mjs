// The runtime benchmark in headless Chromium. Usage:
//   node chromium.mjs <chromium binary> <ops> <rounds> <pkg dir> [...]
// Serves browser/, measure.mjs and the packages (wasm-bindgen --target web) from a
// loopback server, runs browser/index.html, and prints the JSON lines the page posts
// back (one per package, as bench.mjs does).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPage } from "../../e2e/headless.mjs";

const [chromium, ops, rounds, ...dirs] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const mounts = { "/bench": here };
dirs.forEach((dir, i) => { mounts[`/pkg/${i}`] = dir; });
const crates = dirs.map((dir) => fs.readdirSync(path.join(dir, "snippets"))[0]);
const page = `/bench/browser/index.html?ops=${ops}&rounds=${rounds}&crates=${crates.join(",")}`;
console.log(await runPage({ chromium, mounts, page }));
