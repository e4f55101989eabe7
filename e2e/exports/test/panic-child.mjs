// Run by panic.test.mjs in its own process: a panic (or a throw) in an async export,
// and what JS observes. Usage: node panic-child.mjs <scenario>; prints one JSON line:
// - uncaught: what reached `uncaughtException`;
// - settled: how the failing export's promise settled (or "pending");
// - other: an export that was pending (a 30 ms timer) when it failed;
// - later: an export called afterwards (three awaits);
// - hookSaw: the messages the user's panic hook saw (scenarios with a hook);
// - panic: the failing export's rejection's own `panicMessage` and `exportName`.
//
// Scenarios: an export name (`panics`, `panics_now`, `panics_after_awaits`,
// `throws_after_awaits`, their `upstream_` twins), or `hook_before` / `hook_after`: the
// user's hook installed before any async export ran, or after one did, then `panics`.
import { load } from "./load.mjs";

const scenario = process.argv[2] ?? "panics";
const m = load();
const seen = { uncaught: [], settled: "pending", other: "pending", later: "pending" };
const describe = (value) =>
  value instanceof Error ? `${value.name}: ${value.message}` : `value ${JSON.stringify(value)}`;
process.on("uncaughtException", (error) => seen.uncaught.push(describe(error)));
const settle = (promise, key) =>
  promise.then(
    (value) => { seen[key] = `resolved ${value}`; },
    (error) => {
      seen[key] = `rejected ${describe(error)}`;
      if (key === "settled" && error instanceof Error && Object.hasOwn(error, "panicMessage")) {
        seen.panic = { panicMessage: error.panicMessage, exportName: error.exportName };
      }
    },
  );

// A sync call's outcome, as `outcome[key]`: what it returned, or what it threw.
const attempt = (outcome, key, call) => {
  try {
    outcome[key] = `returned ${JSON.stringify(call())}`;
  } catch (error) {
    outcome[key] = `threw ${describe(error)}`;
  }
};

let name = scenario;
if (scenario === "method") {
  // A method of an exported struct: `Counter.panic_later(&mut self)`.
  const counter = new m.Counter();
  m.method_panics = () => counter.panic_later();
  name = "method_panics";
} else if (scenario === "stream") {
  // A stream export that panics at its second item: the second `next()` rejects.
  m.stream_next_panics = async () => {
    const iterator = m.stream_panics();
    await iterator.next();
    return iterator.next();
  };
  name = "stream_next_panics";
} else if (scenario === "iterator") {
  // An iterator export that panics at its second item: that `next()` traps (a sync call,
  // as a sync export's panic); then no user code runs from any iterator's `next()`.
  m.iterator_next_panics = async () => {
    const outcome = {};
    const iterator = m.iterator_panics();
    const other = m.numbers(2);
    attempt(outcome, "before", () => iterator.next());
    attempt(outcome, "panics", () => iterator.next());
    attempt(outcome, "again", () => iterator.next());
    attempt(outcome, "other", () => other.next());
    return JSON.stringify(outcome);
  };
  name = "iterator_next_panics";
} else if (scenario === "nested_trap") {
  // A trap inside an iterator's `next()` that JS catches, while an outer iterator's
  // `next()` runs: the outer one hands out nothing made after it and runs no destructor;
  // a stream export started before it polls nothing after it.
  m.nested_trap = async () => {
    globalThis.exportsE2eNotes = [];
    const outcome = {};
    const stream = m.ticks(5);
    outcome.streamBefore = JSON.stringify(await stream.next());
    const inner = m.iterator_panics();
    inner.next();
    const outer = m.calls_back_in_iterator(() => {
      try {
        inner.next();
      } catch {}
      return 42;
    });
    attempt(outcome, "outer", () => outer.next());
    attempt(outcome, "outerReturn", () => outer.return());
    outcome.streamAfter = await stream.next().then(
      (step) => `resolved ${JSON.stringify(step)}`,
      (error) => `rejected ${describe(error)}`,
    );
    outcome.notes = globalThis.exportsE2eNotes;
    return JSON.stringify(outcome);
  };
  name = "nested_trap";
} else if (scenario === "hook_before") {
  m.set_user_hook();
  name = "panics";
} else if (scenario === "hook_after") {
  await m.awaits(1);
  m.set_user_hook();
  name = "panics";
}
settle(m.wait(30), "other");
settle(m[name](), "settled");
setTimeout(() => settle(m.awaits(3), "later"), 60);
setTimeout(() => {
  if (globalThis.exportsE2eHookSaw) seen.hookSaw = globalThis.exportsE2eHookSaw;
  console.log(JSON.stringify(seen));
  process.exit(0);
}, 150);
