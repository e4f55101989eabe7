// Loads one wasm-bindgen --target nodejs module in a fresh process and prints, as JSON,
// the events its Rust code recorded and the exceptions nobody caught.
import { createRequire } from "node:module";

const seen = { events: [], uncaught: [] };
process.on("uncaughtException", (error) => seen.uncaught.push(String(error)));
createRequire(import.meta.url)(process.argv[2]);
setTimeout(() => {
  seen.events = globalThis.startMainEvents ?? [];
  console.log(JSON.stringify(seen));
}, 50);
