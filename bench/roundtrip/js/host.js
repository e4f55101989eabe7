// The JS side of the round trips: an async function that resolves at once, and one that
// rejects.
export async function js_identity(x) { return x; }
// An async generator of 0..n: the stream read by Rust.
export async function* js_numbers(n) { for (let i = 0; i < n; i++) yield i; }
// The soak's streams dropped mid-way: an endless generator that counts the `finally`
// blocks the drop's `return()` ran.
let finished = 0;
export async function* js_endless() {
  try {
    for (let i = 0; ; i++) yield i;
  } finally {
    finished += 1;
  }
}
export function js_endless_finished() { return finished; }
export async function js_reject(x) { throw x; }
// Settles only when its signal aborts (rejecting with the reason): the soak's aborted
// calls.
export function js_until_aborted(x, signal) {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
