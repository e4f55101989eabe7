// The demo's checks, on the lines it logged (Node: run.mjs; browser: browser/serve.mjs):
// every response present, the fan-outs faster than one request after the other, the
// caught 404, the slow request aborted by its timeout. Returns the failures.
export function checkDemo(lines) {
  const failures = [];
  const line = (label) => lines.find((text) => text.startsWith(label)) ?? "";
  const millis = (label) => Number(/in (\d+) ms$/.exec(line(label))?.[1] ?? NaN);
  for (const label of ["sequential", "join_all", "all_iterable"]) {
    if (!/-> 3 responses in \d+ ms$/.test(line(label))) failures.push(`${label}: 3 responses, got "${line(label)}"`);
  }
  for (const label of ["join_all", "all_iterable", "all_tuple"]) {
    if (!(millis(label) < millis("sequential"))) {
      failures.push(`${label} (${millis(label)} ms) must be faster than sequential (${millis("sequential")} ms)`);
    }
  }
  if (!line("all_tuple").includes("users: ada, grace, linus; prices: apples: 0.40, pears: 0.55")) {
    failures.push(`all_tuple: both responses, got "${line("all_tuple")}"`);
  }
  const caught = lines.filter((text) => text.startsWith("catch"));
  if (!caught.some((text) => text.endsWith("/stock: apples: 3, pears: 5"))) failures.push("catch: the /stock response");
  if (!caught.some((text) => text.endsWith("/missing: Err(404 Not Found: /missing)"))) failures.push("catch: the caught 404");
  const timeouts = lines.filter((text) => text.startsWith("timeout"));
  if (!timeouts.some((text) => /\/stock: apples: 3, pears: 5 in \d+ ms; JS saw aborted: nothing$/.test(text))) {
    failures.push("timeout: /stock arrives in time, nothing aborted");
  }
  const slow = timeouts.find((text) => text.includes("/slow")) ?? "";
  if (!/\/slow: timed out in (\d+) ms; JS saw aborted: \/slow \(AbortError\)$/.test(slow) || millis("timeout") > 400) {
    failures.push(`timeout: /slow times out and JS sees the abort, got "${slow}"`);
  }
  return failures;
}

// The browser demo's streamed download: Rust read part of a real body, then dropped the
// stream, and the server saw the connection end before it had sent everything.
export function checkStream(lines) {
  const failures = [];
  const read = /^stream +-> read (\d+) of (\d+) bytes in (\d+) chunks in \d+ ms, then dropped the stream$/
    .exec(lines.find((text) => text.startsWith("stream")) ?? "");
  if (!read || !(Number(read[1]) >= 262144 && Number(read[1]) < Number(read[2]))) {
    failures.push(`stream: part of the body read, got "${read?.[0] ?? "nothing"}"`);
  }
  const seen = /^server +-> the connection ended after (\d+) of (\d+) bytes$/
    .exec(lines.find((text) => text.startsWith("server")) ?? "");
  if (!seen || !(Number(seen[1]) < Number(seen[2]))) {
    failures.push(`stream: the server must see the download cut short, got "${lines.find((text) => text.startsWith("server"))}"`);
  }
  return failures;
}
