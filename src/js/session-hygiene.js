// Keeping tokens out of logs and the address bar. The string rules are the
// core's (`redact`, `scrub_url`); this file only touches `history`.
import { wasm } from './engine.js';
import { lint } from './inspect.js';

/** `text` with token-shaped strings (JWTs, codes, bearer values) masked. */
export function redact(text) {
  return wasm().redactText(String(text));
}

/**
 * Removes tokens, codes and state from a URL. With no argument, scrubs the
 * address bar: `history.replaceState`, so the secret leaves no history entry.
 * @returns {string | null} the scrubbed URL, or null when nothing was removed
 */
export function scrubUrl(url) {
  if (url !== undefined) return wasm().scrubUrlText(String(url)) ?? null;
  const location = globalThis.location;
  if (location === undefined) return null;
  const clean = wasm().scrubUrlText(location.href);
  if (clean === undefined) return null;
  globalThis.history?.replaceState(globalThis.history.state, '', clean);
  return clean;
}

/**
 * Debug mode: the core's lint findings for a token, in the console (the
 * token itself redacted). Returns the report.
 */
export function debugLint(token, label = 'token') {
  let report;
  try {
    report = lint(token);
  } catch (error) {
    // tokenward/slim leaves lint out: debug mode then just says so.
    if (error.code !== 'unsupported') throw error;
    console.info(`tokenward: ${error.message}`);
    return null;
  }
  const findings = report.findings ?? [];
  if (findings.length > 0) {
    console.groupCollapsed?.(`tokenward lint: ${label}: ${findings.length} finding(s)`);
    for (const finding of findings) console.warn(`[${finding.code}]`, finding.message ?? finding);
    console.groupEnd?.();
  }
  return report;
}
