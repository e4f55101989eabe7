// A small asynchronous JS API, the kind a Rust/wasm crate imports: every call takes a
// little time (a timer stands in for the network) and returns a promise.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const stock = new Map([["apple", 3], ["pear", 5]]);

export async function greet(name) {
  await sleep(10);
  return `hello, ${name}`;
}

export async function lookup(key) {
  await sleep(20);
  if (!stock.has(key)) throw new Error(`no such item: ${key}`);
  return stock.get(key);
}

export class Inventory {
  constructor(name) { this.name = name; }
  static async open(name) { await sleep(5); return new Inventory(name); }
  async total() { await sleep(5); return [...stock.values()].reduce((a, b) => a + b, 0); }
}
