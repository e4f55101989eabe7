// Runs checks.mjs in the browser against the web and the no-modules builds; posts the
// failures (or "ok") to the serving script.
import { check } from "./checks.mjs";

const report = async (text) => fetch("/results", { method: "POST", body: text });
try {
  const web = await import("/out/web/targets.js");
  await web.default({ module_or_path: "/out/web/targets_bg.wasm" });
  // The classic script's top-level `let`: a global binding, not a property of globalThis.
  // eslint-disable-next-line no-undef
  const noModules = wasm_bindgen;
  await noModules({ module_or_path: "/out/no-modules/targets_bg.wasm" });
  const failures = [
    ...(await check("browser, --target web", web)),
    ...(await check("browser, --target no-modules", noModules)),
  ];
  await report(failures.length ? `error: ${failures.join("\n")}` : "ok: web, no-modules");
} catch (error) {
  await report(`error: ${error?.stack ?? error}`);
}
