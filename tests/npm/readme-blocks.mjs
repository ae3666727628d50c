// The fenced code blocks of a README, each with the HTML comment before it
// that says how it runs (invisible on npm):
//   <!-- example: node; prints: alice -->   run in Node, stdout must hold `alice`
//   <!-- example: workerd; prints: alice --> served by workerd, the fixture
//                                            token's response must hold `alice`
//   <!-- example: browser -->               run in Chromium (readme-browser.mjs) and
//                                            type-checked against the shipped .d.ts
//   <!-- example: tsc -->                   type-checked against the shipped .d.ts
//   <!-- example: none, shell -->           not run (shell commands)
// A block without a comment, or a js/ts block marked `none`, is an error:
// every example that can run does.

const FENCE = /^```(\w*)\s*$/;
const MARKER = /^<!--\s*example:\s*(.*?)\s*-->$/;

/** `{ lang, code, line, runner, options }` for each fenced block. */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`README line ${i + 1}: unclosed code block`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before -= 1;
    const marker = before >= 0 ? MARKER.exec(lines[before].trim()) : null;
    blocks.push({ lang: open[1], code: lines.slice(i + 1, end).join('\n'), line: i + 1, ...parseMarker(marker, i + 1) });
    i = end;
  }
  return blocks;
}

function parseMarker(marker, line) {
  if (!marker) throw new Error(`README line ${line}: code block without an <!-- example: ... --> comment`);
  const [head, ...rest] = marker[1].split(';').map((part) => part.trim());
  const runner = head.split(',')[0].trim();
  const options = Object.fromEntries(rest.map((part) => {
    const colon = part.indexOf(':');
    return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
  }));
  if (!['node', 'workerd', 'browser', 'tsc', 'none'].includes(runner)) throw new Error(`README line ${line}: unknown runner '${runner}'`);
  return { runner, options };
}

/** The rows of the first table under `## heading`: arrays of cell texts. */
export function tableUnder(markdown, heading) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`README has no section '## ${heading}'`);
  const rows = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i += 1) {
    if (!lines[i].startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(lines[i].split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows.slice(2); // header and separator
}

/** GitHub's and npm's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');

/** The anchors of the `#` headings of a README (outside code blocks). */
export function anchors(markdown) {
  const out = new Set();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.*)$/.exec(line);
    if (heading) out.add(slug(heading[1]));
  }
  return out;
}

/** Every `(prefix#anchor)` link target in `markdown`. */
export const linkedAnchors = (markdown, prefix = '') =>
  [...markdown.matchAll(new RegExp(`\\]\\(${prefix.replace(/[.]/g, '\\.')}#([^)]+)\\)`, 'g'))].map((m) => m[1]);
