export function ret_u32_max() { return Promise.resolve(4294967295); }
export async function reject_with(msg) { throw new Error(msg); }
export function throws_sync() { throw new Error("sync boom"); }
export class Counter {
  constructor(start) { this.n = start; }
  static async create(start) { return new Counter(start); }
  async add(k) { this.n += k; return this.n; }
}
