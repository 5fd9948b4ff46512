// The session chart: cumulative good units against the straight target line, drawn as SVG by hand.
import { s, clear } from './dom.js';
import { count, time, zoneAbbr, zoneOffset, browserZone } from './format.js';

const W = 860;
const H = 320;
const M = { top: 16, right: 24, bottom: 44, left: 64 };

export function niceMax(v) {
  if (!(v > 0)) return 10;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function timeStep(spanMs) {
  const minutes = spanMs / 60000;
  for (const m of [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440]) if (minutes / m <= 8) return m * 60000;
  return 1440 * 60000;
}

/**
 * Draws into `svg`: session {start, end, target, good}, points [{t (ms), good}] cumulative, now (ms), zone.
 */
export function drawSessionChart(svg, { session, points, now, zone }) {
  clear(svg);
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const titleId = 'session-chart-title';
  const descId = 'session-chart-desc';
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${titleId} ${descId}`);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  if (!session) {
    svg.append(s('title', { id: titleId }, 'Session chart'), s('desc', { id: descId }, 'No session is scheduled.'),
      s('text', { x: W / 2, y: H / 2, class: 'chart-empty', 'text-anchor': 'middle' }, 'No session scheduled'));
    return;
  }
  const t0 = Date.parse(session.start);
  const t1 = Date.parse(session.end);
  const target = session.target || 0;
  const last = points.length ? points[points.length - 1].good : 0;
  const maxY = niceMax(Math.max(target, last, ...points.map((p) => p.good)) * 1.05);
  const x = (t) => M.left + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * pw;
  const y = (v) => M.top + ph - (v / maxY) * ph;
  const nowClamped = Math.min(Math.max(now, t0), t1);
  const expected = target * ((nowClamped - t0) / (t1 - t0));

  svg.append(
    s('title', { id: titleId }, 'Session good units against target'),
    s('desc', { id: descId }, `Session ${time(t0, zone)} to ${time(t1, zone)} ${zoneAbbr(zone)}: ${count(last)} good so far, target ${count(target)}, expected by now ${count(Math.round(expected))}.`));

  // grid and y axis
  const grid = s('g', { class: 'chart-grid' });
  const ySteps = 4;
  for (let i = 0; i <= ySteps; i++) {
    const v = (maxY / ySteps) * i;
    grid.append(s('line', { x1: M.left, x2: M.left + pw, y1: y(v), y2: y(v) }),
      s('text', { x: M.left - 8, y: y(v) + 5, 'text-anchor': 'end', class: 'chart-label' }, count(v)));
  }
  // x axis: ticks on round local times of the workshop's zone (the offset at the session start)
  const step = timeStep(t1 - t0);
  const off = zoneOffset(zone || browserZone, t0);
  const first = Math.ceil((t0 + off) / step) * step - off;
  for (let t = first; t <= t1; t += step) {
    const px = x(t);
    const anchor = px - M.left < 30 ? 'start' : M.left + pw - px < 30 ? 'end' : 'middle';
    grid.append(s('line', { x1: px, x2: px, y1: M.top, y2: M.top + ph, class: 'chart-vgrid' }),
      s('text', { x: px, y: H - M.bottom + 22, 'text-anchor': anchor, class: 'chart-label' }, time(t, zone)));
  }
  grid.append(s('text', { x: M.left + pw, y: H - 6, 'text-anchor': 'end', class: 'chart-label chart-zone' }, `time (${zoneAbbr(zone)})`));
  svg.append(grid);

  // target line 0 -> target over the session
  if (target > 0) {
    svg.append(s('line', { class: 'chart-target', x1: x(t0), y1: y(0), x2: x(t1), y2: y(target) }),
      s('text', { class: 'chart-line-label', x: x(t1) - 4, y: y(target) - 8, 'text-anchor': 'end' }, `Target ${count(target)}`));
  }

  // now marker
  if (now >= t0 && now <= t1) {
    svg.append(s('line', { class: 'chart-now', x1: x(now), x2: x(now), y1: M.top, y2: M.top + ph }),
      s('text', { class: 'chart-label', x: x(now) + 4, y: M.top + 14 }, 'now'));
  }

  // actual cumulative line
  if (points.length) {
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.good).toFixed(1)}`).join(' ');
    svg.append(s('path', { class: 'chart-actual', d }));
    const lp = points[points.length - 1];
    svg.append(s('circle', { class: 'chart-dot', cx: x(lp.t), cy: y(lp.good), r: 5 }),
      s('text', { class: 'chart-line-label chart-actual-label', x: Math.min(x(lp.t) + 8, M.left + pw - 4), y: y(lp.good) - 10, 'text-anchor': x(lp.t) > M.left + pw * 0.8 ? 'end' : 'start' }, `${count(lp.good)} good`));
  }
  // axes
  svg.append(s('line', { class: 'chart-axis', x1: M.left, x2: M.left, y1: M.top, y2: M.top + ph }),
    s('line', { class: 'chart-axis', x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph }));
}
