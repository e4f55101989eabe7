// One run of the runtime benchmark. Usage: node bench.mjs <pkg dir> <ops>
// Prints JSON: ns per round trip for JS awaiting JS (the floor), Rust awaiting JS, and JS
// awaiting a Rust async export.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, opsText] = process.argv.slice(2);
const ops = Number(opsText);
const glue = await import(pathToFileURL(path.join(path.resolve(dir), "bench_roundtrip.js")));
glue.initSync({ module: fs.readFileSync(path.join(dir, "bench_roundtrip_bg.wasm")) });
const host = await import(pathToFileURL(path.resolve(new URL("./js/host.js", import.meta.url).pathname)));

const time = async (body) => {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / ops;
};

// Warm up every path so the JIT has seen it.
await glue.rust_awaits_js(1000);
for (let i = 0; i < 1000; i++) await glue.rust_identity(i);
for (let i = 0; i < 1000; i++) await host.js_identity(i);

const floor = await time(async () => {
  for (let i = 0; i < ops; i++) await host.js_identity(i);
});
const rustAwaitsJs = await time(() => glue.rust_awaits_js(ops));
const jsAwaitsRust = await time(async () => {
  for (let i = 0; i < ops; i++) await glue.rust_identity(i);
});
console.log(JSON.stringify({ floor, rustAwaitsJs, jsAwaitsRust }));
