// JS side of drop-in/src/lib.rs.
export async function echo(x) { return x; }
export async function sink(_x) {}
export async function echo_or_throw(x) { if (x === "throw") throw "thrown"; return x; }
export async function call_twice(f) { f(1); f(2); return 2; }
export async function call_mut(f) { f(5); f(6); }
export async function sumEight(a, b, c, d, e, f, g, h) { return a + b + c + d + e + f + g + h; }
export async function unsafe_answer() { return 42; }
export async function fails_alias() { throw "alias rejected"; }
export async function resolves_alias() { return 9; }
export async function fails_default() { throw "default rejected"; }
export async function fromMacro(x) { return x * 10; }
export async function resolve_char(which) { return ["a", "é", "😀"][which]; }
export async function resolve_number(n) { return n; }
export async function resolve_signed(n) { return n; }
export class Maker {
  constructor() { this[0] = Promise.resolve(5); }
  get ready() { return Promise.resolve("ready"); }
  static async make() { return new Maker(); }
  async label() { return "made"; }
}
export const math = { async twice(x) { return 2 * x; } };
export async function listed(x) { return [x, x]; }
export async function mono(x) { return x; }
export class Holder {
  constructor(v) { this.v = v; }
  async get() { return this.v; }
  static async of(v) { return new Holder(v); }
}
// drop-in/src/surface.rs
export async function reject_with(reason) { throw reason; }
export class Pair {
  constructor(first, second) { this.first = first; this.second = second; }
  static async make() { return new Pair("left", 2); }
}
export class Greeter { async greet(name) { return `hello, ${name}`; } }
export function greeter() { return new Greeter(); }
export async function sum_array(values) { return Array.isArray(values) ? values.reduce((a, b) => a + b, 0) : -1; }
export async function describe(value) { return `${typeof value} ${value}`; }
