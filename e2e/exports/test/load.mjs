// Loads the exports crate built by `cargo xtask test` (wasm-bindgen --target nodejs).
// EXPORTS_E2E_PKG names the directory holding exports_e2e.js and exports_e2e.d.ts.
import { createRequire } from "node:module";
import path from "node:path";

export const pkgDir = path.resolve(
  process.env.EXPORTS_E2E_PKG ?? new URL("../../../target/exports-e2e-pkg-debug", import.meta.url).pathname,
);
export const load = () => createRequire(import.meta.url)(path.join(pkgDir, "exports_e2e.js"));
