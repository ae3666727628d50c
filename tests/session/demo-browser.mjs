// What the browser-session tests share: the running demo's addresses
// (tests/session/run.sh starts it on DEMO_PORT_BASE), headless Debian
// Chromium driven by playwright-core, and a tab with the SPA loaded.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

// playwright-core lives in www/node_modules (the demo's own dependencies).
const require = createRequire(new URL('../../www/package.json', import.meta.url));
const { chromium } = require('playwright-core');

// The demo's servers take consecutive ports from one base (run.sh).
const base = Number(process.env.DEMO_PORT_BASE ?? 8400);
const at = (offset, path = '') => `http://127.0.0.1:${base + offset}${path}`;
export const SPA = at(0, '/');
export const ISSUER = at(1);
export const API = at(2, '/api/hello');
export const ADMIN = at(3);
export const EDGES = { envoy: at(4, '/api/hello'), worker: at(5, '/api/hello') };
export const REVOCATION_LIST = at(7, '/revocation.json');

/** The provider's counters (refreshes, invalid_grant, reuse...), from the demo's admin port. */
export const stats = async () => (await fetch(`${ADMIN}/stats`)).json();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A logger whose lines carry the time and `label`. */
export const sayer = (label) => (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${label}:`, ...args);

/** target/session-screenshots, made; `fresh` empties it first (only this run's pictures). */
export function screenshots({ fresh = false } = {}) {
  const dir = resolve('target/session-screenshots');
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Several tabs are "open" at once: keep background tabs' timers honest.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

/** Resolves once the SPA in `page` has started (`window.__demo.ready`). */
export const demoReady = (page) => page.waitForFunction(() => window.__demo?.ready === true, null, { timeout: 60_000 });

/**
 * A new tab of `context` with the SPA at `url` loaded and ready. Page
 * errors go to `onError`; so do console errors when `consoleErrorExpected`
 * is given, except those it calls expected.
 */
export async function openDemoTab(context, url, { onError, consoleErrorExpected } = {}) {
  const page = await context.newPage();
  page.on('pageerror', (error) => onError?.(error.message));
  if (consoleErrorExpected) {
    page.on('console', (message) => {
      if (message.type() === 'error' && !consoleErrorExpected(message)) {
        onError?.(`console: ${message.text()} ${message.location()?.url ?? ''}`);
      }
    });
  }
  await page.goto(url);
  await demoReady(page);
  return page;
}
