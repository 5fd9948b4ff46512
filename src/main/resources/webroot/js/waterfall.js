// The loss waterfall: scheduled station time stepped down to good output, one row per step, drawn as SVG by
// hand. Totals are solid bars from zero; each loss hangs from the running total it takes away from, striped,
// and its row says "lost" in words, so colour is never the only cue.
import { s, clear } from './dom.js';
import { duration } from './format.js';
import { uid } from './forms.js';

export const STEP_LABELS = {
  scheduled: 'Scheduled',
  closures: 'Closures',
  planned: 'Planned',
  regimeStops: 'Regime stops',
  available: 'Available',
  workshopStops: 'Workshop stops',
  unexplainedStops: 'No reason given',
  unmonitored: 'Not monitored',
  running: 'Running',
  speedLoss: 'Slow running',
  rejectLoss: 'Rejects',
  good: 'Good output',
};

const STEP_HELP = {
  closures: 'closed for a lockdown, curtailment, maintenance or staff',
  regimeStops: 'stops the regime caused',
  workshopStops: 'stops with a workshop reason',
  unexplainedStops: 'stops nobody has given a reason for',
  unmonitored: 'stations without state reports',
  speedLoss: 'running slower than the ideal cycle',
  rejectLoss: 'time spent making rejects',
};

/**
 * Draws `waterfall` ([{step, seconds, total}] in the API's order) into `svg`. Each step is one
 * <g data-step data-value="seconds" data-total>. `compact` draws it narrower, for the estate.
 */
export function drawWaterfall(svg, waterfall, { compact = false, title = 'Where the time went' } = {}) {
  clear(svg);
  const W = compact ? 640 : 860;
  const rowH = compact ? 30 : 34;
  const L = compact ? 170 : 200; // label column
  const R = compact ? 140 : 170; // value column
  const top = 6;
  const steps = waterfall || [];
  const H = top * 2 + Math.max(1, steps.length) * rowH;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  const titleId = uid('wf-title');
  const descId = uid('wf-desc');
  svg.setAttribute('aria-labelledby', `${titleId} ${descId}`);
  const scheduled = steps.find((st) => st.step === 'scheduled')?.seconds || 0;
  const max = Math.max(scheduled, ...steps.map((st) => st.seconds || 0), 1);
  const pw = W - L - R;
  const x = (v) => L + (Math.max(0, v) / max) * pw;

  const patternId = uid('wf-lost');
  svg.append(
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, steps.map((st) => `${STEP_LABELS[st.step] || st.step}: ${st.total ? '' : 'lost '}${duration(st.seconds)}`).join('; ') || 'No figures.'),
    s('defs', null, s('pattern', { id: patternId, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 8, height: 8, class: 'wf-hatch-bg' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'wf-hatch' }))));

  let level = 0;
  steps.forEach((st, i) => {
    const y = top + i * rowH;
    const seconds = st.seconds || 0;
    let from;
    let to;
    if (st.total) {
      level = seconds;
      from = 0;
      to = seconds;
    } else {
      from = level - seconds;
      to = level;
      level -= seconds;
    }
    const regime = st.step === 'regimeStops';
    const g = s('g', {
      class: `wf-step ${st.total ? 'wf-total' : 'wf-loss'}${regime ? ' wf-regime' : ''}${!st.total && seconds === 0 ? ' wf-none' : ''}`,
      'data-step': st.step,
      'data-value': String(seconds),
      'data-total': String(Boolean(st.total)),
    });
    const label = STEP_LABELS[st.step] || st.step;
    const valueText = st.total ? duration(seconds) : seconds > 0 ? `lost ${duration(seconds)}` : 'none lost';
    g.append(
      s('title', null, `${label}${STEP_HELP[st.step] ? ` (${STEP_HELP[st.step]})` : ''}: ${valueText}`),
      s('rect', { class: 'wf-row', x: 0, y, width: W, height: rowH }),
      s('text', { class: 'wf-label', x: L - 10, y: y + rowH / 2 + 5, 'text-anchor': 'end' }, label),
      s('rect', {
        class: 'wf-bar',
        x: x(from).toFixed(1),
        y: y + 5,
        width: Math.max(seconds > 0 ? 2 : 0, x(to) - x(from)).toFixed(1),
        height: rowH - 10,
        rx: 3,
        fill: st.total ? null : `url(#${patternId})`,
      }),
      s('text', { class: 'wf-value', x: W - R + 10, y: y + rowH / 2 + 5 }, valueText));
    svg.append(g);
  });
  if (!steps.length || scheduled === 0) {
    svg.append(s('text', { class: 'chart-empty', x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'Nothing was scheduled in this range'));
  }
}
