// Runs the demo's `run()` (wasm-bindgen --target web build under /pkg/) in the page,
// shows what it logs, and posts the lines to the serving script (demo/browser/serve.mjs).
import init, { run, stream_download } from "/pkg/demo.js";

const out = document.getElementById("out");
const lines = [];
const log = console.log;
console.log = (...args) => {
  lines.push(args.join(" "));
  out.textContent = lines.join("\n");
  log(...args);
};
try {
  await init({ module_or_path: "/pkg/demo_bg.wasm" });
  await run();
  // The streamed download: 64 chunks of 16 KiB, dropped after 256 KiB.
  await stream_download("/download", 64 * 16384, 256 * 1024);
  const seen = await (await fetch("/download-seen")).text();
  console.log(`server           -> ${seen}`);
  await fetch("/results", { method: "POST", body: lines.join("\n") });
} catch (error) {
  out.textContent = `failed: ${error?.stack ?? error}`;
  await fetch("/results", { method: "POST", body: `error: ${error?.stack ?? error}` });
}
