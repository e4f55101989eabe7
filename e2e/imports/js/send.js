// JS side of e2e/imports/tests/send.rs.
export function later(value, ms) {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}
export function later_or_abort(value, ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(value), ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
