#!/usr/bin/env node
// `npx tokenward decode|verify|lint <token>`: the package's bin (Node only).
// The commands live in cli-*.js; this file only binds them to the process.
import { main } from './cli-main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
