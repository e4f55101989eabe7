// The runtime benchmark in Node. Usage: node bench.mjs <ops> <rounds> <pkg dir> [...]
// Loads every package (wasm-bindgen --target web) into this one process and measures
// them in turns (see measure.mjs). Prints one JSON line per package.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { measureAll } from "./measure.mjs";

const [opsText, roundsText, ...dirs] = process.argv.slice(2);

const load = async (dir) => {
  const glue = await import(pathToFileURL(path.join(path.resolve(dir), "bench_roundtrip.js")));
  glue.initSync({ module: fs.readFileSync(path.join(dir, "bench_roundtrip_bg.wasm")) });
  const snippets = path.join(path.resolve(dir), "snippets");
  const [crate] = fs.readdirSync(snippets);
  const host = await import(pathToFileURL(path.join(snippets, crate, "js/host.js")));
  return { glue, host };
};
const packages = await Promise.all(dirs.map(load));
const now = () => Number(process.hrtime.bigint()) / 1e6;
for (const result of await measureAll(packages, Number(opsText), Number(roundsText), now)) {
  console.log(JSON.stringify(result));
}
