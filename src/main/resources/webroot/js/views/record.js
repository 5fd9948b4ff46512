// What an instructor records in the workshop during the day: a reason for each stop, hand tallies from stations
// without a counter, why the session's rejects were rejected, and a closure of the workshop. Each form shows the
// service's refusal in its own words beside it, confirms what it saved, and has the figures it changes reloaded.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, setField, setText, clear } from '../dom.js';
import {
  count, time, dateTime, fullDateTime, zoneAbbr, dayBounds, localInput, fromLocalInput, duration, sentence, isNum,
} from '../format.js';
import { labelled, select, formStatus, onSubmit, uid, PATTERNS } from '../forms.js';
import { CATEGORY_LABELS, reasonText } from './losses.js';

const MINUTE = 60_000;
const CATEGORY_ORDER = ['REGIME', 'EQUIPMENT', 'MATERIAL', 'PEOPLE', 'OTHER'];
export const CLOSURE_REASONS = ['LOCKDOWN', 'REGIME_CURTAILMENT', 'STAFF_UNAVAILABLE', 'MAINTENANCE', 'OTHER'];
export const REJECT_CODES = ['DAMAGED_MATERIAL', 'WRONG_ASSEMBLY', 'PRINT_FAULT', 'STITCHING_FAULT', 'MEASUREMENT', 'FINISH', 'CONTAMINATION', 'OTHER'];
const NOTE_HINT = 'Up to 200 characters about the stop, never about a person: no names, prison numbers or dates of birth.';

/** Now on the service's clock, to the minute (a datetime-local input holds minutes), never in the future. */
const nowMinute = () => Math.floor(serverNow() / MINUTE) * MINUTE;

/** The one reason list as <optgroup>s by category, regime first. */
export function reasonOptions(reasons) {
  const groups = new Map();
  for (const r of reasons || []) {
    if (!groups.has(r.category)) groups.set(r.category, []);
    groups.get(r.category).push({ value: r.reason, label: sentence(r.reason) });
  }
  return [...groups.entries()]
    .sort((a, b) => CATEGORY_ORDER.indexOf(a[0]) - CATEGORY_ORDER.indexOf(b[0]))
    .map(([category, options]) => ({
      group: category === 'REGIME' ? 'Regime (outside the workshop\u2019s control)' : CATEGORY_LABELS[category] || category,
      options,
    }));
}

/** From/to datetime-local checks that mirror the API's: to after from, at most `maxMs` apart, optionally not ahead of now. */
export function checkSpan(fromInput, toInput, zone, { maxMs, maxText, notFuture = false }) {
  const from = fromLocalInput(fromInput.value, zone);
  const to = fromLocalInput(toInput.value, zone);
  let problem = '';
  if (from && to) {
    if (!(to > from)) problem = '\u201cTo\u201d must be after \u201cFrom\u201d.';
    else if (to - from > maxMs) problem = `At most ${maxText} from \u201cFrom\u201d to \u201cTo\u201d.`;
    else if (notFuture && to.getTime() > serverNow() + MINUTE) problem = '\u201cTo\u201d cannot be in the future: record what has been counted.';
  }
  toInput.setCustomValidity(problem);
  return { from, to };
}

/** The stops over the losses panel's range, newest first, each with a reason form for an instructor. */
export class StopsPanel {
  constructor({ prison, id, zone, stationName, canRecord, onSaved, announce }) {
    Object.assign(this, { prison, id, zone, stationName, canRecord, onSaved, announce });
    this.rows = new Map();
    this.reasons = [];
    this.body = h('tbody');
    this.status = h('p', { class: 'form-ok', role: 'status', dataset: { testid: 'stops-status' } });
    this.summary = h('p', { class: 'muted', dataset: { field: 'stopsSummary' } });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'stops-h' },
      h('h2', { id: 'stops-h' }, 'Stops'),
      h('p', { class: 'muted' }, canRecord
        ? 'Give each stop its reason from the one list; the minutes move to that reason in the figures above.'
        : 'Why each station stopped, and how much planned time it took.'),
      this.summary,
      this.status,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'stops stacked', dataset: { testid: 'stops' } },
          h('caption', { class: 'visually-hidden' }, 'Stops, newest first'),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'Station'), h('th', { scope: 'col' }, 'Stopped'),
            h('th', { scope: 'col', class: 'r' }, 'Planned time lost'), h('th', { scope: 'col' }, 'Reported'),
            h('th', { scope: 'col' }, 'Reason'), canRecord ? h('th', { scope: 'col' }, 'Give a reason') : null)),
          this.body)));
  }

  async load(from, to) {
    try {
      const data = await api.stops(this.prison, this.id, from, to);
      this.render(data);
    } catch (e) {
      setText(this.summary, `Could not load the stops: ${e.message}`);
    }
  }

  render(data) {
    this.reasons = data.reasons || [];
    const stops = [...(data.stops || [])].sort((a, b) => Date.parse(b.started) - Date.parse(a.started) || a.station.localeCompare(b.station));
    const shown = stops.slice(0, 100);
    const lost = stops.reduce((sum, st) => sum + (st.plannedSeconds || 0), 0);
    const unexplained = stops.filter((st) => !st.reason).length;
    setText(this.summary, stops.length
      ? `${stops.length} stop${stops.length === 1 ? '' : 's'}, ${duration(lost)} of planned time; ${unexplained ? `${unexplained} without a reason` : 'every one has a reason'}.${stops.length > shown.length ? ` Showing the latest ${shown.length}.` : ''}`
      : 'No stops in this range.');
    const seen = new Set();
    let prev = null;
    for (const stop of shown) {
      const key = `${stop.station}|${stop.started}`;
      seen.add(key);
      let row = this.rows.get(key);
      if (!row) {
        row = this.buildRow(stop);
        this.rows.set(key, row);
      }
      this.fill(row, stop);
      if (prev ? prev.nextElementSibling !== row : this.body.firstElementChild !== row) {
        if (prev) prev.after(row); else this.body.prepend(row);
      }
      prev = row;
    }
    for (const [key, row] of this.rows) {
      if (!seen.has(key) && !row.contains(document.activeElement)) { row.remove(); this.rows.delete(key); }
    }
  }

  buildRow(stop) {
    const row = h('tr', { dataset: { station: stop.station, started: stop.started } },
      h('th', { scope: 'row' }, h('span', { dataset: { field: 'stationName' } }), h('div', { class: 'muted mono small' }, stop.station)),
      h('td', { dataset: { label: 'Stopped' } }, h('span', { dataset: { field: 'when' } })),
      h('td', { class: 'r num', dataset: { field: 'plannedSeconds', label: 'Planned time lost' } }),
      h('td', { dataset: { field: 'state', label: 'Reported' } }),
      h('td', { dataset: { label: 'Reason' } },
        h('span', { class: 'stop-reason', dataset: { field: 'reason' } }), ' ',
        h('span', { dataset: { field: 'category' } }),
        h('div', { class: 'muted small', dataset: { field: 'recorded' } })));
    if (this.canRecord) row.append(h('td', { class: 'record-cell', dataset: { label: 'Give a reason' } }, this.reasonForm(stop, row)));
    return row;
  }

  fill(row, stop) {
    const zone = this.zone();
    row.dataset.reason = stop.reason || '';
    setText(row.querySelector('[data-field="stationName"]'), this.stationName(stop.station) || stop.station);
    const when = row.querySelector('[data-field="when"]');
    setText(when, `${dateTime(stop.started, zone)} – ${stop.ended ? time(stop.ended, zone) : 'still stopped'} ${zoneAbbr(zone)}`);
    when.title = fullDateTime(stop.started, zone);
    setField(row.querySelector('[data-field="plannedSeconds"]'), stop.plannedSeconds, duration(stop.plannedSeconds));
    setText(row.querySelector('[data-field="state"]'), stop.state
      ? `${stop.state}${stop.reported ? ` (${sentence(stop.reported)})` : ''}`
      : 'Before the first report');
    setField(row.querySelector('[data-field="reason"]'), stop.reason, reasonText(stop.reason));
    const cat = row.querySelector('[data-field="category"]');
    cat.className = `badge cat-${(stop.category || '').toLowerCase()}`;
    setText(cat, stop.category === 'REGIME' ? 'Regime' : CATEGORY_LABELS[stop.category] || stop.category || '');
    cat.hidden = !stop.reason;
    const recorded = stop.recordedBy
      ? `Given by ${stop.recordedBy} at ${time(stop.recordedAt, zone)}${stop.note ? ` \u2014 \u201c${stop.note}\u201d` : ''}`
      : stop.reported && stop.reason === stop.reported ? 'As the device reported it' : '';
    setText(row.querySelector('[data-field="recorded"]'), recorded);
    const form = row.querySelector('form');
    if (form && form.dataset.dirty !== 'true' && !form.contains(document.activeElement)) {
      form.elements.reason.value = stop.reason || '';
      form.elements.note.value = stop.note || '';
    }
  }

  reasonForm(stop, row) {
    if (!stop.recordable) {
      return h('p', { class: 'muted small' }, 'No reason can be given for the time before a station\u2019s first report.');
    }
    const zone = this.zone();
    const what = `the stop of ${this.stationName(stop.station) || stop.station} at ${time(stop.started, zone)}`;
    // visible labels, and names that say which stop (the visible words first, so speech input finds them)
    const reason = select({ name: 'reason', required: true, id: uid('reason'), 'aria-label': `Reason for ${what}` },
      reasonOptions(this.reasons), 'Choose a reason…');
    const note = h('input', { type: 'text', name: 'note', id: uid('note'), maxlength: '200', autocomplete: 'off', 'aria-label': `Note (optional) on ${what}` });
    const noteHint = h('span', { class: 'visually-hidden', id: uid('note-hint') }, NOTE_HINT);
    note.setAttribute('aria-describedby', noteHint.id);
    const status = formStatus();
    const form = h('form', { class: 'stop-reason-form', dataset: { testid: 'stop-reason-form' } },
      h('div', { class: 'formrow' }, h('label', { for: reason.id }, 'Reason'), reason),
      h('div', { class: 'formrow' }, h('label', { for: note.id }, 'Note ', h('span', { class: 'req' }, '(optional)')), note, noteHint),
      h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-reason' } }, 'Save'),
      status.el);
    form.addEventListener('input', () => { form.dataset.dirty = 'true'; });
    onSubmit(form, status, {
      send: async () => {
        const chosen = reason.value;
        await api.recordReason(this.prison, this.id, stop.station, row.dataset.started, { reason: chosen, note: note.value.trim() || null });
        delete form.dataset.dirty;
        const text = `Saved: ${reasonText(chosen)} for ${what}.`;
        this.status.textContent = text;
        if (this.onSaved) this.onSaved(text);
        return text;
      },
    });
    return form;
  }
}

/** Hand tallies for stations without a counter: the form (instructors) and today's tallies (everyone). */
export class TallyPanel {
  constructor({ prison, id, zone, stations, canRecord, onSaved }) {
    Object.assign(this, { prison, id, zone, stations, canRecord, onSaved });
    this.list = h('ul', { class: 'tallies', dataset: { testid: 'tallies' } });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'tally-h' },
      h('h2', { id: 'tally-h' }, 'Hand tallies'),
      h('p', { class: 'muted' }, `Units counted by hand at ${stations.map((st) => st.name || st.id).join(', ')}, which have no counter.`),
      canRecord ? this.buildForm() : null,
      h('h3', null, 'Today\u2019s tallies'),
      this.list);
  }

  buildForm() {
    const zone = this.zone();
    const z = zoneAbbr(zone);
    const station = select({ name: 'station', required: true }, this.stations.map((st) => ({ value: st.id, label: st.name ? `${st.name} (${st.id})` : st.id })));
    const good = h('input', { type: 'number', name: 'good', min: '0', max: '1000000', step: '1', inputmode: 'numeric', required: true });
    const reject = h('input', { type: 'number', name: 'reject', min: '0', max: '1000000', step: '1', inputmode: 'numeric', required: true, value: '0' });
    const from = h('input', { type: 'datetime-local', name: 'from', step: '60', required: true });
    const to = h('input', { type: 'datetime-local', name: 'to', step: '60', required: true });
    const product = h('input', { type: 'text', name: 'product', pattern: PATTERNS.product, maxlength: '64', autocomplete: 'off' });
    this.inputs = { station, good, reject, from, to, product };
    const status = formStatus();
    const form = h('form', { class: 'grid-form', dataset: { testid: 'tally-form' } },
      labelled('Station', station),
      labelled('Good units', good),
      labelled('Rejected units', reject),
      labelled(`From (${z})`, from, { hint: `Times in ${zone}.` }),
      labelled(`To (${z})`, to, { hint: 'At most 24 hours after \u201cFrom\u201d, and not in the future.' }),
      labelled('Product code', product, { optional: true, hint: 'As on the contract, e.g. TOTE-1.' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'record-tally' } }, 'Record tally')),
      status.el);
    this.resetTimes();
    onSubmit(form, status, {
      check: () => {
        const none = Number(good.value || 0) + Number(reject.value || 0) === 0 && good.value !== '';
        good.setCustomValidity(none ? 'Count at least one unit, good or rejected.' : '');
        checkSpan(from, to, this.zone(), { maxMs: 24 * 3600_000, maxText: '24 hours', notFuture: true });
      },
      send: async () => {
        const zoneNow = this.zone();
        const body = {
          from: fromLocalInput(from.value, zoneNow).toISOString(),
          to: fromLocalInput(to.value, zoneNow).toISOString(),
          good: Number(good.value),
          reject: Number(reject.value || 0),
          product: product.value.trim() || null,
        };
        await api.addTally(this.prison, this.id, station.value, body);
        const text = `Recorded ${count(body.good)} good and ${count(body.reject)} rejected at ${station.selectedOptions[0]?.textContent || station.value}, ${time(body.from, zoneNow)}\u2013${time(body.to, zoneNow)} ${zoneAbbr(zoneNow)}.`;
        good.value = '';
        reject.value = '0';
        this.resetTimes();
        this.load();
        if (this.onSaved) this.onSaved(text);
        return text;
      },
    });
    return form;
  }

  /** From an hour ago to now, in the workshop's zone: the usual tally, entered at the end of the hour. */
  resetTimes() {
    if (!this.inputs) return;
    const zone = this.zone();
    const now = nowMinute();
    this.inputs.to.value = localInput(now, zone);
    this.inputs.from.value = localInput(now - 60 * MINUTE, zone);
  }

  async load() {
    const zone = this.zone();
    const { start } = dayBounds(zone);
    let tallies;
    try {
      tallies = await api.tallies(this.prison, this.id, start.toISOString(), new Date(serverNow() + MINUTE).toISOString());
    } catch (e) {
      clear(this.list);
      this.list.append(h('li', { class: 'muted' }, `Could not load today\u2019s tallies: ${e.message}`));
      return;
    }
    clear(this.list);
    if (!tallies.length) { this.list.append(h('li', { class: 'muted empty' }, 'No tallies today.')); return; }
    tallies.sort((a, b) => Date.parse(b.to) - Date.parse(a.to));
    for (const t of tallies) {
      this.list.append(h('li', { dataset: { tallyId: t.id, station: t.station, good: String(t.good), reject: String(t.reject) } },
        h('time', { datetime: t.to, title: fullDateTime(t.to, zone) }, `to ${time(t.to, zone)}`), ' ',
        h('strong', null, this.stations.find((st) => st.id === t.station)?.name || t.station), ': ',
        `${count(t.good)} good, ${count(t.reject)} rejected`, t.product ? ` (${t.product})` : '',
        h('span', { class: 'muted' }, ` \u00b7 entered ${time(t.enteredAt, zone)}`)));
    }
  }
}

/** Why this session's rejects were rejected, station by station: never more than were counted. */
export class RejectSplitPanel {
  constructor({ prison, id, zone, stations, onSaved }) {
    Object.assign(this, { prison, id, zone, stations, onSaved });
    this.session = null;
    this.counted = new Map(); // station -> rejects counted this session
    this.splits = [];
    this.counts = {};
    this.sessionLine = h('p', { class: 'muted', dataset: { field: 'splitSession' } });
    this.countedLine = h('p', { dataset: { field: 'counted' } });
    this.uncoded = h('p', { class: 'muted', dataset: { field: 'uncoded' }, 'aria-live': 'polite' });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'split-h' },
      h('h2', { id: 'split-h' }, 'Rejects by code, this session'),
      this.sessionLine,
      this.buildForm());
  }

  buildForm() {
    const station = select({ name: 'station', required: true },
      this.stations.map((st) => ({ value: st.id, label: st.name ? `${st.name} (${st.id})` : st.id })));
    this.station = station;
    const codes = h('fieldset', { class: 'codes' }, h('legend', null, 'Rejected units by code'),
      REJECT_CODES.map((code) => {
        const input = h('input', { type: 'number', name: code, min: '0', max: '1000000', step: '1', inputmode: 'numeric', value: '0', dataset: { code } });
        this.counts[code] = input;
        return labelled(sentence(code), input, { cls: 'code-row' });
      }));
    const status = formStatus();
    this.formStatus = status;
    const form = h('form', { class: 'split-form', dataset: { testid: 'reject-split-form' } },
      labelled('Station', station), this.countedLine, codes, this.uncoded,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-split' } }, 'Save split')),
      status.el);
    this.form = form;
    station.addEventListener('change', () => { status.clear(); this.fillStation(); });
    form.addEventListener('input', () => this.showUncoded());
    onSubmit(form, status, {
      check: () => {
        const counted = this.counted.get(station.value) ?? null;
        const sum = this.sum();
        const first = this.counts[REJECT_CODES[0]];
        first.setCustomValidity(counted !== null && sum > counted
          ? `The codes add up to ${sum}, more than the ${counted} rejects counted at this station this session.` : '');
        if (!this.session) station.setCustomValidity('There is no session to split rejects for yet.');
        else station.setCustomValidity('');
      },
      send: async () => {
        const codes = {};
        for (const code of REJECT_CODES) if (Number(this.counts[code].value) > 0) codes[code] = Number(this.counts[code].value);
        const answer = await api.splitRejects(this.prison, this.id, station.value, this.session.start, codes);
        this.counted.set(station.value, answer.rejects);
        const i = this.splits.findIndex((sp) => sp.station === station.value);
        const saved = { station: station.value, session: this.session.start, codes: answer.codes };
        if (i >= 0) this.splits[i] = saved; else this.splits.push(saved);
        this.fillStation();
        const coded = answer.rejects - answer.uncoded;
        const text = `Saved: ${count(coded)} of ${count(answer.rejects)} rejects at ${station.value} coded, ${count(answer.uncoded)} not coded.`;
        if (this.onSaved) this.onSaved(text);
        return text;
      },
    });
    return form;
  }

  sum() {
    return REJECT_CODES.reduce((n, code) => n + (Number(this.counts[code].value) || 0), 0);
  }

  showUncoded() {
    const counted = this.counted.get(this.station.value);
    setText(this.uncoded, isNum(counted) ? `${count(Math.max(0, counted - this.sum()))} left not coded.` : '');
  }

  fillStation() {
    const counted = this.counted.get(this.station.value);
    setField(this.countedLine, counted ?? null, this.session
      ? `Counted at ${this.station.value} this session: ${isNum(counted) ? count(counted) : 'no'} rejected unit${counted === 1 ? '' : 's'}.`
      : 'No session yet.');
    const split = this.splits.find((sp) => sp.station === this.station.value && sp.session === this.session?.start);
    for (const code of REJECT_CODES) {
      this.counts[code].value = String(split?.codes?.[code] || 0);
      if (isNum(counted)) this.counts[code].max = String(counted);
    }
    this.showUncoded();
  }

  /** The session to split (kpis.session: the current or last one); reloads when it changes. */
  async setSession(session) {
    if ((session?.start || null) === (this.session?.start || null) && this.loaded) return;
    this.session = session;
    await this.load();
  }

  async load() {
    const zone = this.zone();
    const session = this.session;
    setText(this.sessionLine, session
      ? `Session ${dateTime(session.start, zone)} \u2013 ${time(session.end, zone)} ${zoneAbbr(zone)}. Rejects not given a code stay \u201cnot coded\u201d.`
      : 'There is no session yet.');
    if (!session) { this.fillStation(); return; }
    try {
      const [losses, rejects] = await Promise.all([
        api.losses(this.prison, this.id, session.start, new Date(Math.max(Date.parse(session.start) + 1000, Math.min(Date.parse(session.end), serverNow()))).toISOString()),
        api.rejects(this.prison, this.id, session.start, new Date(Date.parse(session.end) + 1000).toISOString()),
      ]);
      if (session !== this.session) return;
      this.counted = new Map((losses.stations || []).map((st) => [st.station, st.reject]));
      this.splits = (rejects.splits || []).filter((sp) => sp.session === session.start);
      this.loaded = true;
    } catch (e) {
      this.formStatus.error(`Could not load this session\u2019s rejects: ${e.message}`);
    }
    this.fillStation();
  }

  /** After a tally or a new reading the counted rejects change: fetch them again, keeping what is typed. */
  async refreshCounts() {
    if (!this.session || this.form.contains(document.activeElement)) return;
    await this.load();
  }
}

/** An instructor closes this workshop for a period: it leaves planned time. */
export class ClosureForm {
  constructor({ prison, id, zone, session, onSaved }) {
    Object.assign(this, { prison, id, zone, session, onSaved });
    const z = zoneAbbr(zone());
    const from = h('input', { type: 'datetime-local', name: 'from', step: '60', required: true });
    const to = h('input', { type: 'datetime-local', name: 'to', step: '60', required: true });
    const reason = select({ name: 'reason', required: true }, CLOSURE_REASONS.map((r) => ({ value: r, label: sentence(r) })), 'Choose a reason…');
    this.inputs = { from, to, reason };
    const status = formStatus();
    this.el = h('form', { class: 'grid-form closure-form', dataset: { testid: 'closure-form' }, 'aria-labelledby': 'closure-form-h' },
      h('h3', { id: 'closure-form-h', class: 'span-all' }, 'Close this workshop'),
      labelled(`From (${z})`, from, { hint: `Times in ${zone()}.` }),
      labelled(`To (${z})`, to),
      labelled('Reason', reason),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'record-closure' } }, 'Record closure')),
      status.el);
    this.resetTimes();
    onSubmit(this.el, status, {
      check: () => checkSpan(from, to, this.zone(), { maxMs: 400 * 86400_000, maxText: '400 days' }),
      send: async () => {
        const zoneNow = this.zone();
        const body = { from: fromLocalInput(from.value, zoneNow).toISOString(), to: fromLocalInput(to.value, zoneNow).toISOString(), reason: reason.value };
        const closure = await api.addClosure(this.prison, this.id, body);
        const text = `Closure recorded: ${sentence(closure.reason)}, ${dateTime(closure.from, zoneNow)} \u2013 ${dateTime(closure.to, zoneNow)} ${zoneAbbr(zoneNow)}. That time is no longer planned.`;
        reason.value = '';
        this.resetTimes();
        if (this.onSaved) this.onSaved(text);
        return text;
      },
    });
  }

  /** From now to the end of the session in progress (or an hour). */
  resetTimes() {
    const zone = this.zone();
    const now = nowMinute();
    const session = this.session();
    const end = session && Date.parse(session.end) > now && Date.parse(session.start) <= now ? Date.parse(session.end) : now + 60 * MINUTE;
    this.inputs.from.value = localInput(now, zone);
    this.inputs.to.value = localInput(end, zone);
  }
}

