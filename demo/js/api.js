// A small fetch-like JS API, the kind a Rust/wasm crate imports. In Node, timers stand in
// for the network: every resource takes its own time to arrive, and unknown ones fail
// with 404. In a browser (the browser demo, demo/browser/), the same calls are real
// `fetch`es against the loopback server that serves the page, which answers after the
// same delays.
const inBrowser = typeof document !== "undefined";

export const resources = new Map([
  ["/users", { delay: 40, body: "ada, grace, linus" }],
  ["/orders", { delay: 30, body: "3 open orders" }],
  ["/stock", { delay: 20, body: "apples: 3, pears: 5" }],
  ["/prices", { delay: 35, body: "apples: 0.40, pears: 0.55" }],
  ["/news", { delay: 25, body: "all quiet" }],
  ["/slow", { delay: 500, body: "finally" }],
]);

// Each request of the browser demo as a `performance` measure, `request <url>`, from its
// start to its end, with how it ended (`ok`, `error`, `aborted`, `cancelled`): the page
// draws them on a time axis.
function measure(url, start, outcome) {
  performance.measure(`request ${url}`, { start, end: performance.now(), detail: { url, outcome } });
}

// The browser's real fetch of `/api<url>`: 404 becomes the same error as in Node.
async function fetchFromServer(url, signal) {
  const start = performance.now();
  try {
    const response = await fetch(`/api${url}`, { signal });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url}`);
    const body = await response.text();
    measure(url, start, "ok");
    return body;
  } catch (error) {
    measure(url, start, error?.name === "AbortError" ? "aborted" : "error");
    throw error;
  }
}

export async function fetch_text(url) {
  if (inBrowser) return fetchFromServer(url);
  const resource = resources.get(url);
  await new Promise((resolve) => setTimeout(resolve, resource?.delay ?? 10));
  if (!resource) throw new Error(`404 Not Found: ${url}`);
  return resource.body;
}

export function delay_of(url) {
  return resources.get(url)?.delay ?? 10;
}

// fetch_text with an AbortSignal, as fetch takes one in its init object: aborting rejects
// with the signal's reason and stops the "download" (the timer). What was aborted is
// recorded, so that the demo can show that JS saw it.
const aborted = [];
export function fetch_text_abortable(url, signal) {
  if (inBrowser) {
    signal.addEventListener("abort", () => aborted.push(`${url} (${signal.reason.name})`));
    return fetchFromServer(url, signal);
  }
  return new Promise((resolve, reject) => {
    const resource = resources.get(url);
    const timer = setTimeout(() => {
      if (resource) resolve(resource.body);
      else reject(new Error(`404 Not Found: ${url}`));
    }, resource?.delay ?? 10);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      aborted.push(`${url} (${signal.reason.name})`);
      reject(signal.reason);
    });
  });
}
export function aborted_requests() {
  return aborted.splice(0).join(", ");
}
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The body of a real `fetch` of `url` (browser only), chunk by chunk: an async generator
// that delegates to the response's `ReadableStream`. When Rust drops the stream, its
// `return()` reaches the `ReadableStream`, which cancels the download.
export async function* download(url) {
  const start = performance.now();
  // Left as "cancelled" when the `finally` runs because the reader left early.
  let outcome = "cancelled";
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url}`);
    yield* response.body;
    outcome = "ok";
  } catch (error) {
    outcome = "error";
    throw error;
  } finally {
    measure(url, start, outcome);
  }
}

// The page's progress bar (browser only; a no-op elsewhere).
export function show_progress(received, total) {
  const bar = inBrowser ? document.getElementById("download") : null;
  if (bar) {
    bar.max = total;
    bar.value = received;
  }
}
