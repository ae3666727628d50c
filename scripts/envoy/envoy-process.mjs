// Starting and stopping a real Envoy (from .venv) and small loopback servers.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../free-port.mjs";

export { freePort };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ENVOY = join(ROOT, ".venv/bin/envoy");
export const WASM = process.env.TOKENWARD_WASM ?? join(ROOT, "target/wasm32-wasip1/release/tokenward_envoy.wasm");

/** Starts `server` (node:http) on a free loopback port; resolves to the port. */
export async function listen(server) {
  const port = await freePort();
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  return port;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Runs Envoy on `config` (an object). Resolves once the admin port reports
 * LIVE; `{ child, adminPort, log(), stop() }`. Rejects with Envoy's output
 * if it exits first.
 */
export async function startEnvoy(config, { concurrency = 2, adminPort, extraArgs = [], quiet = true, cpus } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tokenward-envoy-"));
  const path = join(dir, "envoy.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  const args = ["-c", path, "--concurrency", String(concurrency), "--disable-hot-restart",
    "--base-id", String(adminPort), "-l", "info", ...extraArgs];
  // taskset execs Envoy: the pid we hold is Envoy's.
  const [command, argv] = cpus ? ["taskset", ["-c", cpus, ENVOY, ...args]] : [ENVOY, args];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk) => {
    output += chunk;
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
    if (!quiet) process.stderr.write(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((ok) => child.once("exit", (code) => ok(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) {
      const error = new Error(`envoy exited with ${child.exitCode}`);
      error.output = output;
      throw error;
    }
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (res.ok && (await res.text()).includes("LIVE")) {
        return { child, adminPort, log: () => output, stop, exited };
      }
    } catch { /* not up yet */ }
    await sleep(100);
  }
  await stop();
  throw new Error(`envoy did not become ready:\n${output.slice(-3000)}`);
}

/** Envoy's counters whose name contains `filter`, as `{ name: value }`. */
export async function stats(adminPort, filter = "tokenward") {
  const res = await fetch(`http://127.0.0.1:${adminPort}/stats?filter=${encodeURIComponent(filter)}`);
  const out = {};
  for (const line of (await res.text()).split("\n")) {
    const m = line.match(/^(\S+): (\d+)$/);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}
