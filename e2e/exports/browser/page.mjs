// The export cases of ../test/cases.mjs against the `--target web` build, in a page.
// `window.results` resolves to `{ passed, failed: [[name, message]] }` (read over
// WebDriver by run.mjs).
import init, * as m from "/pkg/exports.js";
import { runAll } from "/test/cases.mjs";

window.results = init().then(() => runAll(m));
