// Starts and stops real workerd with the example worker (worker/worker.capnp:
// worker/dist/, which `make worker` bundles from the packed npm package).
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../scripts/free-port.mjs";

export { freePort };

const HERE = dirname(fileURLToPath(import.meta.url));
export const WORKER_DIR = join(HERE, "..", "..", "worker");
export const WORKERD = join(HERE, "..", "..", "node_modules", ".bin", "workerd");

/**
 * A copy of `capnp` (next to it, so its embed paths still resolve) whose
 * worker sends Cache API operations to the cache server on `cachePort`.
 */
function withCache(capnp, cachePort) {
  const text = readFileSync(capnp, "utf8")
    .replace('(name = "net",', `(name = "cache", external = (address = "127.0.0.1:${cachePort}", http = ())),\n    (name = "net",`)
    .replace('globalOutbound = "net",', 'globalOutbound = "net",\n  cacheApiOutbound = "cache",');
  const copy = join(dirname(capnp), `.cache-${cachePort}.gen.capnp`);
  writeFileSync(copy, text);
  return copy;
}

/**
 * A copy of `capnp` whose main module is tests/worker/probe-worker.mjs (the
 * worker with crypto.subtle calls counted).
 */
export function withProbe(capnp) {
  const main = '(name = "worker.js", esModule = embed "dist/worker.js"),';
  const probe = JSON.stringify(relative(WORKER_DIR, join(HERE, "probe-worker.mjs")));
  const text = readFileSync(capnp, "utf8")
    .replace(main, `(name = "probe-worker.mjs", esModule = embed ${probe}),\n    ${main}`);
  const copy = join(dirname(capnp), ".probe.gen.capnp");
  writeFileSync(copy, text);
  return copy;
}

/** Whether something accepts TCP connections on `port` (no request sent:
 * a request would warm the worker and skew the tests' fetch counts). */
function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Runs workerd serving `capnp` (default: the worker's own config) with
 * `env` (TOKENWARD_CONFIG as an object is serialized) on `port`.
 * Resolves once it accepts connections; `stop()` ends that process only.
 */
export async function startWorkerd({ config, origin, port, cachePort, capnp = join(WORKER_DIR, "worker.capnp"), env = {}, quiet = true }) {
  port ??= await freePort();
  const generated = cachePort ? withCache(capnp, cachePort) : null;
  if (generated) capnp = generated;
  // A stale server on the port would make every test pass falsely.
  if (await portAnswers(port)) throw new Error(`port ${port} is already serving`);
  const child = spawn(WORKERD, ["serve", capnp, "--socket-addr", `http=127.0.0.1:${port}`], {
    env: {
      ...process.env,
      ...env,
      ...(config ? { TOKENWARD_CONFIG: JSON.stringify(config) } : {}),
      ...(origin ? { TOKENWARD_ORIGIN: origin } : {}),
    },
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
  });
  let log = "";
  child.stdout?.on("data", (d) => { log += d; });
  child.stderr?.on("data", (d) => { log += d; });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited: ${log}`);
    if (await portAnswers(port)) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`workerd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      if (generated) rmSync(generated, { force: true });
    },
  };
}
