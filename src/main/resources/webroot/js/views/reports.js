// Reports view (#/reports): choose a report (a workshop's session or week, a prison's month, a contract), read it
// as a page drawn from the API's JSON, and download the same tables as CSV or PDF. Each report has its own
// address, e.g. #/reports/weekly/MDI/textiles-1/2026-W49, so it can be bookmarked or sent on. Only the kinds the
// signed-in role may read are offered: instructors read session reports (without the money), no others.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, clear, setText } from '../dom.js';
import { labelled, select, setOptions, uid } from '../forms.js';
import { may, prisons as tokenPrisons } from '../session.js';
import { reportPage } from '../report-page.js';
import { dateTime, time, zoneAbbr, isoDate, zonedInstant, browserZone } from '../format.js';

export const KINDS = [
  { value: 'session', label: 'Session', hint: 'One session of a workshop: output, quality, where the time went, alerts, attendance, and what it cost and earned.' },
  { value: 'weekly', label: 'Weekly', hint: 'A workshop\u2019s week, day by day, against its targets.' },
  { value: 'monthly', label: 'Monthly', hint: 'A prison\u2019s month: each workshop against its budget, purposeful activity and contracts.' },
  { value: 'contract', label: 'Contract', hint: 'A contract: what has been made, what it earned and cost, and whether it pays.' },
];

const PRISON = /^[A-Z]{3}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,31}$/;
const WEEK = /^\d{4}-W\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DAY_MS = 86_400_000;
const RECENT_DAYS = 14; // the service finds a session's closures this far back

/** The kinds of report the signed-in person may read. */
export const readableKinds = () => (may.readAllReports() ? KINDS : KINDS.filter((k) => k.value === 'session'));

/** A report's address: #/reports/session/MDI/textiles-1[?start=…], …/weekly/MDI/textiles-1[/2026-W49], …/monthly/MDI[/2026-12], …/contract/MDI/c-1. */
export function reportHref(r) {
  const e = encodeURIComponent;
  if (r.kind === 'session') return `#/reports/session/${e(r.prison)}/${e(r.workshop)}${r.start ? `?start=${e(r.start)}` : ''}`;
  if (r.kind === 'weekly') return `#/reports/weekly/${e(r.prison)}/${e(r.workshop)}${r.week ? `/${e(r.week)}` : ''}`;
  if (r.kind === 'monthly') return `#/reports/monthly/${e(r.prison)}${r.month ? `/${e(r.month)}` : ''}`;
  if (r.kind === 'contract') return `#/reports/contract/${e(r.prison)}/${e(r.contract)}`;
  return '#/reports';
}

/** The report an address asks for: {kind, prison, workshop, week, month, contract, start}, and `problem` if it is malformed. */
export function wantedReport(route) {
  const r = { kind: route.kind || null, prison: route.prison || null };
  const rest = route.rest || [];
  const problems = [];
  if (r.kind && !KINDS.some((k) => k.value === r.kind)) problems.push(`there is no ${r.kind} report`);
  if (r.prison && !PRISON.test(r.prison)) problems.push(`'${r.prison}' is not a prison code such as MDI`);
  if (r.kind === 'session' || r.kind === 'weekly') {
    r.workshop = rest[0] || null;
    if (r.workshop && !SLUG.test(r.workshop)) problems.push(`'${r.workshop}' is not a workshop id such as textiles-1`);
  }
  if (r.kind === 'session' && route.start) {
    r.start = route.start;
    if (Number.isNaN(Date.parse(r.start))) problems.push(`'${r.start}' is not a session\u2019s start time`);
  }
  if (r.kind === 'weekly' && rest[1]) {
    r.week = rest[1];
    if (!WEEK.test(r.week)) problems.push(`'${r.week}' is not a week such as 2026-W49`);
  }
  if (r.kind === 'monthly' && rest[0]) {
    r.month = rest[0];
    if (!MONTH.test(r.month)) problems.push(`'${r.month}' is not a month such as 2026-12`);
  }
  if (r.kind === 'contract') {
    r.contract = rest[0] || null;
    if (r.contract && !SLUG.test(r.contract)) problems.push(`'${r.contract}' is not a contract id such as c-2026-0142`);
  }
  if (problems.length) r.problem = problems.join('; ');
  return r;
}

/** Whether the address names everything its kind needs (a week or a month may be left to the service: this one). */
function complete(r) {
  if (!r.kind || !r.prison || r.problem) return false;
  if (r.kind === 'session' || r.kind === 'weekly') return Boolean(r.workshop);
  if (r.kind === 'contract') return Boolean(r.contract);
  return true;
}

/** "2026-W49" of a plain date "2026-12-03" (ISO 8601 weeks: Monday first, week 1 holds the year's first Thursday). */
export function isoWeek(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3); // that week's Thursday
  const year = date.getUTCFullYear();
  const week = 1 + Math.floor((date - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * A workshop's sessions that have started in the last fortnight, newest first, from its schedule in its own zone
 * (as the service's calendar: an end before the start runs past midnight): [{start, end}] in ms.
 */
export function recentSessions(workshop, now = serverNow()) {
  const zone = workshop?.schedule?.timezone;
  const specs = workshop?.schedule?.sessions || [];
  if (!zone || !specs.length) return [];
  const [y, m, d] = isoDate(now, zone).split('-').map(Number);
  const found = new Map();
  for (let back = 0; back <= RECENT_DAYS; back++) {
    const day = new Date(Date.UTC(y, m - 1, d - back));
    const [dy, dm, dd] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    for (const spec of specs) {
      if (!(spec.days || []).includes(DAYS[day.getUTCDay()])) continue;
      const [sh, sm] = spec.start.split(':').map(Number);
      const [eh, em] = spec.end.split(':').map(Number);
      const overnight = eh * 60 + em <= sh * 60 + sm;
      const start = zonedInstant(zone, dy, dm, dd, sh, sm).getTime();
      const next = new Date(Date.UTC(dy, dm - 1, dd + (overnight ? 1 : 0)));
      const end = zonedInstant(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), eh, em).getTime();
      if (end > start && start <= now && now - start <= RECENT_DAYS * DAY_MS) found.set(start, { start, end });
    }
  }
  return [...found.values()].sort((a, b) => b.start - a.start);
}

/** Saves a downloaded file under its name: an object URL behind a transient <a download>. */
export function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the URL by now; keep it a while for a slow disk
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export class ReportsView {
  constructor(ctx, route) {
    this.ctx = ctx;
    this.wanted = wantedReport(route);
    this.workshops = [];
    this.alive = true;
  }

  mount(main) {
    this.main = main;
    document.title = 'Workshop Monitor \u2014 Reports';
    this.pickerPanel = h('section', { class: 'panel report-picker', 'aria-labelledby': 'rp-h', dataset: { testid: 'report-picker' } },
      h('h2', { id: 'rp-h', class: 'visually-hidden' }, 'Choose a report'),
      h('p', { class: 'muted' }, 'Loading workshops\u2026'));
    this.holder = h('div', { class: 'report-holder', dataset: { testid: 'report-holder' } });
    main.append(
      h('div', { class: 'viewhead' },
        h('div', null, h('h1', { tabindex: '-1' }, 'Reports'),
          h('p', { class: 'muted' }, may.readAllReports()
            ? 'A session, a week, a month or a contract, as the service e-mails them: read one here, or download it as CSV or PDF.'
            : 'A session of a workshop, as the service e-mails it: read it here, or download it as CSV or PDF.'))),
      this.pickerPanel, this.holder);
    const r = this.wanted;
    if (r.problem) this.showProblem(`This address does not name a report: ${r.problem}.`);
    else if (r.kind && !readableKinds().some((k) => k.value === r.kind)) {
      this.showProblem(`Instructors read session reports; the ${r.kind} report needs a viewer\u2019s, manager\u2019s or administrator\u2019s sign-in.`);
    } else if (complete(r)) this.load(r);
    else this.holder.append(h('p', { class: 'notice', dataset: { testid: 'report-prompt' } }, 'Choose a report above and press \u201cShow report\u201d.'));
    this.loadPicker();
  }

  unmount() { this.alive = false; }

  /** The prisons this person reads: the token's, or for an administrator every prison with a workshop. */
  prisons() {
    const mine = may.everywhere() ? [...this.workshops.map((w) => w.prison), ...tokenPrisons()] : tokenPrisons();
    return [...new Set([...mine, ...(this.wanted.prison && !this.wanted.problem ? [this.wanted.prison] : [])])].sort();
  }

  async loadPicker() {
    try {
      this.workshops = await api.workshops();
    } catch (e) {
      if (!this.alive) return;
      clear(this.pickerPanel);
      this.pickerPanel.append(h('p', { class: 'notice error' }, `Could not load the workshops to choose from: ${e.message}`));
      return;
    }
    if (!this.alive) return;
    this.ctx.setWorkshops(this.workshops);
    clear(this.pickerPanel);
    this.pickerPanel.append(h('h2', { id: 'rp-h', class: 'visually-hidden' }, 'Choose a report'), this.picker());
  }

  workshopOf(prison, id) {
    return this.workshops.find((w) => w.prison === prison && w.id === id) || null;
  }

  picker() {
    const r = this.wanted;
    const kinds = readableKinds();
    const kindName = uid('kind');
    const kindLegend = uid('kind-legend');
    let kind = kinds.some((k) => k.value === r.kind) ? r.kind : kinds[0].value;
    const kindHint = h('p', { class: 'hint', dataset: { field: 'kindHint' } });
    const kindChoice = kinds.length > 1
      ? h('fieldset', { class: 'range-choice kind-choice', 'aria-labelledby': kindLegend, dataset: { testid: 'report-kinds' } },
        h('legend', { id: kindLegend, class: 'visually-hidden' }, 'Report'),
        kinds.map((k) => {
          const input = h('input', { type: 'radio', name: kindName, value: k.value, id: uid('kind'), dataset: { kind: k.value } });
          if (k.value === kind) input.checked = true;
          input.addEventListener('change', () => { if (input.checked) { kind = k.value; showFields(); } });
          return h('span', { class: 'range-option' }, input, h('label', { for: input.id }, k.label));
        }))
      : h('p', { class: 'kind-only', dataset: { testid: 'report-kinds' } }, h('strong', null, 'Session report'),
        h('span', { class: 'muted' }, ' \u2014 the report an instructor reads.'));

    const prison = select({ name: 'prison', required: true }, this.prisons().map((p) => ({ value: p, label: p })));
    if (r.prison && this.prisons().includes(r.prison)) prison.value = r.prison;
    const workshop = select({ name: 'workshop', required: true }, []);
    const session = select({ name: 'session' }, []);
    const week = h('input', { type: 'week', name: 'week', required: true });
    const month = h('input', { type: 'month', name: 'month', required: true });
    const contract = select({ name: 'contract', required: true }, []);
    const rows = {
      prison: labelled('Prison', prison),
      workshop: labelled('Workshop', workshop),
      session: labelled('Session', session, { hint: 'Today\u2019s and the last fortnight\u2019s sessions, in the workshop\u2019s time zone.' }),
      week: labelled('Week', week, { hint: 'Monday to Sunday, in the workshop\u2019s time zone.' }),
      month: labelled('Month', month),
      contract: labelled('Contract', contract),
    };
    const needs = {
      session: ['prison', 'workshop', 'session'],
      weekly: ['prison', 'workshop', 'week'],
      monthly: ['prison', 'month'],
      contract: ['prison', 'contract'],
    };

    const zoneOf = () => this.workshopOf(prison.value, workshop.value)?.schedule?.timezone || browserZone;
    const fillWorkshops = () => {
      setOptions(workshop, this.workshops.filter((w) => w.prison === prison.value)
        .sort((a, b) => a.id.localeCompare(b.id)).map((w) => ({ value: w.id, label: `${w.name} (${w.id})` })),
      'Choose a workshop\u2026');
    };
    const fillSessions = () => {
      const w = this.workshopOf(prison.value, workshop.value);
      const zone = zoneOf();
      const now = serverNow();
      setOptions(session, [{ value: '', label: 'Current or last session' }, ...recentSessions(w, now).map((x) => ({
        value: new Date(x.start).toISOString().replace('.000Z', 'Z'),
        label: `${dateTime(x.start, zone)} \u2013 ${time(x.end, zone)} ${zoneAbbr(zone, new Date(x.start))}${x.end > now ? ' (in progress)' : ''}`,
      }))]);
    };
    let contractsFor = null;
    const fillContracts = async () => {
      if (kind !== 'contract' || !prison.value || contractsFor === prison.value) return;
      const asked = prison.value;
      contractsFor = asked;
      setOptions(contract, [], 'Loading contracts\u2026');
      let list;
      try {
        list = await api.contracts({ prison: asked });
      } catch (e) {
        setOptions(contract, [], `Could not load contracts: ${e.message}`);
        contractsFor = null;
        return;
      }
      if (prison.value !== asked) return;
      const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id));
      setOptions(contract, sorted.map((c) => ({ value: c.id, label: `${c.id}: ${c.customer}, ${c.product}` })),
        sorted.length ? 'Choose a contract\u2026' : `No contracts in ${asked}`);
      if (r.contract && sorted.some((c) => c.id === r.contract)) contract.value = r.contract;
    };
    const fillPeriods = () => {
      const today = isoDate(serverNow(), zoneOf());
      if (!week.value) week.value = isoWeek(today);
      if (!month.value) month.value = today.slice(0, 7);
    };
    const showFields = () => {
      for (const [name, row] of Object.entries(rows)) {
        const on = needs[kind].includes(name);
        row.hidden = !on;
        row.querySelectorAll('input, select').forEach((c) => { c.disabled = !on; });
      }
      setText(kindHint, KINDS.find((k) => k.value === kind).hint);
      fillContracts();
    };

    fillWorkshops();
    if (r.workshop) workshop.value = r.workshop;
    fillSessions();
    if (r.start && [...session.options].some((o) => Date.parse(o.value) === Date.parse(r.start))) {
      session.value = [...session.options].find((o) => Date.parse(o.value) === Date.parse(r.start)).value;
    }
    if (r.week) week.value = r.week;
    if (r.month) month.value = r.month;
    fillPeriods();
    prison.addEventListener('change', () => { fillWorkshops(); fillSessions(); contractsFor = null; fillContracts(); });
    workshop.addEventListener('change', () => { fillSessions(); });

    const problem = h('p', { class: 'form-error', role: 'alert', dataset: { testid: 'form-error' } });
    problem.hidden = true;
    const form = h('form', { class: 'report-form', dataset: { testid: 'report-form' }, 'aria-label': 'Choose a report' },
      kindChoice, kinds.length > 1 ? kindHint : null,
      h('div', { class: 'grid-form' }, Object.values(rows),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'show-report' } }, 'Show report'))),
      problem);
    form.noValidate = true;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const invalid = [...form.elements].filter((c) => c.willValidate && !c.checkValidity());
      form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
      if (invalid.length) {
        invalid.forEach((c) => c.setAttribute('aria-invalid', 'true'));
        problem.textContent = `Not shown: ${invalid[0].labels?.[0]?.textContent || invalid[0].name}: ${invalid[0].validationMessage}`;
        problem.hidden = false;
        invalid[0].focus();
        return;
      }
      problem.hidden = true;
      const wanted = { kind, prison: prison.value };
      if (kind === 'session') Object.assign(wanted, { workshop: workshop.value, start: session.value || null });
      if (kind === 'weekly') Object.assign(wanted, { workshop: workshop.value, week: week.value });
      if (kind === 'monthly') wanted.month = month.value;
      if (kind === 'contract') wanted.contract = contract.value;
      const href = reportHref(wanted);
      // the same address again: hashchange would not fire, so load it here (a fresh copy of the figures)
      if (location.hash === href) { this.wanted = wanted; this.load(wanted); } else location.hash = href;
    });
    showFields();
    return form;
  }

  showProblem(text) {
    clear(this.holder);
    this.holder.append(h('p', { class: 'notice error', role: 'alert', dataset: { testid: 'report-error' } }, text));
  }

  async load(r) {
    clear(this.holder);
    const loading = h('p', { class: 'notice', role: 'status' }, 'Loading the report\u2026');
    this.holder.append(loading);
    this.holder.setAttribute('aria-busy', 'true');
    let report;
    try {
      report = await api.report(r);
    } catch (e) {
      if (!this.alive) return;
      this.holder.removeAttribute('aria-busy');
      this.showProblem(e.status === 404 || e.status === 403 || e.status === 400
        ? `No report: ${e.detail || e.message}` : `Could not load the report: ${e.message}`);
      return;
    }
    if (!this.alive) return;
    this.holder.removeAttribute('aria-busy');
    clear(this.holder);
    this.holder.append(reportPage(report, { actions: this.downloads(r, report) }));
    document.title = `Workshop Monitor \u2014 ${report.title}`;
    this.ctx.announce(`${report.title}: ${report.subtitle || ''}`);
  }

  /** "Download CSV" and "Download PDF": fetched with the sign-in in the Authorization header, saved under the service's name. */
  downloads(r, report) {
    const said = h('p', { class: 'download-status muted small', role: 'status', dataset: { testid: 'download-status' } });
    const problem = h('p', { class: 'inline-error', role: 'alert', dataset: { testid: 'download-error' } });
    const button = (format, label) => {
      const b = h('button', { type: 'button', class: 'btn', dataset: { action: `download-${format}` } }, label);
      b.addEventListener('click', async () => {
        b.disabled = true;
        b.textContent = `Preparing ${format.toUpperCase()}\u2026`;
        said.textContent = '';
        problem.textContent = '';
        try {
          const { blob, filename } = await api.reportFile(r, format);
          const name = filename || `${report.file || 'report'}.${format}`;
          saveFile(blob, name);
          said.textContent = `Downloaded ${name}.`;
        } catch (e) {
          problem.textContent = `Could not download the ${format.toUpperCase()}: ${e.detail || e.message}`;
        } finally {
          b.disabled = false;
          b.textContent = label;
        }
      });
      return b;
    };
    const workshopLink = r.workshop ? h('a', { href: `#/workshop/${encodeURIComponent(r.prison)}/${encodeURIComponent(r.workshop)}` }, 'Workshop view') : null;
    return h('div', { class: 'report-actions' },
      h('div', { class: 'actions' }, button('csv', 'Download CSV'), button('pdf', 'Download PDF')),
      said, problem, workshopLink ? h('p', { class: 'small' }, workshopLink) : null);
  }
}
