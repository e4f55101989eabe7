// A small fetch-like JS API, the kind a Rust/wasm crate imports. Timers stand in for the
// network: every resource takes its own time to arrive, and unknown ones fail with 404.
const resources = new Map([
  ["/users", { delay: 40, body: "ada, grace, linus" }],
  ["/orders", { delay: 30, body: "3 open orders" }],
  ["/stock", { delay: 20, body: "apples: 3, pears: 5" }],
  ["/prices", { delay: 35, body: "apples: 0.40, pears: 0.55" }],
  ["/news", { delay: 25, body: "all quiet" }],
]);

export async function fetch_text(url) {
  const resource = resources.get(url);
  await new Promise((resolve) => setTimeout(resolve, resource?.delay ?? 10));
  if (!resource) throw new Error(`404 Not Found: ${url}`);
  return resource.body;
}

export function delay_of(url) {
  return resources.get(url)?.delay ?? 10;
}
