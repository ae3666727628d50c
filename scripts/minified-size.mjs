// Prints the browser entry of a build as a bundler ships it: every module
// it imports in one minified ES module (rolldown, Vite's bundler), so the
// size report shows what an SPA downloads rather than the readable sources.
// Tree-shaking is on, so an app that imports less downloads less.
import { build } from 'rolldown';

const [entry] = process.argv.slice(2);
const result = await build({
  input: entry,
  write: false,
  logLevel: 'silent',
  output: { format: 'esm', minify: true },
});
const chunks = result.output.filter((part) => part.type === 'chunk');
process.stdout.write(chunks.map((chunk) => chunk.code).join('\n'));
