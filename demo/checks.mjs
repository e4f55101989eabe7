// The demo's checks, on the lines it logged (Node: run.mjs; browser: browser/serve.mjs):
// every response present, the fan-outs faster than one request after the other, the
// caught 404, the slow request aborted by its timeout. Returns the failures. Then the
// checks of the other parts, each the same way.
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

// The demo's `for await` over a Rust stream export (`ticks`, 10 ticks 5 ms apart), left
// with `break` after 4: the `return()` that `break` calls drops the Rust stream, whose
// state logs it before the loop is left. Logs what was read.
export async function readTicks(ticks) {
  const read = [];
  for await (const tick of ticks(10, 5)) {
    read.push(tick);
    if (read.length === 4) break;
  }
  console.log(`for await        -> ${read.join(", ")}, then break`);
}

export function checkTicks(lines) {
  const failures = [];
  const read = lines.findIndex((text) => text.startsWith("for await"));
  const dropped = lines.findIndex((text) => text.startsWith("ticks dropped"));
  if (lines[read] !== "for await        -> 0, 1, 2, 3, then break") {
    failures.push(`for await: ticks 0 to 3, got "${lines[read]}"`);
  }
  if (lines[dropped] !== "ticks dropped    -> after 4 of 10 ticks" || !(dropped < read)) {
    failures.push(`for await: break drops the Rust stream before the loop is left, got "${lines[dropped]}"`);
  }
  return failures;
}

// The browser demo's requests on their time axis (demo/browser/timeline.mjs's phases):
// the sequential requests one after the other, each fan-out's at once, the 404 an error,
// the slow request aborted at its timeout, long before it would have answered, and the
// download cancelled.
export function checkTimeline(phases) {
  const failures = [];
  const phase = (label, url) => phases.find((p) => p.label === label && (!url || p.requests.some((r) => r.url === url)));
  const sequential = phase("sequential")?.requests ?? [];
  if (sequential.length !== 3 || sequential.some((r, i) => i > 0 && r.start < sequential[i - 1].end)) {
    failures.push("timeline: 3 sequential requests, each after the previous one ended");
  }
  for (const label of ["join_all", "all_iterable"]) {
    const requests = phase(label)?.requests ?? [];
    const firstEnd = Math.min(...requests.map((r) => r.end));
    if (requests.length !== 3 || requests.some((r) => r.start > firstEnd)) {
      failures.push(`timeline: ${label}'s 3 requests all started before the first ended`);
    }
  }
  if (phase("catch", "/missing")?.requests[0]?.outcome !== "error") failures.push("timeline: /missing an error");
  const slow = phase("timeout 60 ms", "/slow")?.requests[0];
  if (slow?.outcome !== "aborted" || !(slow.end - slow.start < 300)) {
    failures.push(`timeline: /slow aborted after about 60 ms, got ${JSON.stringify(slow)}`);
  }
  if (phase("stream", "/download")?.requests[0]?.outcome !== "cancelled") failures.push("timeline: the download cancelled");
  return failures;
}
