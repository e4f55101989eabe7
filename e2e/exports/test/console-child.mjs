// Run by console.test.mjs in its own process: an async import that rejects without
// `catch`, awaited in a `spawn_local` task (`spawned`) or in an async export (`export`),
// with no panic hook installed. Prints one JSON line: what `console.error` got, what
// reached `uncaughtException`, and how the export's promise settled.
import { load } from "./load.mjs";

const scenario = process.argv[2];
const m = load();
const seen = { logged: [], uncaught: [], settled: "pending" };
console.error = (...args) => seen.logged.push(args.map(String).join(" "));
process.on("uncaughtException", (error) => seen.uncaught.push(`${error.constructor.name}: ${error.message}`));
if (scenario === "spawned") {
  m.spawn_unhandled_rejection();
} else {
  m.awaits_unhandled_rejection().then(
    () => { seen.settled = "resolved"; },
    (error) => { seen.settled = `rejected ${error.message}`; },
  );
}
setTimeout(() => {
  process.stdout.write(`${JSON.stringify(seen)}\n`);
  process.exit(0);
}, 100);
