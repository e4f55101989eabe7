// The soak test. Usage: node --expose-gc soak.mjs <pkg dir> [round trips] [rejections]
// Runs the round trips in each direction, the rejected promises under `catch`, the
// aborted and dropped calls, and the streams (items read each way, streams left mid-way
// each way, the drop observed on the other side) in batches, checking every result, sampling wasm memory pages and the externref table after
// each, and fails on a wrong result or if either is larger at the end than after the first
// batch (growth that does not level off).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, tripsText = "1000000", rejectionsText = "10000", dropsText = "100000"] = process.argv.slice(2);
const trips = Number(tripsText);
const rejections = Number(rejectionsText);
const drops = Number(dropsText);
const glue = await import(pathToFileURL(path.join(path.resolve(dir), "bench_roundtrip.js")));
const wasm = glue.initSync({ module: fs.readFileSync(path.join(dir, "bench_roundtrip_bg.wasm")) });

// The host module the glue imports (the same instance: counts the generators' `finally`).
const snippets = path.join(path.resolve(dir), "snippets");
const [crate] = fs.readdirSync(snippets);
const host = await import(pathToFileURL(path.join(snippets, crate, "js/host.js")));
// Lets the collector and then the finalizers run (when node has --expose-gc): iterator
// objects of stream exports free their closures, and with them what is left of the
// stream's state, when finalized, some tasks after a collection.
const collect = async () => {
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const sample = () => ({
  pages: wasm.memory.buffer.byteLength / 65536,
  table: wasm.__wbindgen_externrefs.length,
  live: glue.live_externrefs(),
  slots: glue.live_slots(),
});
// Lets the promises of dropped futures settle.
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

const phases = [
  ["Rust awaits JS", trips, async (n) => {
    // The sum of 0..n, as a u32: every round trip resolved its own value.
    const sum = await glue.rust_awaits_js(n);
    const expected = Number((BigInt(n) * BigInt(n - 1) / 2n) % 2n ** 32n);
    if (sum !== expected) throw new Error(`expected the sum ${expected}, got ${sum}`);
  }],
  ["JS awaits Rust", trips, async (n) => {
    for (let i = 0; i < n; i++) {
      const value = await glue.rust_identity(i);
      if (value !== i + 1) throw new Error(`rust_identity(${i}) resolved ${value}`);
    }
  }],
  ["rejections under catch", rejections, async (n) => {
    const rejected = await glue.rust_awaits_rejections(n);
    if (rejected !== n) throw new Error(`expected ${n} rejections, got ${rejected}`);
  }],
  ["abortable calls aborted", drops, async (n) => {
    const pending = await glue.rust_aborts_js(n);
    if (pending !== n) throw new Error(`expected ${n} pending futures, got ${pending}`);
    await settled();
  }],
  ["exports aborted from JS", drops, async (n) => {
    let rejected = 0;
    for (let i = 0; i < n; i++) {
      const controller = new AbortController();
      const pending = glue.rust_until_aborted(controller.signal);
      controller.abort();
      await pending.catch((error) => { if (error.name === "AbortError") rejected += 1; });
    }
    if (rejected !== n) throw new Error(`expected ${n} AbortErrors, got ${rejected}`);
    await settled();
  }],
  ["Rust reads a JS stream", trips, async (n) => {
    // One stream of n items: the sum of 0..n, as a u32.
    const sum = await glue.rust_reads_js_stream(n);
    const expected = Number((BigInt(n) * BigInt(n - 1) / 2n) % 2n ** 32n);
    if (sum !== expected) throw new Error(`expected the sum ${expected}, got ${sum}`);
  }],
  ["JS reads a Rust stream", trips, async (n) => {
    let i = 0;
    for await (const x of glue.rust_numbers(n)) {
      if (x !== i) throw new Error(`item ${i} of rust_numbers was ${x}`);
      i += 1;
    }
    if (i !== n) throw new Error(`rust_numbers(${n}) gave ${i} items`);
    await settled();
  }],
  ["JS streams dropped by Rust", drops, async (n) => {
    const before = host.js_endless_finished();
    const read = await glue.rust_drops_js_streams(n);
    await settled();
    const finished = host.js_endless_finished() - before;
    if (read !== 2 * n) throw new Error(`expected ${2 * n} items read, got ${read}`);
    if (finished !== n) throw new Error(`expected ${n} generators finished by the drop, got ${finished}`);
  }],
  ["Rust streams left by JS", drops, async (n) => {
    const before = glue.rust_endless_dropped();
    for (let i = 0; i < n; i++) {
      for await (const x of glue.rust_endless()) {
        if (x !== 0) throw new Error(`rust_endless began with ${x}`);
        break;
      }
    }
    // Each iterator object owns a little of wasm memory until it is collected (its
    // closures): collected here, as a JS engine does when it needs to.
    await collect();
    const dropped = glue.rust_endless_dropped() - before;
    if (dropped !== n) throw new Error(`expected ${n} Rust streams dropped by break, got ${dropped}`);
  }],
  ["futures dropped pending", drops, async (n) => {
    const pending = await glue.rust_drops_js_futures(n);
    if (pending !== n) throw new Error(`expected ${n} pending futures, got ${pending}`);
    await settled();
  }],
];

let failed = false;
for (const [name, total, run] of phases) {
  const batches = 10;
  const batch = Math.ceil(total / batches);
  await run(batch);
  await settled();
  await collect();
  const start = sample();
  const startTime = Date.now();
  for (let i = 1; i < batches; i++) await run(batch);
  await settled();
  await collect();
  const end = sample();
  const idle = glue.live_slots();
  const grew = end.pages > start.pages || end.table > start.table || end.live > start.live ||
    end.slots > start.slots || idle !== 0;
  failed ||= grew;
  console.log(
    `${name.padEnd(26)} ${String(total).padStart(8)} ops in ${((Date.now() - startTime) / 1000).toFixed(1)} s: ` +
      `memory ${start.pages} -> ${end.pages} pages, externref table ${start.table} -> ${end.table} ` +
      `(live ${start.live} -> ${end.live}), runtime slots and tasks ${start.slots} -> ${end.slots}, ` +
      `${idle} once settled${grew ? "  GREW" : ""}`,
  );
}
if (failed) {
  console.error("soak: memory, the externref table or the runtime's slots kept growing (or slots stayed live once every promise settled)");
  process.exit(1);
}
console.log("soak: no growth");
