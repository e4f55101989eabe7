// Runs page.html in a headless browser. Usage: node browser.mjs <browser binary> <out dir>
// [threads] (Chromium or Firefox: see ../headless.mjs). With `threads`: threads.html, the
// `+atomics` build in <out dir>/threads, served cross-origin isolated (shared memory).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPage } from "../headless.mjs";

const [browser, out, mode] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const threads = mode === "threads";
const text = await runPage({
  browser,
  mounts: { "/page": here, "/out": out },
  page: threads ? "/page/threads.html" : "/page/page.html",
  headers: threads
    ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
    : {},
  timeoutMs: 120_000,
});
console.log(`targets: ${path.basename(browser)}: ${text}`);
