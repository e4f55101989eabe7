// Runs page.html in headless Chromium. Usage: node chromium.mjs <chromium> <out dir>
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPage } from "../headless.mjs";

const [chromium, out] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const text = await runPage({
  chromium,
  mounts: { "/page": here, "/out": out },
  page: "/page/page.html",
  timeoutMs: 120_000,
});
console.log(`targets: Chromium: ${text}`);
