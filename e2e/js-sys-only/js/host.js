export async function fetch_number() { return 41; }
export async function fail() { throw new Error("expected failure"); }
export class Store {
  static async open() { return new Store(); }
  async get(key) { return `value of ${key}`; }
}
