// The async export cases (../test/cases.mjs, which Node runs too) in a real page of a
// headless browser, driven over WebDriver: the `--target web` build served from a
// loopback HTTP server.
//
// Usage: node run.mjs <driver> <browser> <web pkg dir>
// (chromedriver + chromium, or geckodriver + firefox-esr). Prints one line, the counts;
// exits non-zero on any failure.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileIn, sendFile } from "../../headless.mjs";
import { resultsOf } from "../../webdriver.mjs";

const [driver, browser, pkg] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const mounts = { "/page": here, "/test": path.join(here, "../test"), "/pkg": pkg };
const server = http.createServer((request, response) => {
  sendFile(response, fileIn(mounts, decodeURIComponent(new URL(request.url, "http://localhost").pathname)));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/page/page.html`;
let results;
try {
  results = await resultsOf({ driver, browser, url });
} finally {
  server.close();
}
const name = path.basename(browser);
for (const [test, message] of results.failed) console.log(`not ok - ${name}: ${test}\n${message}`);
// The counts, as `node --test` prints them (the xtask reads these lines).
console.log(`# ${name}: async exports in a page over WebDriver\n# pass ${results.passed}\n# fail ${results.failed.length}`);
process.exitCode = results.failed.length ? 1 : 0;
