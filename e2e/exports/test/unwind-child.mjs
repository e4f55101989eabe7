// Run by `cargo xtask test` on the `panic = "unwind"` build of this crate (nightly,
// -Zbuild-std): each panicking export of ours beside its twin under upstream's
// attribute, called twice, then the same export and others called again. Prints one
// JSON line: for ours and for upstream, what each call settled with (the rejection's
// `name`, its constructor's name and its `message`), what stayed pending meanwhile, and
// what reached `uncaughtException`.
import { load } from "./load.mjs";

const m = load();
const uncaught = [];
process.on("uncaughtException", (error) => uncaught.push(String(error)));
const outcome = (promise) =>
  promise.then(
    (value) => `resolved ${value}`,
    (error) =>
      error instanceof Error
        ? `rejected ${error.name} (${error.constructor.name}): ${error.message}`
        : `rejected value ${String(error)}`,
  );

const side = async (prefix) => {
  const pending = outcome(m.wait(30)); // pending while the others panic
  const seen = {};
  seen.now = [await outcome(m[`${prefix}panics_now`]()), await outcome(m[`${prefix}panics_now`]())];
  seen.afterAwaits = await outcome(m[`${prefix}panics_after_awaits`]());
  seen.ifOdd = [
    await outcome(m[`${prefix}panics_if_odd`](1)),
    await outcome(m[`${prefix}panics_if_odd`](2)),
    await outcome(m[`${prefix}panics_if_odd`](3)),
  ];
  seen.pending = await pending;
  seen.later = await outcome(m.awaits(3));
  return seen;
};

const ours = await side("");
const upstream = await side("upstream_");
console.log(JSON.stringify({ uncaught, ours, upstream }));
