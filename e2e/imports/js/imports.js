// JS side of e2e/tests/imports.rs. Every function returns a promise (or throws) the way
// real async JS APIs do; the Rust side declares them as `async fn`.

// Settles after a timer and counts the settlements, so that a test can tell a unit
// import that was awaited from one that was only called.
let nothingSettled = 0;
export async function nothing() {
  await new Promise((resolve) => setTimeout(resolve, 5));
  nothingSettled += 1;
}
export function nothing_settled() { return nothingSettled; }
export async function ret_js_value() { return { answer: 42 }; }
export async function ret_js_string() { return "hello"; }
export async function ret_bytes() { return new Uint8Array([1, 2, 3]); }
export async function ret_u32_max() { return 4294967295; }
export async function ret_i32_min() { return -2147483648; }
export async function ret_f64() { return 0.1 + 0.2; }
export async function ret_bool() { return true; }
export async function ret_string() { return "grüße, 世界"; }
export async function ret_option_u32(some) { return some ? 7 : undefined; }

export async function sum_primitives(a, b, c, d) { return `${a}|${b}|${c}|${d}`; }
export async function echo_str(s) { return `str:${s}`; }
export async function echo_string(s) { return `string:${s}`; }
export async function sum_bytes(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new Error("expected Uint8Array");
  return bytes.reduce((a, b) => a + b, 0);
}

export class Counter {
  constructor(start) { this.n = start; }
  static async create(start) { return new Counter(start); }
  async add(k) { await null; this.n += k; return this.n; }
  value() { return this.n; }
}
export async function counter_value(counter) { return counter.n; }

export async function catch_value(ok) {
  if (ok) return "fine";
  throw new Error("catch_value failed");
}
export async function catch_unit(ok) { if (!ok) throw new Error("catch_unit failed"); }
export async function catch_u32(ok) {
  if (ok) return 11;
  throw new Error("catch_u32 failed");
}
export async function catch_string(ok) {
  if (ok) return "ok string";
  throw "rejected string";
}
// Throws before it ever returns a promise.
export function throws_sync() { throw new Error("thrown synchronously"); }
export function throws_sync_string() { throw "thrown string"; }
export async function rejects_no_catch() { throw new Error("nobody catches this"); }

export const api = {
  async version() { return "api-1"; },
  nested: { async depth() { return 2; } },
};

export async function renamedInJs() { return "renamed"; }

// Overlap: each call logs its start, waits on a timer, then logs its end.
export const log = [];
export function sleep_then(name, ms) {
  log.push(`start ${name}`);
  return new Promise((resolve) => setTimeout(() => {
    log.push(`end ${name}`);
    resolve(name);
  }, ms));
}
export function take_log() { return log.splice(0).join(","); }

// Synchronous imports mixed in with async ones (pass-through).
export function sync_add(a, b) { return a + b; }
export function sync_promise_u32() { return Promise.resolve(99); }

// Resolve values of the wrong type for what Rust declares.
export async function resolves_string() { return "abc"; }
export async function resolves_null() { return null; }
export async function resolves_fraction() { return 1.5; }
export async function resolves_negative() { return -1; }
export async function resolves_undefined() { return undefined; }
