// JS side of the exports crate: a timer to await, and a counter that `start` bumps.
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
export function record_start() {
  globalThis.exportsE2eStarts = (globalThis.exportsE2eStarts ?? 0) + 1;
}
