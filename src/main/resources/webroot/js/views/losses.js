// "Where the time went": a loss breakdown as a waterfall, a Pareto of reasons, regime time apart from the time
// the workshop controls, and rejects by code. LossFigures draws one breakdown (the workshop view and the estate
// share it); LossPanel adds the workshop's range choice (this session, today, this week in its own zone).
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, s, setField, setText, clear } from '../dom.js';
import { dateTime, time, zoneAbbr, isoDate, dayBounds, weekBounds, duration, minutes, sentence, count, DASH } from '../format.js';
import { drawWaterfall } from '../waterfall.js';
import { uid } from '../forms.js';

export const CATEGORY_LABELS = {
  REGIME: 'Regime',
  EQUIPMENT: 'Equipment',
  MATERIAL: 'Material',
  PEOPLE: 'People',
  OTHER: 'Other',
  UNEXPLAINED: 'Unexplained',
};

/** A stop reason in words; none given is said so. */
export const reasonText = (reason) => (reason ? sentence(reason) : 'No reason given');

/** The words for a range the API answered for: "Tue 3 Dec, 08:30 – 11:30 UTC". */
export function rangeText(from, toIso, zone) {
  if (!from || !toIso) return '';
  // a range still going is counted to now (the estate's answer names the whole day)
  const to = Math.max(Date.parse(from), Math.min(Date.parse(toIso), serverNow()));
  const sameDay = isoDate(from, zone) === isoDate(to - 1, zone);
  return `${dateTime(from, zone)} – ${sameDay ? time(to, zone) : dateTime(to, zone)} ${zoneAbbr(zone, new Date(from))}`;
}

export class LossFigures {
  /** compact: the estate's summary (fewer reasons, no rejects); idPrefix keeps headings' ids unique. */
  constructor({ compact = false, topReasons = compact ? 5 : 15 } = {}) {
    this.compact = compact;
    this.topReasons = topReasons;
    const num = (name) => h('span', { class: 'num mid', dataset: { field: name } }, DASH);
    this.waterfall = s('svg', { 'data-testid': 'waterfall', class: `waterfall${compact ? ' compact' : ''}`, preserveAspectRatio: 'xMinYMin meet' });
    this.pareto = h('ol', { class: 'pareto', dataset: { testid: 'pareto' } });
    this.rejects = h('ul', { class: 'reject-codes', dataset: { testid: 'rejects-by-code' } });
    const paretoH = uid('pareto-h');
    const rejectsH = uid('rejects-h');
    this.el = h('div', { class: `loss-figures${compact ? ' compact' : ''}` },
      h('dl', { class: 'loss-split' },
        h('div', { class: 'split-regime' },
          h('dt', null, 'Lost to the regime ', h('span', { class: 'muted small' }, '(lockdowns, late unlocks, curtailments, staff)')),
          h('dd', null, num('regimeMinutes'))),
        h('div', { class: 'split-controlled' },
          h('dt', null, 'Lost in the workshop\u2019s control ', h('span', { class: 'muted small' }, '(equipment, material, people, unexplained)')),
          h('dd', null, num('controlledMinutes'))),
        h('div', { class: 'split-good' },
          h('dt', null, 'Good output'),
          h('dd', null, num('goodMinutes'), ' ', h('span', { class: 'muted', dataset: { field: 'units' } })))),
      h('div', { class: 'loss-body' },
        h('div', { class: 'loss-waterfall' }, this.waterfall,
          h('p', { class: 'muted small' }, 'Station time: each station\u2019s scheduled time added up. Striped rows are time lost.')),
        h('div', { class: 'loss-reasons' },
          h('h3', { id: paretoH }, compact ? 'Top reasons' : 'Reasons, most time first'),
          this.pareto,
          compact ? null : h('h3', { id: rejectsH }, 'Rejects by code'),
          compact ? null : this.rejects)));
    this.pareto.setAttribute('aria-labelledby', paretoH);
    if (!compact) this.rejects.setAttribute('aria-labelledby', rejectsH);
  }

  /** b: a breakdown (the API's `total`). */
  render(b) {
    const root = this.el;
    const f = (name) => root.querySelector(`[data-field="${name}"]`);
    setField(f('regimeMinutes'), minutes(b.regimeSeconds), duration(b.regimeSeconds));
    setField(f('controlledMinutes'), minutes(b.workshopControlledSeconds), duration(b.workshopControlledSeconds));
    setField(f('goodMinutes'), minutes(b.goodSeconds), duration(b.goodSeconds));
    setText(f('units'), `(${count(b.good)} good, ${count(b.reject)} rejected units)`);
    drawWaterfall(this.waterfall, b.waterfall, { compact: this.compact });
    this.renderPareto(b.pareto || []);
    if (!this.compact) this.renderRejects(b.rejects || []);
  }

  renderPareto(pareto) {
    clear(this.pareto);
    if (!pareto.length) {
      this.pareto.append(h('li', { class: 'muted empty' }, 'No time lost to stops or closures in this range.'));
      return;
    }
    const top = pareto[0].seconds || 1;
    for (const p of pareto.slice(0, this.topReasons)) {
      const fill = h('span', { class: 'pareto-fill' });
      fill.style.width = `${Math.max(1, (p.seconds / top) * 100)}%`;
      const regime = p.category === 'REGIME';
      this.pareto.append(h('li', {
        class: `pareto-item${regime ? ' regime' : ''}${p.reason ? '' : ' unexplained'}`,
        dataset: { reason: p.reason || 'UNEXPLAINED', category: p.category, value: String(p.seconds), count: String(p.count) },
      },
      h('span', { class: 'pareto-name' }, reasonText(p.reason)),
      h('span', { class: `badge cat-${(p.category || '').toLowerCase()}` }, regime ? 'Regime' : CATEGORY_LABELS[p.category] || p.category),
      h('span', { class: 'pareto-bar', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'pareto-time num' }, duration(p.seconds)),
      h('span', { class: 'pareto-count muted' }, `${p.count} ${p.count === 1 ? 'time' : 'times'}`)));
    }
    if (pareto.length > this.topReasons) {
      this.pareto.append(h('li', { class: 'muted more' }, `and ${pareto.length - this.topReasons} more reasons`));
    }
  }

  renderRejects(rejects) {
    clear(this.rejects);
    if (!rejects.length) {
      this.rejects.append(h('li', { class: 'muted empty' }, 'No rejects in this range.'));
      return;
    }
    for (const r of rejects) {
      this.rejects.append(h('li', { dataset: { code: r.code || 'UNCODED', value: String(r.units) } },
        h('span', null, r.code ? sentence(r.code) : 'Not coded yet'), ' ', h('span', { class: 'num' }, count(r.units))));
    }
  }
}

const RANGES = [
  { value: 'session', label: 'This session' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'This week' },
];

/**
 * The workshop view's panel. onLoaded({from, to}) lets the stops list follow the same range; reload() after a
 * stop reason, a tally, a split or a closure changes the figures.
 */
export class LossPanel {
  constructor({ prison, id, zone, onLoaded, announce }) {
    this.prison = prison;
    this.id = id;
    this.zone = zone; // a function: the workshop's zone once its configuration is in
    this.onLoaded = onLoaded;
    this.announce = announce;
    this.range = 'session';
    this.figures = new LossFigures();
    this.rangeLine = h('p', { class: 'muted', dataset: { field: 'lossRange' } });
    this.status = h('p', { class: 'muted small', role: 'status' });
    const name = uid('range');
    const legendId = uid('range-legend');
    const choices = h('fieldset', { class: 'range-choice', 'aria-labelledby': legendId },
      h('legend', { id: legendId, class: 'visually-hidden' }, 'Range'),
      RANGES.map((r) => {
        const input = h('input', { type: 'radio', name, value: r.value, id: uid('range'), dataset: { range: r.value } });
        if (r.value === this.range) input.checked = true;
        input.addEventListener('change', () => {
          if (!input.checked) return;
          this.range = r.value;
          this.reload(`Showing ${r.label.toLowerCase()}.`);
        });
        return h('span', { class: 'range-option' }, input, h('label', { for: input.id }, r.label));
      }));
    this.el = h('section', { class: 'panel losses', 'aria-labelledby': 'losses-h', dataset: { testid: 'losses' } },
      h('div', { class: 'panel-head' },
        h('div', null, h('h2', { id: 'losses-h' }, 'Where the time went'), this.rangeLine),
        choices),
      this.status,
      this.figures.el);
  }

  /** {from, to} ISO strings for the chosen range in the workshop's zone; none for "this session" (the API's default). */
  bounds() {
    const zone = this.zone();
    if (this.range === 'today') { const b = dayBounds(zone); return { from: b.start.toISOString(), to: b.end.toISOString() }; }
    if (this.range === 'week') { const b = weekBounds(zone); return { from: b.start.toISOString(), to: b.end.toISOString() }; }
    return {};
  }

  async reload(announcement) {
    const { from, to } = this.bounds();
    const asked = this.range;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const data = await api.losses(this.prison, this.id, from, to);
      if (asked !== this.range) return null;
      this.data = data;
      this.status.textContent = '';
      setField(this.rangeLine, data.from, rangeText(data.from, data.to, this.zone()));
      this.figures.render(data.total);
      if (this.onLoaded) this.onLoaded({ from: data.from, to: data.to, losses: data });
      if (announcement && this.announce) this.announce(`${announcement} ${duration(data.total.regimeSeconds)} lost to the regime, ${duration(data.total.workshopControlledSeconds)} in the workshop's control.`);
      return data;
    } catch (e) {
      this.status.textContent = `Could not load where the time went: ${e.message}`;
      return null;
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }
}
