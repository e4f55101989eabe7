export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function record(event) { (globalThis.startMainEvents ??= []).push(event); }
