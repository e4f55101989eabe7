// The runtime benchmark in headless Chromium. Usage:
//   node chromium.mjs <chromium binary> <ops> <rounds> <pkg dir> [...]
// Serves browser/, measure.mjs and the packages (wasm-bindgen --target web) from a
// loopback HTTP server, loads the page in headless Chromium, and prints the JSON lines
// the page posts back (one per package, as bench.mjs does).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [chromium, ops, rounds, ...dirs] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const types = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };

const file = (url) => {
  const pkg = url.match(/^\/pkg\/(\d+)\/(.*)$/);
  const full = pkg ? path.join(path.resolve(dirs[Number(pkg[1])]), pkg[2]) : path.join(here, url);
  const root = pkg ? path.resolve(dirs[Number(pkg[1])]) : here;
  return full.startsWith(root) ? full : null;
};

let resolveResults;
const results = new Promise((resolve) => { resolveResults = resolve; });
const server = http.createServer((request, response) => {
  const url = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  if (request.method === "POST" && url === "/results") {
    let body = "";
    request.on("data", (chunk) => { body += chunk; });
    request.on("end", () => { response.end(); resolveResults(body); });
    return;
  }
  const full = file(url);
  if (!full || !fs.existsSync(full) || fs.statSync(full).isDirectory()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": types[path.extname(full)] ?? "application/octet-stream" });
  fs.createReadStream(full).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const crates = dirs.map((dir) => fs.readdirSync(path.join(dir, "snippets"))[0]);
const page = `http://127.0.0.1:${server.address().port}/browser/index.html` +
  `?ops=${ops}&rounds=${rounds}&crates=${crates.join(",")}`;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "wbga-chromium-"));
const browser = spawn(chromium, [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
  `--user-data-dir=${profile}`, page,
], { stdio: "ignore" });
const timeout = setTimeout(() => resolveResults("error: no results from Chromium within 10 minutes"), 600_000);
const text = await results;
clearTimeout(timeout);
const exited = new Promise((resolve) => browser.once("exit", resolve));
browser.kill();
await exited;
server.close();
fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
if (text.startsWith("error")) {
  console.error(text);
  process.exit(1);
}
console.log(text);
