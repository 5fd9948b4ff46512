// The workshop form of the Manage view: create a workshop or edit one, with rows of stations and of sessions.
// The checks mirror the API's (slugs, required fields, numbers in range) so most slips are caught here; what
// only the service can judge (a time zone it knows, a prison it lets you into) comes back as its own words.
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { labelled, select, setOptions, formStatus, onSubmit, uid, PATTERNS, SLUG_HINT } from '../forms.js';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const DAY_NAMES = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };
const KINDS = ['textiles', 'print', 'woodwork', 'engineering', 'laundry', 'contract-packing', 'assembly', 'recycling'];

/** Time zones the browser knows, for suggestions (the service decides). */
function zones() {
  try { return Intl.supportedValuesOf('timeZone'); } catch { return ['Europe/London', 'UTC']; }
}

/** Percent (the form) from a ratio (the API) and back, without float noise. */
const toPct = (ratio) => (typeof ratio === 'number' ? String(Math.round(ratio * 1000) / 10) : '');
const toRatio = (pct) => Math.round(Number(pct) * 10) / 1000;

export class WorkshopForm {
  /**
   * prisons: the prisons this person may set up workshops in; admin: may name any prison; workshops: a function
   * giving the workshops known now; onSaved(workshopJson, created) after the service took it.
   */
  constructor({ prisons, admin, workshops, onSaved }) {
    Object.assign(this, { prisons, admin, workshops, onSaved });
    this.status = formStatus();
    this.editing = null;
    this.stationRows = h('div', { class: 'rows', role: 'list', 'aria-label': 'Stations' });
    this.sessionRows = h('div', { class: 'rows', role: 'list', 'aria-label': 'Sessions' });
    const i = (attrs) => h('input', { autocomplete: 'off', ...attrs });
    this.f = {
      edit: select({ name: 'edit' }, [], undefined),
      prison: admin
        ? i({ type: 'text', name: 'prison', required: true, pattern: PATTERNS.prison, maxlength: '3', list: 'wf-prisons', class: 'short', autocapitalize: 'characters' })
        : select({ name: 'prison', required: true }, prisons.map((p) => ({ value: p, label: p }))),
      id: i({ type: 'text', name: 'id', required: true, pattern: PATTERNS.slug, maxlength: '32', spellcheck: 'false' }),
      name: i({ type: 'text', name: 'name', required: true, maxlength: '120' }),
      kind: i({ type: 'text', name: 'kind', required: true, pattern: PATTERNS.slug, maxlength: '32', list: 'wf-kinds' }),
      timezone: i({ type: 'text', name: 'timezone', required: true, maxlength: '64', list: 'wf-zones', value: 'Europe/London', spellcheck: 'false' }),
      units: i({ type: 'number', name: 'unitsPerSession', required: true, min: '0', max: '10000000', step: '1', inputmode: 'numeric', value: '0' }),
      tolerance: i({ type: 'number', name: 'tolerance', required: true, min: '0', max: '100', step: '0.1', value: '10' }),
      quality: i({ type: 'number', name: 'qualityTarget', required: true, min: '0', max: '100', step: '0.1', value: '95' }),
    };
    this.f.edit.addEventListener('change', () => this.choose(this.f.edit.value));
    const addStation = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-station' } }, 'Add a station');
    addStation.addEventListener('click', () => { const row = this.addStation(); row.querySelector('input').focus(); });
    const addSession = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-session' } }, 'Add a session');
    addSession.addEventListener('click', () => { const row = this.addSession(); row.querySelector('input').focus(); });
    const f = this.f;
    this.form = h('form', { class: 'manage-form', dataset: { testid: 'workshop-form' }, 'aria-labelledby': 'wf-h' },
      h('h2', { id: 'wf-h' }, 'Workshop'),
      h('p', { class: 'muted' }, 'Create a workshop, or choose one to change it. Saving replaces its whole set-up.'),
      labelled('Create or edit', f.edit),
      h('div', { class: 'grid-form' },
        labelled('Prison', f.prison, { hint: admin ? 'Three capital letters, e.g. MDI.' : null }),
        labelled('Workshop id', f.id, { hint: `${SLUG_HINT} E.g. textiles-1.` }),
        labelled('Name', f.name, { hint: 'As people call it, up to 120 characters.' }),
        labelled('Kind', f.kind, { hint: 'A slug such as textiles, print or woodwork.' }),
        labelled('Time zone', f.timezone, { hint: 'An IANA zone such as Europe/London; session times are in it.' }),
        labelled('Target units per session', f.units, { hint: 'Whole units, 0 to 10,000,000 (0: no target).' }),
        labelled('Tolerance (%)', f.tolerance, { hint: 'How far behind the target line still counts as on pace.' }),
        labelled('Quality target (%)', f.quality, { hint: 'Good units of all counted, 0 to 100.' })),
      h('fieldset', { class: 'rowset' }, h('legend', null, 'Stations'),
        h('p', { class: 'hint' }, 'Tick \u201cManual\u201d for a station without a counter: its units are entered as hand tallies.'),
        this.stationRows, addStation),
      h('fieldset', { class: 'rowset' }, h('legend', null, 'Sessions'),
        h('p', { class: 'hint' }, 'When the workshop works, in its time zone. An end before the start runs past midnight.'),
        this.sessionRows, addSession),
      h('datalist', { id: 'wf-kinds' }, KINDS.map((k) => h('option', { value: k }))),
      h('datalist', { id: 'wf-zones' }, zones().map((z) => h('option', { value: z }))),
      h('datalist', { id: 'wf-prisons' }, prisons.map((p) => h('option', { value: p }))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-workshop' } }, 'Save workshop')),
      this.status.el);
    onSubmit(this.form, this.status, { check: () => this.check(), send: () => this.send() });
    this.refreshChoices();
    this.blank();
  }

  get el() { return this.form; }

  /** The "create or edit" list, after a save or when the workshops change. */
  refreshChoices() {
    const list = this.workshops().filter((w) => this.admin || this.prisons.includes(w.prison))
      .sort((a, b) => a.workshop.localeCompare(b.workshop));
    setOptions(this.f.edit, [{ value: '', label: 'A new workshop' }, ...list.map((w) => ({ value: w.workshop, label: `${w.name} (${w.workshop})` }))]);
  }

  blank() {
    this.editing = null;
    const f = this.f;
    f.prison.value = this.prisons[0] || '';
    for (const el of [f.prison, f.id]) { el.readOnly = false; el.disabled = false; }
    f.id.value = '';
    f.name.value = '';
    f.kind.value = '';
    f.timezone.value = 'Europe/London';
    f.units.value = '0';
    f.tolerance.value = '10';
    f.quality.value = '95';
    clear(this.stationRows);
    clear(this.sessionRows);
    this.addStation();
    this.addSession({ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:30', end: '11:30' });
  }

  async choose(key) {
    this.status.clear();
    if (!key) { this.blank(); return; }
    const [prison, id] = key.split('/');
    let w;
    try {
      w = await api.workshop(prison, id);
    } catch (e) {
      this.status.error(`Could not load ${key}: ${e.message}`);
      return;
    }
    this.editing = w.workshop;
    const f = this.f;
    if (!this.admin && ![...f.prison.options].some((o) => o.value === w.prison)) f.prison.append(h('option', { value: w.prison }, w.prison));
    f.prison.value = w.prison;
    f.id.value = w.id;
    // the key names the workshop: editing keeps it (a new key is a new workshop)
    if (this.admin) f.prison.readOnly = true; else f.prison.disabled = true;
    f.id.readOnly = true;
    f.name.value = w.name || '';
    f.kind.value = w.kind || '';
    f.timezone.value = w.schedule?.timezone || '';
    f.units.value = String(w.target?.unitsPerSession ?? 0);
    f.tolerance.value = toPct(w.target?.tolerance ?? 0.1);
    f.quality.value = toPct(w.qualityTarget ?? 0.95);
    clear(this.stationRows);
    // stations a device registered by itself have no ideal cycle: they stay as they are
    for (const st of (w.stations || []).filter((x) => !x.autoRegistered)) this.addStation(st);
    clear(this.sessionRows);
    for (const se of w.schedule?.sessions || []) this.addSession(se);
  }

  addStation(st = {}) {
    const n = this.stationRows.children.length + 1;
    const i = (attrs) => h('input', { autocomplete: 'off', ...attrs });
    const id = i({ type: 'text', name: 'station-id', required: true, pattern: PATTERNS.slug, maxlength: '32', value: st.id || '', spellcheck: 'false' });
    const name = i({ type: 'text', name: 'station-name', maxlength: '120', value: st.name || '' });
    const cycle = i({ type: 'number', name: 'station-cycle', required: true, min: '0.01', max: '86400', step: 'any', value: st.idealCycleSeconds ?? '' });
    const manual = h('input', { type: 'checkbox', name: 'station-manual', id: uid('manual') });
    manual.checked = Boolean(st.manual);
    const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'remove-station' } }, 'Remove');
    const row = h('div', { class: 'row station-row', role: 'listitem', dataset: { row: 'station' } },
      labelled('Station id', id, { cls: 'compact' }),
      labelled('Name', name, { optional: true, cls: 'compact' }),
      labelled('Ideal cycle (seconds)', cycle, { cls: 'compact' }),
      h('div', { class: 'formrow compact check' }, manual, h('label', { for: manual.id }, 'Manual (no counter)')),
      remove);
    remove.setAttribute('aria-label', `Remove station ${n}`);
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      (next?.querySelector('input') || this.form.querySelector('[data-action="add-station"]')).focus();
    });
    this.stationRows.append(row);
    return row;
  }

  addSession(se = {}) {
    const n = this.sessionRows.children.length + 1;
    const legendId = uid('days');
    const days = h('fieldset', { class: 'days', 'aria-labelledby': legendId },
      h('legend', { id: legendId }, 'Days'),
      DAYS.map((d) => {
        const box = h('input', { type: 'checkbox', name: 'session-day', value: d, id: uid('day') });
        box.checked = (se.days || []).map((x) => x.slice(0, 3).toUpperCase()).includes(d);
        return h('span', { class: 'day' }, box, h('label', { for: box.id }, DAY_NAMES[d]));
      }));
    const start = h('input', { type: 'time', name: 'session-start', required: true, step: '60', value: se.start || '' });
    const end = h('input', { type: 'time', name: 'session-end', required: true, step: '60', value: se.end || '' });
    const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'remove-session' }, 'aria-label': `Remove session ${n}` }, 'Remove');
    const row = h('div', { class: 'row session-row', role: 'listitem', dataset: { row: 'session' } },
      days, labelled('Start', start, { cls: 'compact' }), labelled('End', end, { cls: 'compact' }), remove);
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      (next?.querySelector('input') || this.form.querySelector('[data-action="add-session"]')).focus();
    });
    this.sessionRows.append(row);
    return row;
  }

  /** What the attributes cannot say: unique station ids, a day for every session, a session that lasts. */
  check() {
    const key = `${this.f.prison.value.trim()}/${this.f.id.value.trim()}`;
    const taken = !this.editing && this.workshops().some((w) => w.workshop === key);
    this.f.id.setCustomValidity(taken ? `${key} already exists: choose it under “Create or edit” to change it.` : '');
    const seen = new Set();
    for (const row of this.stationRows.children) {
      const id = row.querySelector('[name="station-id"]');
      id.setCustomValidity(id.value && seen.has(id.value) ? `Station ${id.value} is listed twice; station ids are unique in a workshop.` : '');
      seen.add(id.value);
    }
    for (const row of this.sessionRows.children) {
      const boxes = [...row.querySelectorAll('[name="session-day"]')];
      boxes[0].setCustomValidity(boxes.some((b) => b.checked) ? '' : 'Tick at least one day for this session.');
      const start = row.querySelector('[name="session-start"]');
      const end = row.querySelector('[name="session-end"]');
      end.setCustomValidity(start.value && start.value === end.value ? 'A session must end at another time than it starts.' : '');
    }
  }

  body() {
    const f = this.f;
    return {
      name: f.name.value.trim(),
      kind: f.kind.value.trim(),
      stations: [...this.stationRows.children].map((row) => ({
        id: row.querySelector('[name="station-id"]').value,
        name: row.querySelector('[name="station-name"]').value.trim() || null,
        idealCycleSeconds: Number(row.querySelector('[name="station-cycle"]').value),
        manual: row.querySelector('[name="station-manual"]').checked,
      })),
      schedule: {
        timezone: f.timezone.value.trim(),
        sessions: [...this.sessionRows.children].map((row) => ({
          days: [...row.querySelectorAll('[name="session-day"]:checked')].map((b) => b.value),
          start: row.querySelector('[name="session-start"]').value.slice(0, 5),
          end: row.querySelector('[name="session-end"]').value.slice(0, 5),
        })),
      },
      target: { unitsPerSession: Number(f.units.value), tolerance: toRatio(f.tolerance.value) },
      qualityTarget: toRatio(f.quality.value),
    };
  }

  async send() {
    const prison = this.f.prison.value.trim();
    const id = this.f.id.value.trim();
    const { status, body } = await api.putWorkshop(prison, id, this.body());
    const created = status === 201;
    await this.onSaved(body, created);
    this.refreshChoices();
    this.f.edit.value = body.workshop;
    this.editing = body.workshop;
    this.f.id.readOnly = true;
    if (this.admin) this.f.prison.readOnly = true; else this.f.prison.disabled = true;
    return [`${created ? 'Created' : 'Saved'} workshop ${body.name} (${body.workshop}) with ${body.stations.length} station${body.stations.length === 1 ? '' : 's'}. `,
      h('a', { href: `#/workshop/${body.prison}/${body.id}` }, `Open ${body.name}`)];
  }
}
