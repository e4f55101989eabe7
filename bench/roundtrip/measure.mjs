// The runtime measurement shared by Node (bench.mjs) and Chromium (browser/page.mjs):
// every package measured in turns, round after round (rotating who goes first), so that
// they share the engine's JIT and machine state: ns per round trip for JS awaiting JS
// (the floor), Rust awaiting JS, JS awaiting a Rust async export, and Rust reading an
// item of a JS async generator. Returns, per
// package, the median of the rounds.
// Reads an iterator's steps to the end, as `for await` does (upstream's hand-written
// equivalent has only `next()`).
async function readAll(iterator) {
  let sum = 0;
  for (;;) {
    const step = await iterator.next();
    if (step.done) return sum;
    sum += step.value;
  }
}

export async function measureAll(packages, ops, rounds, now) {
  const time = async (body) => {
    const start = now();
    await body();
    return ((now() - start) * 1e6) / ops;
  };
  const measure = async ({ glue, host }) => ({
    floor: await time(async () => {
      for (let i = 0; i < ops; i++) await host.js_identity(i);
    }),
    rustAwaitsJs: await time(() => glue.rust_awaits_js(ops)),
    rustReadsStream: await time(() => glue.rust_reads_js_stream(ops)),
    jsReadsStream: await time(() => readAll(glue.rust_numbers(ops))),
    jsAwaitsRust: await time(async () => {
      for (let i = 0; i < ops; i++) await glue.rust_identity(i);
    }),
  });

  // Warm up every path of every package.
  for (const { glue, host } of packages) {
    await glue.rust_awaits_js(2000);
    await glue.rust_reads_js_stream(2000);
    await readAll(glue.rust_numbers(2000));
    for (let i = 0; i < 2000; i++) await glue.rust_identity(i);
    for (let i = 0; i < 2000; i++) await host.js_identity(i);
  }
  const samples = packages.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < packages.length; k++) {
      const i = (round + k) % packages.length;
      samples[i].push(await measure(packages[i]));
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return samples.map((runs) => {
    const result = {};
    for (const key of ["floor", "rustAwaitsJs", "jsAwaitsRust", "rustReadsStream", "jsReadsStream"]) {
      result[key] = median(runs.map((run) => run[key]));
    }
    return result;
  });
}
