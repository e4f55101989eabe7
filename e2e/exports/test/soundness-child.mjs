// Run by soundness.test.mjs in its own process: one scenario of futures that wake
// themselves, throw or panic, and what JS observes. Prints one JSON line:
// - uncaught: what reached `uncaughtException` (and `unhandledRejection`);
// - settled: how each promise of the scenario settled (or "pending");
// - later: an export called afterwards (three awaits);
// - notes: what the exports noted (code that ran, values dropped);
// - hookSaw: the messages the user's panic hook saw.
import { load } from "./load.mjs";

const scenario = process.argv[2];
const m = load();
const seen = { uncaught: [], settled: {}, later: "pending" };
const describe = (value) =>
  value instanceof Error ? `${value.name}: ${value.message}` : `value ${JSON.stringify(value)}`;
process.on("uncaughtException", (error) => seen.uncaught.push(describe(error)));
process.on("unhandledRejection", (error) => seen.uncaught.push(`unhandled rejection ${describe(error)}`));
const settle = (key, promise) => {
  seen.settled[key] = "pending";
  promise.then(
    (value) => { seen.settled[key] = `resolved ${value}`; },
    (error) => { seen.settled[key] = `rejected ${describe(error)}`; },
  );
};

const scenarios = {
  wakes_itself_and_throws: () => settle("export", m.wakes_itself_and_throws()),
  wakes_itself_and_panics: () => settle("export", m.wakes_itself_and_panics()),
  // A pending export whose `Drop` touches state that the panicking one holds borrowed.
  drops_after_a_trap: () => {
    settle("pending", m.holds_a_toucher(30));
    settle("export", m.panics_holding_shared_state());
  },
  // The await table keeps a foreign waker whose promise settles after a panic.
  foreign_waker_after_a_trap: () => {
    settle("pending", m.keeps_a_foreign_waker(30));
    settle("export", m.panics_later(5));
  },
  js_throws_a_runtime_error: () => settle("export", m.js_throws_a_runtime_error()),
  upstream_js_throws_a_runtime_error: () => settle("export", m.upstream_js_throws_a_runtime_error()),
  // A panic outside any export (a spawned task's rejection without `catch`), then a JS
  // exception through an export: still an exception.
  panic_outside_an_export: () => {
    console.error = () => {};
    m.spawn_unhandled_rejection();
    setTimeout(() => settle("export", m.throws_after_awaits()), 20);
  },
  // The user's hook replaces ours, without chaining it, while an export is pending.
  hook_installed_while_pending: () => {
    settle("export", m.panics_later(20));
    setTimeout(() => m.set_user_hook_alone(), 5);
  },
  // Two hooks set between runs: the second may be allocated where ours was freed.
  two_hooks_while_pending: () => {
    settle("export", m.panics_later(20));
    setTimeout(() => m.set_two_hooks(), 5);
  },
  // A hook installed in the same poll that panics.
  hook_in_the_panicking_poll: () => settle("export", m.sets_a_hook_then_panics()),
  // A JS exception through an export, then a panic in a synchronous export that JS
  // catches, before the runtime's handler of the first throw runs.
  panic_between_a_throw_and_its_handler: () => {
    settle("export", m.throws_at_once());
    queueMicrotask(() => {
      try {
        m.sync_panic();
      } catch {}
    });
  },
};
scenarios[scenario]();
setTimeout(() => settle("later", m.awaits(3)), 60);
setTimeout(() => {
  seen.later = seen.settled.later;
  delete seen.settled.later;
  seen.notes = globalThis.exportsE2eNotes ?? [];
  seen.hookSaw = globalThis.exportsE2eHookSaw ?? [];
  console.log(JSON.stringify(seen));
  process.exit(0);
}, 150);
