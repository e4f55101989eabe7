// The checks run against each build, in Node (run.mjs) and in headless Chromium and
// Firefox (page.mjs, through browser.mjs).
// `api` is the module's exports (for no-modules: the `wasm_bindgen` global).

const held = [];
globalThis.host = {
  identity: async (x) => x,
  reject: async (reason) => { throw new Error(reason); },
  greet: async (name) => `hello ${name}`,
  held: (x) => new Promise((resolve) => held.push(() => resolve(x))),
  until_aborted: (signal) => new Promise((_, reject) => {
    signal.addEventListener("abort", () => {
      globalThis.host.sawAbort = signal.reason?.name;
      reject(signal.reason);
    });
  }),
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

// `threads`: the `+atomics` build, where the futures crate's executor drives async
// exports (wakers may cross threads), so a panic traps as with upstream's attribute.
export async function check(name, api, { threads = false } = {}) {
  const failures = [];
  const expect = (what, actual, expected) => {
    if (actual !== expected) failures.push(`${name}: ${what}: expected ${expected}, got ${actual}`);
  };
  expect("sum(1000)", await api.sum(1000), 499500);
  const error = await api.rejection("nope");
  expect("rejection", error instanceof Error && error.message, "nope");
  expect("greetings", await api.greetings("ada", "grace"), "hello ada hello grace");
  await api.drop_pending();
  expect("a dropped await waits for its promise", api.live_slots(), 1);
  for (const settle of held.splice(0)) settle();
  await tick();
  expect("live slots once settled", api.live_slots(), 0);
  // Cancellation both ways.
  globalThis.host.sawAbort = undefined;
  await api.drop_abortable();
  expect("a dropped abortable import aborts its signal", globalThis.host.sawAbort, "AbortError");
  const controller = new AbortController();
  const cancelled = api.cancellable(5, controller.signal).then(() => "resolved", (error) => error?.name);
  controller.abort();
  expect("an aborted export rejects with the reason", await cancelled, "AbortError");
  for (const settle of held.splice(0)) settle();
  await tick();
  expect("live slots once all settled", api.live_slots(), 0);
  if (threads) {
    // Last: a panic traps, and its promise stays pending, as with upstream's attribute
    // (README, "Threads"): the trap rejects the executor's own promise job, unhandled.
    const uncaught = new Promise((resolve) => {
      globalThis.addEventListener("error", (event) => {
        event.preventDefault();
        resolve(`uncaught ${event.error ?? event.message}`);
      }, { once: true });
      globalThis.addEventListener("unhandledrejection", (event) => {
        event.preventDefault();
        resolve(`unhandled rejection ${event.reason}`);
      }, { once: true });
    });
    const settledFirst = api.panics().then((value) => `resolved ${value}`, (error) => `rejected ${error}`);
    expect("a panic traps", await Promise.race([settledFirst, uncaught]), "unhandled rejection RuntimeError: unreachable");
    return failures;
  }
  // Last: a panic rejects its promise and poisons the instance.
  const settled = (promise) => promise.then((value) => `resolved ${value}`, (error) => `rejected ${error?.message}`);
  const panic = await api.panics().then(() => undefined, (error) => error);
  const panicked = `rejected ${panic?.message}`;
  expect("a panic rejects", panicked.startsWith("rejected panic in async export `panics`: boom in a browser"), true);
  expect("named as upstream's unwind builds name it", panic?.name, "PanicError");
  expect("with the bare message", panic?.panicMessage, "boom in a browser");
  expect("and the export's name", panic?.exportName, "panics");
  expect("an Error", panic instanceof Error, true);
  const later = await settled(api.sum(3));
  expect("later calls reject", later.startsWith("rejected async export `sum` rejected: this instance panicked"), true);
  return failures;
}
