// Runs page.html in a headless browser. Usage: node browser.mjs <browser binary> <out dir>
// (Chromium or Firefox: see ../headless.mjs).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPage } from "../headless.mjs";

const [browser, out] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const text = await runPage({
  browser,
  mounts: { "/page": here, "/out": out },
  page: "/page/page.html",
  timeoutMs: 120_000,
});
console.log(`targets: ${path.basename(browser)}: ${text}`);
