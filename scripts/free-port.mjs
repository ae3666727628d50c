// A loopback port nobody listens on right now, for the servers the tests,
// demos and benchmarks start (Envoy, workerd, oidc-provider, bundler dev
// servers): checked free, then bound by its user at once.
import { createServer } from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
