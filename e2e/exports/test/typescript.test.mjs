// The .d.ts that wasm-bindgen --typescript writes for the async exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pkgDir } from "./load.mjs";

const dts = fs.readFileSync(path.join(pkgDir, "exports.d.ts"), "utf8");
const declares = (line) => assert.ok(dts.includes(line), `.d.ts lacks:\n  ${line}\nin:\n${dts}`);

test("free functions are typed Promise<resolved type>", () => {
  declares("export function unit(): Promise<void>;");
  declares("export function number(): Promise<number>;");
  declares("export function text(): Promise<string>;");
  declares("export function js_value(): Promise<any>;");
  declares("export function point(): Promise<Point>;");
  declares("export function result_unit(fail: boolean): Promise<void>;");
  declares("export function result_number(fail: boolean): Promise<number>;");
  declares("export function result_point(fail: boolean): Promise<Point>;");
  declares("export function result_js_error(fail: boolean): Promise<number>;");
});

test("methods are typed Promise<resolved type>", () => {
  declares("static create(start: number): Promise<Counter>;");
  declares("static createLater(start: number): Promise<Counter>;");
  declares("get_later(ms: number): Promise<number>;");
  declares("add_later(k: number, ms: number): Promise<number>;");
  declares("into_total(): Promise<number>;");
});

test("parameters are typed as in the synchronous form", () => {
  const params = (name) => {
    const match = dts.match(new RegExp(`export function ${name}\\(([^)]*)\\)`));
    assert.ok(match, `${name} is declared`);
    return match[1];
  };
  assert.equal(params("async_signature"), params("sync_signature"));
  assert.equal(params("borrowed_str"), "s: string");
  assert.equal(params("borrowed_bytes"), params("owned_bytes"));
});

test("stream and iterator exports are typed AsyncIterableIterator<item> and IterableIterator<item>", () => {
  declares("export function ticks(n: number): AsyncIterableIterator<number>;");
  declares("export function words(): AsyncIterableIterator<string>;");
  declares("export function fails_after(n: number): AsyncIterableIterator<number>;");
  declares("export function numbers(n: number): IterableIterator<number>;");
  declares("export function numbers_fail_after(n: number): IterableIterator<number>;");
  declares("static range(from: number, to: number): AsyncIterableIterator<number>;");
  declares("static letters(word: string): IterableIterator<string>;");
  declares("export function bytes(n: number): IterableIterator<Uint8Array>;");
});
