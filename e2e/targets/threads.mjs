// The `+atomics` build (shared memory, `--target web`), served cross-origin isolated:
// checks.mjs on the main thread and, at the same time, in a module worker that
// instantiates the same module on the same memory. Each thread has its own await table
// (the checks count its live slots). Posts the failures (or "ok") to the serving script.
import { check } from "./checks.mjs";
import init, * as api from "/out/threads/targets.js";

const report = async (text) => fetch("/results", { method: "POST", body: text });
try {
  if (!globalThis.crossOriginIsolated) throw new Error("the page is not cross-origin isolated");
  const module = await WebAssembly.compileStreaming(fetch("/out/threads/targets_bg.wasm"));
  const wasm = await init({ module_or_path: module });
  if (!(wasm.memory.buffer instanceof SharedArrayBuffer)) throw new Error("the memory is not shared");
  const worker = new Worker("/page/threads-worker.mjs", { type: "module" });
  const inWorker = new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (event) => resolve([`the worker failed: ${event.message}`]);
  });
  worker.postMessage({ module, memory: wasm.memory });
  const failures = (await Promise.all([check("main thread", api, { threads: true }), inWorker])).flat();
  await report(failures.length ? `error: ${failures.join("\n")}` : "ok: main thread and a worker, one memory");
} catch (error) {
  await report(`error: ${error?.stack ?? error}`);
}
