// Contracts view: every contract with progress, rates and projection; polled every 30 s (not on the live feed).
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, setField, setText, field, clear } from '../dom.js';
import { count, pct, rate, dateTimeYear, fullDateTime, zoneAbbr, calendarDate, timeSec, browserZone, isNum, DASH } from '../format.js';
import { STATUS_ORDER, setStatus } from './common.js';
import { may } from '../session.js';

const REFRESH_MS = 30_000;

export class ContractsView {
  constructor(ctx, route) {
    this.ctx = ctx;
    this.prison = route.prison && /^[A-Z]{3}$/.test(route.prison) ? route.prison : null;
    this.rows = new Map();
    this.workshops = new Map();
    this.alive = true;
  }

  mount(main) {
    document.title = 'Workshop Monitor — Contracts';
    this.status = h('p', { class: 'notice' }, 'Loading contracts…');
    this.updated = h('p', { class: 'muted', dataset: { field: 'updated' } });
    this.body = h('tbody');
    this.table = h('table', { class: 'contracts' },
      h('caption', { class: 'visually-hidden' }, 'Contracts, most at risk first'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Contract'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Customer / product'),
        h('th', { scope: 'col' }, 'Workshop'), h('th', { scope: 'col' }, 'Produced / quantity'),
        h('th', { scope: 'col', class: 'r' }, 'Rate /h vs required /h'),
        h('th', { scope: 'col' }, 'Projected completion vs due'))),
      this.body);
    this.table.hidden = true;
    main.append(
      h('div', { class: 'viewhead' }, h('h1', { tabindex: '-1' }, 'Contracts'),
        h('p', { class: 'muted' }, 'Times in each workshop\u2019s time zone. Refreshed every 30 seconds.')),
      this.updated, this.status, h('div', { class: 'table-wrap panel' }, this.table));
    this.load();
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  }

  unmount() {
    this.alive = false;
    clearInterval(this.timer);
  }

  refresh() { this.load(); }

  async load() {
    try {
      const [contracts, workshops] = await Promise.all([
        api.contracts(this.prison ? { prison: this.prison } : {}),
        api.workshops().catch(() => null),
      ]);
      if (!this.alive) return;
      if (workshops) {
        this.workshops = new Map(workshops.map((w) => [w.workshop, w]));
        this.ctx.setWorkshops(workshops);
        const prisons = [...new Set(workshops.map((w) => w.prison))].sort();
        this.ctx.feed.want(prisons.map((p) => `${p}/*`));
      }
      this.render(contracts);
      this.status.hidden = contracts.length > 0;
      this.status.classList.remove('error');
      if (!contracts.length) this.status.textContent = 'No contracts yet.';
      this.table.hidden = contracts.length === 0;
      setText(this.updated, `Updated ${timeSec(new Date(serverNow()), browserZone)} ${zoneAbbr(browserZone)}`);
    } catch (e) {
      if (!this.alive) return;
      this.status.hidden = false;
      this.status.classList.add('error');
      this.status.textContent = `Could not load contracts: ${e.message}. Showing what was last loaded.`;
    }
  }

  render(contracts) {
    const sorted = [...contracts].sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9)
      || a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
    const seen = new Set();
    for (const c of sorted) {
      seen.add(c.id);
      let row = this.rows.get(c.id);
      if (!row) { row = this.buildRow(c); this.rows.set(c.id, row); }
      this.updateRow(row, c);
      this.body.append(row); // keeps the sorted order
    }
    for (const [id, row] of this.rows) if (!seen.has(id)) { row.remove(); this.rows.delete(id); }
  }

  buildRow(c) {
    const fill = h('span', { class: 'bar-fill' });
    return h('tr', { dataset: { contract: c.id } },
      h('th', { scope: 'row', class: 'mono nowrap' }, c.id,
        // instructors read session reports only: no link the service would refuse
        may.readAllReports() ? h('div', { class: 'small report-link' }, h('a', {
          href: `#/reports/contract/${encodeURIComponent(c.workshop.split('/')[0])}/${encodeURIComponent(c.id)}`,
          dataset: { testid: 'contract-report-link' }, 'aria-label': `Report on contract ${c.id}`,
        }, 'Report')) : null),
      h('td', null, h('span', { dataset: { field: 'status' } })),
      h('td', null, h('div', { dataset: { field: 'customer' } }), h('div', { class: 'muted mono', dataset: { field: 'product' } })),
      h('td', null, h('a', { dataset: { field: 'workshop' } }), h('div', { class: 'muted mono small nowrap', dataset: { field: 'workshopKey' } })),
      h('td', { class: 'progress-cell' },
        h('div', null, h('span', { class: 'num mid', dataset: { field: 'produced' } }), ' / ', h('span', { class: 'num', dataset: { field: 'quantity' } }),
          ' ', h('span', { class: 'muted', dataset: { field: 'progress' } })),
        h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill)),
      h('td', { class: 'r' },
        h('span', { class: 'num', dataset: { field: 'ratePerHour' } }), h('span', { class: 'muted' }, ' vs '),
        h('span', { class: 'num', dataset: { field: 'requiredPerHour' } }), h('div', { class: 'muted small', dataset: { field: 'rateVerdict' } })),
      h('td', null,
        h('div', null, h('time', { dataset: { field: 'projectedCompletion' } })),
        h('div', { class: 'muted' }, 'due ', h('span', { dataset: { field: 'due' } }))));
  }

  updateRow(row, c) {
    const w = this.workshops.get(c.workshop);
    const zone = w?.schedule?.timezone;
    setText(field(row, 'customer'), c.customer);
    setText(field(row, 'product'), c.product);
    const wl = field(row, 'workshop');
    const [p, id] = c.workshop.split('/');
    wl.href = `#/workshop/${p}/${id}`;
    setText(wl, w ? w.name : c.workshop);
    setText(field(row, 'workshopKey'), w ? c.workshop : '');
    setField(field(row, 'produced'), c.produced ?? null, count(c.produced));
    setField(field(row, 'quantity'), c.quantity ?? null, count(c.quantity));
    setField(field(row, 'progress'), c.progress ?? null, pct(c.progress));
    const bar = row.querySelector('.bar');
    const p100 = isNum(c.progress) ? Math.min(100, c.progress * 100) : 0;
    bar.querySelector('.bar-fill').style.width = `${p100}%`;
    bar.setAttribute('aria-valuenow', p100.toFixed(1));
    bar.setAttribute('aria-valuetext', `${pct(c.progress)} of ${count(c.quantity)} made`);
    setField(field(row, 'ratePerHour'), c.ratePerHour ?? null, rate(c.ratePerHour));
    setField(field(row, 'requiredPerHour'), c.requiredPerHour ?? null, rate(c.requiredPerHour));
    let verdict = '';
    if (c.status === 'COMPLETE') verdict = 'complete';
    else if (isNum(c.ratePerHour) && isNum(c.requiredPerHour)) verdict = c.ratePerHour >= c.requiredPerHour ? 'fast enough' : 'too slow';
    else if (!isNum(c.requiredPerHour)) verdict = 'no planned hours left';
    setText(field(row, 'rateVerdict'), verdict);
    const pc = field(row, 'projectedCompletion');
    let projText;
    if (c.projectedCompletion) projText = `${dateTimeYear(c.projectedCompletion, zone)} ${zoneAbbr(zone, new Date(c.projectedCompletion))}`;
    else if (c.status === 'COMPLETE') projText = 'Complete';
    else projText = 'No projection (no recent output)';
    setField(pc, c.projectedCompletion ?? null, projText);
    if (c.projectedCompletion) { pc.setAttribute('datetime', c.projectedCompletion); pc.title = fullDateTime(c.projectedCompletion, zone); }
    else { pc.removeAttribute('datetime'); pc.removeAttribute('title'); }
    setField(field(row, 'due'), c.due, `${calendarDate(c.due)} (end of day)`);
    setStatus(field(row, 'status'), c.status);
  }
}
