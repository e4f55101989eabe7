// Runs a page in a headless browser (Chromium or Firefox) and returns what it posts to
// `/results`: the shared driver of the browser benchmark (bench/roundtrip/chromium.mjs)
// and the browser tests. No WebDriver: the browser is started on the page's URL.
//
//   const text = await runPage({ browser: "/usr/bin/chromium", mounts: { "/pkg/0": dir },
//                                page: "/pkg/0/index.html?x=1" });
// (`chromium` is accepted for `browser`; a binary whose name contains "firefox" is run
// as Firefox.)
//
// `mounts` maps URL prefixes to directories, served from a loopback HTTP server (no other
// network). The page must POST its results (text) to `/results`; a text starting with
// "error" rejects.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const types = {
  ".html": "text/html",
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
};

/// The file `url` names under `mounts` (URL prefix -> directory), or null.
export function fileIn(mounts, url) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (!url.startsWith(`${prefix}/`)) continue;
    const root = path.resolve(dir);
    const full = path.join(root, url.slice(prefix.length));
    return full.startsWith(root) ? full : null;
  }
  return null;
}

/// Answers with `file` (404 when it is missing or a directory), with `headers` besides
/// its content type.
export function sendFile(response, file, headers = {}) {
  if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { ...headers, "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(response);
}

/// Starts the headless browser `binary` (Chromium, or Firefox by its name) on `url`, with
/// a fresh profile; `extraArgs` go before the URL. `exited` settles when it exits by
/// itself; `stop()` ends it and removes the profile.
export function launch(binary, url, extraArgs = []) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "wbga-browser-"));
  const args = path.basename(binary).includes("firefox")
    ? ["--headless", "--no-remote", "--profile", profile, ...extraArgs, url]
    : [
      // Nothing else of Chromium's should compete for the cores while the page runs.
      "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-extensions", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
      "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
      `--user-data-dir=${profile}`, ...extraArgs, url,
    ];
  const child = spawn(binary, args, { stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const removeProfile = () => {
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // The browser's helper processes may still be writing to it: a leftover in the temp dir.
    }
  };
  exited.then(removeProfile);
  const stop = async () => {
    child.kill();
    await exited;
  };
  return { exited, stop };
}

/// If `request` posts the page's results (to `/results`), reads them, answers, and calls
/// `settle` with the text; returns whether it did.
export function takeResults(request, response, url, settle) {
  if (request.method !== "POST" || url !== "/results") return false;
  let body = "";
  request.on("data", (chunk) => { body += chunk; });
  request.on("end", () => { response.end(); settle(body); });
  return true;
}

// `headers` are sent with every file (the cross-origin isolation that shared memory needs).
export async function runPage({ browser: binary, chromium, mounts, page, headers = {}, timeoutMs = 600_000 }) {
  binary ??= chromium;
  let settle;
  const results = new Promise((resolve) => { settle = resolve; });
  const server = http.createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    if (!takeResults(request, response, url, settle)) sendFile(response, fileIn(mounts, url), headers);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = launch(binary, `http://127.0.0.1:${server.address().port}${page}`);
  const timer = setTimeout(() => settle(`error: no results within ${timeoutMs / 1000} s`), timeoutMs);
  const text = await results;
  clearTimeout(timer);
  await browser.stop();
  server.close();
  if (text.startsWith("error")) throw new Error(text);
  return text;
}
