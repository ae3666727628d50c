// The live picture of the token's timeline: one row per token set (newest
// at the bottom), from issue to expiry, with the planner's points on it and
// a "now" line. Plain SVG, redrawn a few times a second.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 960;
const ROW = 34;
const LEFT = 70;
const RIGHT = 20;

function el(name, attributes, text) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * @param {HTMLElement} host
 * @param {{generation: number, timeline: object, refreshedAt?: number}[]} rows oldest first
 * @param {number} now Unix ms
 */
export function drawTimeline(host, rows, now) {
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${ROW * Math.max(rows.length, 1) + 30}`, width: '100%', role: 'img' });
  if (rows.length === 0) {
    svg.append(el('text', { x: LEFT, y: 20 }, 'no token yet'));
    host.replaceChildren(svg);
    return;
  }
  // A shared time axis across the rows shown.
  const start = Math.min(...rows.map((r) => r.timeline.issuedAt));
  const end = Math.max(now, ...rows.map((r) => r.timeline.expiresAt));
  const x = (t) => LEFT + ((t - start) / Math.max(1, end - start)) * (WIDTH - LEFT - RIGHT);
  rows.forEach(({ generation, timeline: t, replacedAt }, i) => {
    const y = 10 + i * ROW;
    const row = el('g', { 'data-generation': generation });
    row.append(el('text', { x: 0, y: y + 15 }, `set ${String(generation).slice(-4)}`));
    row.append(el('rect', { x: x(t.issuedAt), y, width: Math.max(1, x(t.expiresAt) - x(t.issuedAt)), height: 20, rx: 4, fill: '#e8eefc', stroke: '#9db5ef' }));
    // Elapsed part of the lifetime (until replaced by the next set, or now).
    const until = Math.min(replacedAt ?? now, t.expiresAt);
    row.append(el('rect', { x: x(t.issuedAt), y, width: Math.max(0, x(until) - x(t.issuedAt)), height: 20, rx: 4, fill: replacedAt ? '#c7d3ee' : '#9db5ef' }));
    const mark = (time, color, label, dash) => {
      if (time == null) return;
      row.append(el('line', { x1: x(time), x2: x(time), y1: y - 3, y2: y + 23, stroke: color, 'stroke-width': 2, ...(dash ? { 'stroke-dasharray': '3 2' } : {}) }));
      row.append(el('title', {}, label));
    };
    mark(t.fractionPoint, '#b0b7c6', '75% of lifetime', true);
    mark(t.refreshAt, '#2f6fec', 'planned refresh');
    mark(t.retryAt, '#b26a00', 'retry (backing off)');
    mark(t.expiresAt, '#c0392b', 'expiry');
    if (replacedAt) mark(replacedAt, '#198754', 'refreshed');
    row.append(el('text', { x: x(t.refreshAt) + 4, y: y + 15 }, i === rows.length - 1 ? 'refresh' : ''));
    svg.append(row);
  });
  const bottom = 10 + rows.length * ROW;
  svg.append(el('line', { x1: x(now), x2: x(now), y1: 0, y2: bottom, stroke: '#1d2330', 'stroke-width': 1.5 }));
  svg.append(el('text', { x: x(now) + 3, y: bottom + 12 }, 'now'));
  const legend = [['#2f6fec', 'planned refresh'], ['#198754', 'refreshed'], ['#b26a00', 'retry'], ['#c0392b', 'expiry']];
  legend.forEach(([color, label], i) => {
    svg.append(el('rect', { x: LEFT + i * 130, y: bottom + 4, width: 10, height: 10, fill: color }));
    svg.append(el('text', { x: LEFT + i * 130 + 14, y: bottom + 13 }, label));
  });
  host.replaceChildren(svg);
}
