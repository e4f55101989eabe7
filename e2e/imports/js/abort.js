// JS side of e2e/imports/tests/abort.rs: async functions that take an AbortSignal last,
// as `abortable` imports pass it, and record what they saw.

const seen = { calls: 0, signals: [] };
export function take_calls() {
  const n = seen.calls;
  seen.calls = 0;
  return n;
}
// The last signal: "none", "live", or "aborted: <reason name>".
export function last_signal() {
  const signal = seen.signals.at(-1);
  if (!signal) return "none";
  return signal.aborted ? `aborted: ${signal.reason?.name ?? String(signal.reason)}` : "live";
}
export function aborted_count() {
  return seen.signals.filter((signal) => signal.aborted).length;
}
export function forget_signals() {
  seen.signals.length = 0;
}

// Resolves `value` after `ms` milliseconds, or rejects with the signal's reason when it
// aborts first (as fetch does).
export function slow(value, ms, signal) {
  seen.calls += 1;
  seen.signals.push(signal);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => resolve(value), ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
// A typed-fallback return (`Option<JsString>`), same behaviour.
export function slow_text(ms, signal) {
  return slow("text", ms, signal);
}
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
// The signal first, as the declaration on the Rust side says.
export function slow_signal_first(signal, value, ms) {
  return slow(value, ms, signal);
}
// Resolves at once: the promise has settled when the Rust side first sees it.
export function quick(value, signal) {
  seen.calls += 1;
  seen.signals.push(signal);
  return Promise.resolve(value);
}
export function quick_text(signal) {
  return quick("text", signal);
}
