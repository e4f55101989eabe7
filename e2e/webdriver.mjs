// A small W3C WebDriver client for the browser tests: starts chromedriver or geckodriver
// on a free loopback port, opens a headless session of the browser binary, loads a page
// and returns what the page's `window.results` promise resolves to (JSON).
//
//   const results = await resultsOf({ driver: "/usr/bin/chromedriver",
//                                     browser: "/usr/bin/chromium", url });
// A driver whose name contains "gecko" drives Firefox; any other, Chromium.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once("error", reject);
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// The capabilities of a headless session of `browser` under `driver`.
function capabilities(driver, browser) {
  if (path.basename(driver).includes("gecko")) {
    return {
      browserName: "firefox",
      "moz:firefoxOptions": { binary: browser, args: ["-headless"] },
    };
  }
  return {
    browserName: "chrome",
    "goog:chromeOptions": {
      binary: browser,
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    },
  };
}

/// Loads `url` in a headless session and returns the JSON value of the page's
/// `window.results` (a promise the page sets).
export async function resultsOf({ driver, browser, url, timeoutMs = 120_000 }) {
  const port = await freePort();
  const child = spawn(driver, [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  let driverLog = "";
  child.stderr.on("data", (chunk) => { driverLog += chunk; });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, route, body) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok || json.value?.error) {
      throw new Error(`WebDriver ${method} ${route}: ${JSON.stringify(json.value ?? json)}`);
    }
    return json.value;
  };
  let session;
  try {
    for (let tries = 0; ; tries += 1) {
      try {
        if ((await call("GET", "/status")).ready) break;
      } catch (error) {
        if (tries > 100) throw new Error(`${path.basename(driver)} did not start: ${error}\n${driverLog}`);
      }
      await sleep(100);
    }
    session = (await call("POST", "/session", {
      capabilities: { alwaysMatch: capabilities(driver, browser) },
    })).sessionId;
    await call("POST", `/session/${session}/timeouts`, { script: timeoutMs, pageLoad: timeoutMs });
    await call("POST", `/session/${session}/url`, { url });
    const text = await call("POST", `/session/${session}/execute/async`, {
      script: `const done = arguments[arguments.length - 1];
        const wait = () => window.results
          ? window.results.then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify({ error: String(e && e.stack || e) })))
          : setTimeout(wait, 10);
        wait();`,
      args: [],
    });
    const results = JSON.parse(text);
    if (results?.error) throw new Error(`the page failed: ${results.error}`);
    return results;
  } finally {
    if (session) await call("DELETE", `/session/${session}`).catch(() => {});
    child.kill();
    await exited;
  }
}
