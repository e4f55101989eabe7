// The runtime benchmark in a browser page, served by ../chromium.mjs: the packages are
// `--target web` builds under /pkg/<i>/, the query says how many and how long; the
// results are posted back as JSON lines.
import { measureAll } from "../measure.mjs";

const query = new URLSearchParams(location.search);
const out = document.getElementById("out");
try {
  const packages = [];
  for (const [i, crate] of query.get("crates").split(",").entries()) {
    const glue = await import(`/pkg/${i}/bench_roundtrip.js`);
    await glue.default({ module_or_path: `/pkg/${i}/bench_roundtrip_bg.wasm` });
    const host = await import(`/pkg/${i}/snippets/${crate}/js/host.js`);
    packages.push({ glue, host });
  }
  const results = await measureAll(
    packages,
    Number(query.get("ops")),
    Number(query.get("rounds")),
    () => performance.now(),
  );
  const text = results.map((result) => JSON.stringify(result)).join("\n");
  out.textContent = text;
  await fetch("/results", { method: "POST", body: text });
} catch (error) {
  out.textContent = String(error?.stack ?? error);
  await fetch("/results", { method: "POST", body: `error: ${out.textContent}` });
}
