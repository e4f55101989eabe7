// Runs the demo (wasm-bindgen --target web build under /pkg/) in the page: `run()`, the
// `for await` over a Rust stream, the streamed download; shows what it logs and, at the
// end, its requests on a time axis; posts the lines (each with the time it was logged)
// and the requests to the serving script (demo/browser/serve.mjs) as JSON.
import init, { run, stream_download, ticks } from "/pkg/demo.js";
import { readTicks } from "/demo/checks.mjs";
import { drawTimeline, phasesOf } from "/timeline.mjs";

const out = document.getElementById("out");
const lines = [];
const log = console.log;
console.log = (...args) => {
  lines.push({ text: args.join(" "), at: performance.now() });
  out.textContent = lines.map((line) => line.text).join("\n");
  log(...args);
};
try {
  await init({ module_or_path: "/pkg/demo_bg.wasm" });
  await run();
  await readTicks(ticks);
  // The streamed download: 64 chunks of 16 KiB, dropped after 256 KiB.
  await stream_download("/download", 64 * 16384, 256 * 1024);
  const seen = await (await fetch("/download-seen")).text();
  console.log(`server           -> ${seen}`);
  // api.js's measures of each request.
  const requests = performance.getEntriesByType("measure")
    .filter((entry) => entry.name.startsWith("request "))
    .map((entry) => ({ ...entry.detail, start: entry.startTime, end: entry.startTime + entry.duration }));
  document.getElementById("timeline").innerHTML = drawTimeline(phasesOf(lines, requests));
  await fetch("/results", { method: "POST", body: JSON.stringify({ lines, requests }) });
} catch (error) {
  out.textContent = `failed: ${error?.stack ?? error}`;
  await fetch("/results", { method: "POST", body: `error: ${error?.stack ?? error}` });
}
