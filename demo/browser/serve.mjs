// The demo in a browser. Usage:
//   node serve.mjs <pkg dir> check <chromium> <screenshot.png>
//     headless Chromium loads the page; prints what the demo logged, checks it as the
//     Node demo is checked, and saves a screenshot of the finished page;
//   node serve.mjs <pkg dir> serve [port]
//     serves it for your own browser at http://127.0.0.1:<port>/ (default 8080).
// The loopback server serves the page, the wasm-bindgen --target web build (/pkg/) and
// the demo's API (/api/<resource>, after the resource's delay; 404 for unknown ones).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resources } from "../js/api.js";
import { checkDemo } from "../checks.mjs";

const [pkgDir, mode = "serve", ...rest] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const types = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };
const escape = (text) => text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);

let settle;
const results = new Promise((resolve) => { settle = resolve; });
let finished = null;

const sendFile = (response, file) => {
  if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return response.writeHead(404).end();
  response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(response);
};
const inside = (root, relative) => {
  const full = path.join(root, relative);
  return full.startsWith(root) ? full : null;
};

const server = http.createServer((request, response) => {
  const url = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  if (request.method === "POST" && url === "/results") {
    let body = "";
    request.on("data", (chunk) => { body += chunk; });
    request.on("end", () => { response.end(); settle(body); });
    return;
  }
  if (url.startsWith("/api/")) {
    const resource = resources.get(url.slice(4));
    const timer = setTimeout(() => {
      if (resource) response.writeHead(200, { "content-type": "text/plain" }).end(resource.body);
      else response.writeHead(404).end();
    }, resource?.delay ?? 10);
    request.on("close", () => clearTimeout(timer));
    return;
  }
  if (url === "/finished.html") {
    // The finished page, for the screenshot: what the demo logged, rendered statically.
    const page = fs.readFileSync(path.join(here, "index.html"), "utf8")
      .replace("running…", escape(finished ?? ""))
      .replace(/<script[^>]*><\/script>/, "");
    return response.writeHead(200, { "content-type": "text/html" }).end(page);
  }
  if (url.startsWith("/pkg/")) return sendFile(response, inside(path.resolve(pkgDir), url.slice(5)));
  sendFile(response, inside(here, url === "/" ? "index.html" : url.slice(1)));
});

const port = mode === "serve" ? Number(rest[0] ?? 8080) : 0;
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

if (mode === "serve") {
  console.log(`demo: open ${origin}/ in your browser (Ctrl-C to stop)`);
} else {
  const [chromium, screenshot] = rest;
  const chrome = (args) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "wbga-demo-"));
    const child = spawn(chromium, [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-extensions", "--disable-background-networking", "--disable-component-update",
      `--user-data-dir=${profile}`, ...args,
    ], { stdio: "ignore" });
    return { child, exited: new Promise((resolve) => child.once("exit", resolve)), profile };
  };
  const page = chrome([`${origin}/`]);
  const timer = setTimeout(() => settle("error: no results from Chromium within 60 s"), 60_000);
  const text = await results;
  clearTimeout(timer);
  page.child.kill();
  await page.exited;
  if (text.startsWith("error")) {
    console.error(`demo (browser): ${text}`);
    process.exit(1);
  }
  finished = text;
  const shot = chrome([`--screenshot=${path.resolve(screenshot)}`, "--window-size=1000,640", `${origin}/finished.html`]);
  await shot.exited;
  for (const line of text.split("\n")) console.log(line);
  const failures = checkDemo(text.split("\n"));
  if (failures.length > 0) {
    console.error(`demo (browser): ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log(`demo (browser): the same checks passed in headless Chromium; screenshot: ${screenshot}`);
  server.close();
}
