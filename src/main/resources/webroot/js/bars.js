// A report's bar chart: one group of bars per label, one bar per series, drawn as SVG by hand in the session
// chart's style. Series after the first are striped as well as coloured, and the legend says which is which,
// so colour is never the only cue; the table under the chart gives every figure in words.
import { h, s } from './dom.js';
import { uid } from './forms.js';
import { niceMax } from './chart.js';

const PLOT_H = 226; // the bars' height, whatever the labels under them take
const M = { top: 30, right: 16, left: 76 };
const CHAR = 8.5; // about a character's width at the chart's 15 px
const SERIES = 4; // distinct looks; a fifth series repeats the first
const numberFmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A chart value as text: "1,234.5"; nothing for a missing one. */
export const barValue = (v) => (typeof v === 'number' && Number.isFinite(v) ? numberFmt.format(v) : '');

/**
 * A <figure> holding chart {title, unit, labels, series: [{name, values}]} as bars, its title and a legend;
 * `width` in the SVG's units (narrower beside a table, so its text is not shrunk). Each bar is
 * <rect class="bar-rect" data-series data-label data-value>; a missing value draws no bar. Labels too long to
 * sit side by side are slanted; only when even slanted they would collide is every other one left out.
 */
export function barChart(chart, { width = 860 } = {}) {
  const W = width;
  const labels = (chart.labels || []).map(String);
  const series = (chart.series || []).filter((x) => Array.isArray(x.values));
  const titleId = uid('bars-title');
  const descId = uid('bars-desc');
  const n = Math.max(1, labels.length);
  const pw = W - M.left - M.right;
  const gw = pw / n;
  const longest = Math.max(1, ...labels.map((l) => l.length));
  const slant = longest * CHAR + 10 > gw;
  const every = slant ? Math.max(1, Math.ceil(22 / gw)) : 1;
  const under = slant ? Math.ceil(16 + Math.min(longest, 24) * CHAR * 0.574) : 44; // the labels' room: sin 35° of the longest
  const ph = PLOT_H;
  const H = M.top + ph + under;
  const svg = s('svg', {
    class: 'bars', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    preserveAspectRatio: 'xMidYMid meet', 'data-testid': 'report-chart',
  });
  const unit = chart.unit ? ` ${chart.unit}` : '';
  const values = series.flatMap((x) => x.values).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const said = series.map((x) => `${x.name}: ${labels.map((l, i) => `${l} ${barValue(x.values[i]) || 'none'}`).join(', ')}`).join('; ');
  svg.append(s('title', { id: titleId }, chart.title || 'Chart'),
    s('desc', { id: descId }, values.length ? `${said}${unit ? ` (${chart.unit})` : ''}.` : 'No figures to draw.'));

  const top = values.length ? niceMax(Math.max(0, ...values) * 1.08) : 10;
  const bottom = values.some((v) => v < 0) ? -niceMax(-Math.min(...values) * 1.08) : 0;
  const y = (v) => M.top + ph - ((v - bottom) / (top - bottom)) * ph;

  // patterns: stripes in the series' colour for every series but the first
  const defs = s('defs');
  const fills = [];
  for (let i = 0; i < SERIES; i++) {
    if (i === 0) { fills.push(null); continue; }
    const id = uid('bars-stripe');
    defs.append(s('pattern', { id, width: 7, height: 7, patternUnits: 'userSpaceOnUse', patternTransform: `rotate(${i % 2 ? 45 : -45})` },
      s('rect', { width: 7, height: 7, class: `bar-ground bar-s${i}` }), s('line', { x1: 0, y1: 0, x2: 0, y2: 7, class: `bar-stripe bar-s${i}` })));
    fills.push(`url(#${id})`);
  }
  svg.append(defs);

  // grid and the value axis, in the chart's unit
  const grid = s('g', { class: 'chart-grid' });
  const steps = 4;
  for (let i = 0; i <= steps; i++) {
    const v = bottom + ((top - bottom) / steps) * i;
    grid.append(s('line', { x1: M.left, x2: M.left + pw, y1: y(v), y2: y(v) }),
      s('text', { x: M.left - 8, y: y(v) + 5, 'text-anchor': 'end', class: 'chart-label' }, barValue(v)));
  }
  if (chart.unit) grid.append(s('text', { x: M.left - 8, y: M.top - 12, 'text-anchor': 'end', class: 'chart-label chart-unit' }, chart.unit));
  svg.append(grid);

  const bw = Math.min(64, (gw * 0.78) / Math.max(1, series.length));
  const groupPad = (gw - bw * series.length) / 2;
  const showValues = values.length > 0 && labels.length * series.length <= 24;
  const bars = s('g', { class: 'bar-groups' });
  labels.forEach((label, i) => {
    const g = s('g', { class: 'bar-group', 'data-label': label });
    series.forEach((x, j) => {
      const v = x.values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      const x0 = M.left + i * gw + groupPad + j * bw;
      const y0 = y(Math.max(0, v));
      const height = Math.max(v === 0 ? 0 : 1, Math.abs(y(v) - y(0)));
      const rect = s('rect', {
        class: `bar-rect bar-s${j % SERIES}`, x: (x0 + 1).toFixed(1), y: y0.toFixed(1), width: Math.max(1, bw - 2).toFixed(1), height: height.toFixed(1),
        'data-series': x.name, 'data-label': label, 'data-value': String(v),
      }, s('title', null, `${label}, ${x.name}: ${barValue(v)}${unit}`));
      if (fills[j % SERIES]) rect.setAttribute('fill', fills[j % SERIES]);
      g.append(rect);
      const text = barValue(v);
      if (showValues && text.length * CHAR <= bw + 8) {
        g.append(s('text', { class: 'bar-value', x: (x0 + bw / 2).toFixed(1), y: (v >= 0 ? y0 - 6 : y0 + height + 16).toFixed(1), 'text-anchor': 'middle' }, text));
      }
    });
    if (i % every === 0) {
      const cx = M.left + i * gw + gw / 2;
      g.append(slant
        ? s('text', { class: 'chart-label', x: (cx + 5).toFixed(1), y: M.top + ph + 18, 'text-anchor': 'end', transform: `rotate(-35 ${(cx + 5).toFixed(1)} ${M.top + ph + 18})` }, label)
        : s('text', { class: 'chart-label', x: cx.toFixed(1), y: M.top + ph + 24, 'text-anchor': 'middle' }, label));
    }
    bars.append(g);
  });
  svg.append(bars,
    s('line', { class: 'chart-axis', x1: M.left, x2: M.left + pw, y1: y(0), y2: y(0) }),
    s('line', { class: 'chart-axis', x1: M.left, x2: M.left, y1: M.top, y2: M.top + ph }));

  const legend = h('ul', { class: 'bar-legend', 'aria-label': 'Legend' },
    series.map((x, j) => h('li', null, h('span', { class: `swatch bar-s${j % SERIES}${j % SERIES ? ' striped' : ''}`, 'aria-hidden': 'true' }), x.name)));
  return h('figure', { class: 'bar-chart' },
    h('figcaption', null, h('span', { class: 'bar-title' }, chart.title || ''), chart.unit ? h('span', { class: 'muted' }, ` (${chart.unit})`) : null, legend),
    svg);
}
