// Run by panic.test.mjs in its own process: calls an async export that panics and
// reports what JS observes. With panic = "abort" (the only strategy stable Rust has for
// wasm32-unknown-unknown) the panic traps inside the task that polls the future: JS
// gets an uncaught RuntimeError ("unreachable") and the export's promise never settles.
//
// Usage: node panic-child.mjs [export name, default `panics`]. After the failure, a
// fresh call of an export that awaits several times must still resolve ("later").
import { load } from "./load.mjs";

const name = process.argv[2] ?? "panics";
const m = load();
const seen = { uncaught: [], settled: "pending", later: "pending" };
process.on("uncaughtException", (error) => {
  seen.uncaught.push(
    error instanceof Error ? `${error.constructor.name}: ${error.message}` : `value ${JSON.stringify(error)}`,
  );
});
m[name]().then(
  (value) => { seen.settled = `resolved ${value}`; },
  (error) => { seen.settled = `rejected ${error}`; },
);
setTimeout(() => {
  m.awaits(3).then(
    (value) => { seen.later = `resolved ${value}`; },
    (error) => { seen.later = `rejected ${error}`; },
  );
}, 50);
setTimeout(() => {
  console.log(JSON.stringify(seen));
  process.exit(0);
}, 150);
