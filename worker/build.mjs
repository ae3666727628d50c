// `make worker`: builds the example worker the way a user's project does,
// from the PACKED npm package: `npm pack pkg/`, installed into a copy of
// this directory (target/worker-example/app: src/, wrangler.toml and the
// tarball in node_modules), then bundled by esbuild for workerd into
// worker/dist/ (worker.js and tokenward_bg.wasm, the modules worker.capnp
// embeds). `make pkg` first.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

export const WORKER_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WORKER_DIR, "..");
/** The example as a user's project: the packed package installed beside src/ and wrangler.toml. */
export const EXAMPLE_APP = join(ROOT, "target", "worker-example", "app");
export const DIST = join(WORKER_DIR, "dist");

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

export async function buildExample() {
  const work = dirname(EXAMPLE_APP);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(EXAMPLE_APP, { recursive: true });
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", work, join(ROOT, "pkg")], ROOT).trim().split("\n").pop();
  cpSync(join(WORKER_DIR, "src"), join(EXAMPLE_APP, "src"), { recursive: true });
  cpSync(join(WORKER_DIR, "wrangler.toml"), join(EXAMPLE_APP, "wrangler.toml"));
  const manifest = JSON.parse(readFileSync(join(WORKER_DIR, "package.json"), "utf8"));
  manifest.dependencies = { tokenward: `file:../${tarball}` };
  delete manifest.devDependencies;
  writeFileSync(join(EXAMPLE_APP, "package.json"), JSON.stringify(manifest, null, 2));
  run("npm", ["install", "--silent", "--no-audit", "--no-fund", "--offline", "--no-package-lock"], EXAMPLE_APP);

  const { build } = await import(join(ROOT, "node_modules", "esbuild", "lib", "main.js"));
  rmSync(DIST, { recursive: true, force: true });
  await build({
    entryPoints: { worker: join(EXAMPLE_APP, "src", "index.mjs") },
    bundle: true, platform: "neutral", conditions: ["workerd"], format: "esm",
    outdir: DIST, loader: { ".wasm": "copy" }, assetNames: "[name]", logLevel: "warning",
  });
  const wasm = join(DIST, "tokenward_bg.wasm");
  const gz = gzipSync(readFileSync(wasm), { level: 9 }).length;
  console.log(`worker/dist: worker.js ${statSync(join(DIST, "worker.js")).size} bytes, tokenward_bg.wasm ${statSync(wasm).size} bytes (${gz} gzip; limit 3 MB compressed)`);
  if (gz > 3 * 1024 * 1024) throw new Error("over the 3 MB limit");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExample();
