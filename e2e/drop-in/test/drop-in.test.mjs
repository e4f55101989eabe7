// The drop-in check: the same crates built with upstream's attribute and with ours
// (`wasm-bindgen --target nodejs` outputs in DROP_IN_PKGS/<lib>-<attribute>-<profile>),
// debug and release, must give the same results, and the results the guide promises.
// DROP_IN_PROFILES (default "debug,release") names the builds: "atomics" for the
// `+atomics` build of `cargo xtask test threads`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const load = (lib, build) =>
  require(path.join(process.env.DROP_IN_PKGS, `${lib}-${build}`, `${lib}.js`));
const profiles = (process.env.DROP_IN_PROFILES ?? "debug,release").split(",");
const names = profiles.flatMap((profile) => [`upstream-${profile}`, `ours-${profile}`]);
const builds = Object.fromEntries(names.map((name) => [name, load("drop_in", name)]));
const renamed = Object.fromEntries(names.map((name) => [name, load("drop_in_renamed", name)]));

const expected = [
  'generic -> T: JsValue("generic")',
  'generic, no return: "awaited"',
  "generic argument of a concrete return: 2",
  "experimental_generic_mono: JsValue(2)",
  "generic class, method and static method: JsValue(3)",
  "generic catch Ok: Some(JsValue(7))",
  'generic catch Err: Some(JsValue("thrown"))',
  "&dyn Fn: (2, 3)",
  "&mut dyn FnMut: 11",
  "camelCase, 8 args: 36",
  "async unsafe fn: 42",
  'catch alias Err: Some(JsValue("alias rejected"))',
  "catch alias Ok: Some(9)",
  'catch default E: Some(JsValue("default rejected"))',
  'static_method_of string: "made"',
  "macro_rules catch: Ok(40)",
  'macro_rules method: "made"',
  'async getter: "ready"',
  "async indexing_getter: 5",
  'macro_rules path and tt: "made"',
  "macro_rules pat and namespace: 42",
  "char: 'a'",
  "char: 'é'",
  "char: '😀'",
  "usize: 4294967295",
  "isize: -1",
  "usize: 1",
  "isize: 1",
  "usize: 3",
  "isize: 3",
  "crate paths: 168",
];

for (const [name, build] of Object.entries(builds)) {
  test(`${name}: every form gives the promised value`, async () => {
    const lines = (await build.results()).trimEnd().split("\n");
    assert.equal(lines.length, expected.length, lines.join("\n"));
    lines.forEach((line, i) => assert.ok(line.startsWith(expected[i]), `${line} !~ ${expected[i]}`));
  });

  test(`${name}: async constructor, getter, &mut T, and &mut [u8] written after an await`, async () => {
    const counter = await new build.Counter(3);
    assert.equal(counter.n(), 3);
    assert.equal(await counter.doubled, 6);
    assert.equal(await build.bump(counter), 4);
    assert.equal(counter.n(), 4);
    assert.equal(await counter.addChecked(2), 6);
    await assert.rejects(counter.addChecked(9), (reason) => reason === "over the limit by 5");
    assert.equal(await build.parse_number("12"), 12);
    assert.equal(build.syncTwice(21), 42);
    assert.deepEqual(await build.syncImports(), [8, true]);
    await assert.rejects(build.parse_number("x"), (reason) => reason === "invalid digit found in string");
    const bytes = new Uint8Array(2);
    await build.fill(bytes);
    assert.deepEqual([...bytes], [1, 2]);
  });
}

const surfaceExpected = [
  'full path, catch: Some(JsValue("refused"))',
  'static_method_of with a generic comma: "left"',
  'raw option name: "hello, ada"',
  "slice = array: 6",
  "vec = array: 9",
  'argument js_name: "number 7"',
  'cfg-exclusive blocks: Some("the mode")',
];

for (const [name, build] of Object.entries(builds)) {
  test(`${name}: helpers, attribute paths, cfg_attr, option values, argument attributes`, async () => {
    const lines = (await build.surface_results()).trimEnd().split("\n");
    assert.deepEqual(lines, surfaceExpected);
    const helper = new build.Helper(5);
    assert.equal(await helper.api(3), "helper #5 8 10");
    await assert.rejects(helper.api(99), (reason) => reason === "104 is over 100");
    assert.equal(await helper.renamedWhenTrue(), 6);
    assert.equal(await helper.cfg_not_named(), 7);
    assert.equal(await helper.renamedAndChecked(2), 7);
    await assert.rejects(helper.renamedAndChecked(11), (reason) => reason === "too big: 11");
    assert.equal(await helper.pathNamed(), 8);
    assert.equal(await helper.patterns(0, 1, "p", true), "p6");
    assert.equal(await build.free_patterns(0, 1, "f"), "f2");
    for (const hidden of ["add", "label", "name", "checked", "in_the_crate", "neverApplied", "cfg_named"]) {
      assert.equal(helper[hidden], undefined, `${hidden} is not exported`);
    }
  });
}

for (const [name, build] of Object.entries(renamed)) {
  test(`${name}: renamed wasm-bindgen, js-sys and wasm-bindgen-futures`, async () => {
    assert.equal(await build.sum(2, 3), 10);
  });
}

for (const lib of ["drop_in", "drop_in_renamed"]) {
  test(`${lib}: the same .d.ts from both attributes`, () => {
    // Threaded builds' .d.ts also types the raw wasm exports (`InitOutput`), among them
    // wasm-bindgen's closure shims, which differ with the closures each runtime uses:
    // not the user's API, so left out.
    const dts = (attribute) =>
      readFileSync(path.join(process.env.DROP_IN_PKGS, `${lib}-${attribute}-${profiles[0]}`, `${lib}.d.ts`), "utf8")
        .split("\n")
        .filter((line) => !/^\s+readonly \w*___convert__closures_\w*: /.test(line))
        .join("\n");
    assert.equal(dts("ours"), dts("upstream"));
  });
}

for (const profile of profiles) {
  test(`${profile}: both attributes give exactly the same results`, async () => {
    assert.equal(
      await builds[`ours-${profile}`].results(),
      await builds[`upstream-${profile}`].results(),
    );
  });
}

// When an export's body runs and its promise settles, counted in microtasks after the
// call: what `await` order a caller sees must not change with the attribute.
async function timeline(build) {
  const seen = [];
  let tick = 0;
  const count = () => {
    tick += 1;
    if (tick < 40) queueMicrotask(count);
  };
  const log = (what) => seen.push(`${what} at ${tick}`);
  const watch = (name, promise) =>
    promise.then((v) => log(`${name} fulfilled ${v}`), (e) => log(`${name} rejected ${e}`));
  queueMicrotask(count);
  watch("ready", build.timing_ready(() => log("ready body")));
  log("after ready's call");
  watch("err", build.timing_err(() => log("err body")));
  watch("after resolved", build.timing_after(Promise.resolve(3)));
  watch("after rejected", build.timing_after(Promise.reject(4)));
  let resolve;
  watch("after later", build.timing_after(new Promise((r) => { resolve = r; })));
  queueMicrotask(() => queueMicrotask(() => resolve(5)));
  await new Promise((r) => setTimeout(r, 10));
  return seen;
}

for (const profile of profiles) {
  test(`${profile}: an export's body runs, and its promise settles, in the same microtask with both attributes`, async () => {
    const upstream = await timeline(builds[`upstream-${profile}`]);
    assert.ok(upstream.indexOf("after ready's call at 0") < upstream.indexOf("ready body at 1"), upstream.join("\n"));
    assert.deepEqual(await timeline(builds[`ours-${profile}`]), upstream);
  });
}
