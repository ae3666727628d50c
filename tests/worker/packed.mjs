// The packed npm package as the example worker's project installed it
// (target/worker-example/app, prepared by `make worker`): its entries
// resolved through the package's `exports`, as a user's import would.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { EXAMPLE_APP } from "../../worker/build.mjs";

const require = createRequire(join(EXAMPLE_APP, "package.json"));

/** The module `specifier` (`tokenward/edge`, `tokenward/hono`) with Node's conditions. */
export function importPacked(specifier) {
  return import(pathToFileURL(require.resolve(specifier)).href);
}

/** Where bundlers find the packed package (first) and the workspace's dev packages (hono). */
export const NODE_PATHS = [join(EXAMPLE_APP, "node_modules"), join(EXAMPLE_APP, "..", "..", "..", "node_modules")];
