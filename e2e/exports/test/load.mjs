// Loads the exports crate built by `cargo xtask test` (wasm-bindgen --target nodejs).
// EXPORTS_E2E_PKG names the directory holding exports.js and exports.d.ts.
import { createRequire } from "node:module";
import path from "node:path";

export const pkgDir = path.resolve(
  process.env.EXPORTS_E2E_PKG ?? new URL("../../../target/exports-pkg-debug", import.meta.url).pathname,
);
export const load = () => createRequire(import.meta.url)(path.join(pkgDir, "exports.js"));
