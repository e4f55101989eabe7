// Run in its own process by tests whose subject may crash it: calls the export named by
// argv[2] and prints, as JSON, how its promise settled and what was thrown uncaught.
import { load } from "./load.mjs";

const seen = { settled: "pending", uncaught: [] };
process.on("uncaughtException", (error) => seen.uncaught.push(`${error.constructor.name}: ${error.message}`));
load()[process.argv[2]]().then(
  (value) => { seen.settled = `resolved ${JSON.stringify(value)}`; },
  (error) => { seen.settled = `rejected ${error instanceof Error ? error.message : String(error)}`; },
);
setTimeout(() => {
  console.log(JSON.stringify(seen));
  process.exit(0);
}, 100);
