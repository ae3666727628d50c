// The benchmarks' upstream: a second Envoy, one worker thread pinned to one
// CPU, answering every request 200 `ok` itself, so that what a benchmark
// times is the filter in front of it, not an origin server.
import { bootstrap, okListener } from "./envoy-config.mjs";
import { freePort, startEnvoy } from "./envoy-process.mjs";

/** Starts it; resolves to its `port` and the `envoy` process (`stop()` ends it). */
export async function startOkUpstream() {
  const port = await freePort();
  const adminPort = await freePort();
  const config = bootstrap({ adminPort, listeners: [okListener("upstream", port)], clusters: [] });
  const envoy = await startEnvoy(config, { adminPort, concurrency: 1, cpus: "1" });
  return { port, envoy };
}
