// The runtime benchmark. Usage: node bench.mjs <ops> <rounds> <pkg dir> [<pkg dir> ...]
// Loads every package (wasm-bindgen --target web) into this one process and measures
// them in turns, round after round (rotating who goes first), so that they share the process's JIT and machine
// state: ns per round trip for JS awaiting JS (the floor), Rust awaiting JS, and JS
// awaiting a Rust async export. Prints one JSON line per package with the median of
// the rounds.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [opsText, roundsText, ...dirs] = process.argv.slice(2);
const ops = Number(opsText);
const rounds = Number(roundsText);

const load = async (dir) => {
  const glue = await import(pathToFileURL(path.join(path.resolve(dir), "bench_roundtrip.js")));
  glue.initSync({ module: fs.readFileSync(path.join(dir, "bench_roundtrip_bg.wasm")) });
  const snippets = path.join(path.resolve(dir), "snippets");
  const [crate] = fs.readdirSync(snippets);
  const host = await import(pathToFileURL(path.join(snippets, crate, "js/host.js")));
  return { glue, host };
};
const packages = await Promise.all(dirs.map(load));

const time = async (body) => {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / ops;
};
const measure = async ({ glue, host }) => ({
  floor: await time(async () => {
    for (let i = 0; i < ops; i++) await host.js_identity(i);
  }),
  rustAwaitsJs: await time(() => glue.rust_awaits_js(ops)),
  jsAwaitsRust: await time(async () => {
    for (let i = 0; i < ops; i++) await glue.rust_identity(i);
  }),
});

// Warm up every path of every package.
for (const { glue, host } of packages) {
  await glue.rust_awaits_js(2000);
  for (let i = 0; i < 2000; i++) await glue.rust_identity(i);
  for (let i = 0; i < 2000; i++) await host.js_identity(i);
}
const samples = packages.map(() => []);
for (let round = 0; round < rounds; round++) {
  // Each round starts with the next package, so no package is always measured first.
  for (let k = 0; k < packages.length; k++) {
    const i = (round + k) % packages.length;
    samples[i].push(await measure(packages[i]));
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const runs of samples) {
  const result = {};
  for (const key of ["floor", "rustAwaitsJs", "jsAwaitsRust"]) result[key] = median(runs.map((run) => run[key]));
  console.log(JSON.stringify(result));
}
