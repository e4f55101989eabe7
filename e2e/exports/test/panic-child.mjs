// Run by panic.test.mjs in its own process: calls an async export that panics and
// reports what JS observes. With panic = "abort" (the only strategy stable Rust has for
// wasm32-unknown-unknown) the panic traps inside the task that polls the future: JS
// gets an uncaught RuntimeError ("unreachable") and the export's promise never settles.
import { load } from "./load.mjs";

const m = load();
const seen = { uncaught: [], settled: "pending" };
process.on("uncaughtException", (error) => {
  seen.uncaught.push(`${error.constructor.name}: ${error.message}`);
});
m.panics().then(
  (value) => { seen.settled = `resolved ${value}`; },
  (error) => { seen.settled = `rejected ${error}`; },
);
setTimeout(() => {
  console.log(JSON.stringify(seen));
  process.exit(0);
}, 100);
