// The worker of threads.mjs: the same module on the main thread's memory, then the
// same checks; posts its failures back.
import { check } from "./checks.mjs";
import init, * as api from "/out/threads/targets.js";

self.onmessage = async ({ data: { module, memory } }) => {
  try {
    await init({ module_or_path: module, memory });
    postMessage(await check("worker", api, { threads: true }));
  } catch (error) {
    postMessage([`worker: ${error?.stack ?? error}`]);
  }
};
