// The demo in a browser. Usage:
//   node serve.mjs <pkg dir> check <chromium> <screenshot.png>
//     headless Chromium loads the page; prints what the demo logged, checks it as the
//     Node demo is checked, and saves a screenshot of the finished page;
//   node serve.mjs <pkg dir> serve [port]
//     serves it for your own browser at http://127.0.0.1:<port>/ (default 8080).
// The loopback server serves the page, the wasm-bindgen --target web build (/pkg/) and
// the demo's API (/api/<resource>, after the resource's delay; 404 for unknown ones).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resources } from "../js/api.js";
import { checkDemo, checkStream, checkTicks, checkTimeline } from "../checks.mjs";
import { drawTimeline, phasesOf } from "./timeline.mjs";
import { fileIn, launch, sendFile, takeResults } from "../../e2e/headless.mjs";

const [pkgDir, mode = "serve", ...rest] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const escape = (text) => text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);

let settle;
const results = new Promise((resolve) => { settle = resolve; });
let finished = null;
// What the server saw of the last download: how much it wrote before the client left.
let downloadSeen = "no download";
const CHUNK = 16384;
const CHUNKS = 64;

const mounts = { "/pkg": pkgDir, "/demo": path.join(here, ".."), "": here };

const server = http.createServer((request, response) => {
  const url = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  if (takeResults(request, response, url, settle)) return;
  if (url.startsWith("/api/")) {
    const resource = resources.get(url.slice(4));
    const timer = setTimeout(() => {
      if (resource) response.writeHead(200, { "content-type": "text/plain" }).end(resource.body);
      else response.writeHead(404).end();
    }, resource?.delay ?? 10);
    request.on("close", () => clearTimeout(timer));
    return;
  }
  if (url === "/download") {
    // 64 chunks of 16 KiB, one every 10 ms; notes whether the connection ended early.
    let sent = 0;
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": CHUNK * CHUNKS });
    const timer = setInterval(() => {
      if (sent === CHUNK * CHUNKS) {
        clearInterval(timer);
        downloadSeen = `sent all ${sent} bytes`;
        response.end();
        return;
      }
      response.write(Buffer.alloc(CHUNK, 7));
      sent += CHUNK;
    }, 10);
    request.on("close", () => {
      if (sent < CHUNK * CHUNKS) {
        clearInterval(timer);
        downloadSeen = `the connection ended after ${sent} of ${CHUNK * CHUNKS} bytes`;
      }
    });
    return;
  }
  if (url === "/download-seen") {
    // After a moment: the close of a cancelled download reaches the server shortly after.
    setTimeout(() => response.writeHead(200, { "content-type": "text/plain" }).end(downloadSeen), 100);
    return;
  }
  if (url === "/finished.html") {
    // The finished page, for the screenshot: what the demo logged and its timeline,
    // rendered statically.
    const text = finished?.lines.map((line) => line.text).join("\n") ?? "";
    const read = /read (\d+) of (\d+) bytes/.exec(text);
    const page = fs.readFileSync(path.join(here, "index.html"), "utf8")
      .replace("running…", escape(text))
      .replace('<div id="timeline"></div>', `<div id="timeline">${drawTimeline(phasesOf(finished?.lines ?? [], finished?.requests ?? []))}</div>`)
      .replace('value="0" max="1"', `value="${read?.[1] ?? 0}" max="${read?.[2] ?? 1}"`)
      .replace(/<script[^>]*><\/script>/, "");
    return response.writeHead(200, { "content-type": "text/html" }).end(page);
  }
  sendFile(response, fileIn(mounts, url === "/" ? "/index.html" : url));
});

const port = mode === "serve" ? Number(rest[0] ?? 8080) : 0;
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

if (mode === "serve") {
  console.log(`demo: open ${origin}/ in your browser (Ctrl-C to stop)`);
} else {
  const [chromium, screenshot] = rest;
  const page = launch(chromium, `${origin}/`);
  const timer = setTimeout(() => settle("error: no results from Chromium within 60 s"), 60_000);
  const text = await results;
  clearTimeout(timer);
  await page.stop();
  if (text.startsWith("error")) {
    console.error(`demo (browser): ${text}`);
    process.exit(1);
  }
  finished = JSON.parse(text);
  const shot = launch(chromium, `${origin}/finished.html`, [
    `--screenshot=${path.resolve(screenshot)}`, "--window-size=1000,1000",
  ]);
  await shot.exited;
  const lines = finished.lines.map((line) => line.text);
  for (const line of lines) console.log(line);
  const phases = phasesOf(finished.lines, finished.requests);
  for (const { label, requests } of phases) {
    const spans = requests.map((r) => `${r.url} ${Math.round(r.start - requests[0].start)}-${Math.round(r.end - requests[0].start)} ms${r.outcome === "ok" ? "" : ` (${r.outcome})`}`);
    console.log(`timeline         -> ${label}: ${spans.join(", ")}`);
  }
  const failures = [...checkDemo(lines), ...checkTicks(lines), ...checkStream(lines), ...checkTimeline(phases)];
  if (failures.length > 0) {
    console.error(`demo (browser): ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log(`demo (browser): the same checks passed in headless Chromium, the streamed download was cut short, and the timeline shows each request; screenshot: ${screenshot}`);
  server.close();
}
