// Estate view: every workshop as a tile, what needs attention first, and where today's time went.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, setField, setText, field, clear } from '../dom.js';
import { count, pct, rate, time, zoneAbbr, words, dayBounds, browserZone } from '../format.js';
import {
  SEVERITY_ORDER, STATUS_ORDER, newer, setPace, progressBar, updateProgressBar, stationCounts, alertSummary, notStarted,
  firstSessionText,
} from './common.js';
import { LossFigures, rangeText } from './losses.js';

const CONTRACT_REFRESH_MS = 30_000;
const LOSSES_REFRESH_MS = 60_000;

export class EstateView {
  constructor(ctx, route) {
    this.ctx = ctx;
    this.prison = route.prison && /^[A-Z]{3}$/.test(route.prison) ? route.prison : null;
    this.workshops = new Map(); // key -> workshop JSON with kpis
    this.alerts = new Map(); // id -> alert (not resolved)
    this.contracts = new Map(); // workshop key -> [contract]
    this.tiles = new Map(); // key -> {el, pb, ...}
    this.sortPending = false;
    this.alive = true;
  }

  mount(main) {
    document.title = this.prison ? `Workshop Monitor — ${this.prison}` : 'Workshop Monitor';
    this.filterNav = h('nav', { class: 'filters', 'aria-label': 'Prisons' });
    this.summary = h('p', { class: 'summary', 'aria-live': 'off' });
    this.grid = h('div', { class: 'tiles', role: 'list' });
    this.status = h('p', { class: 'notice' }, 'Loading workshops…');
    this.lossFigures = new LossFigures({ compact: true });
    this.lossRange = h('p', { class: 'muted', dataset: { field: 'lossRange' } });
    this.lossStatus = h('p', { class: 'muted small', role: 'status' });
    this.lossSection = h('section', { class: 'panel estate-losses', 'aria-labelledby': 'estate-losses-h', dataset: { testid: 'estate-losses' } },
      h('h2', { id: 'estate-losses-h' }, `Where the time went today${this.prison ? ` at ${this.prison}` : ', every prison'}`),
      this.lossRange, this.lossStatus, this.lossFigures.el);
    this.lossSection.hidden = true;
    main.append(
      h('div', { class: 'viewhead' },
        h('h1', { tabindex: '-1' }, this.prison ? `Estate: ${this.prison}` : 'Estate'),
        this.filterNav),
      this.summary, this.status, this.grid, this.lossSection);
    this.load();
    this.contractTimer = setInterval(() => this.loadContracts(), CONTRACT_REFRESH_MS);
    this.lossTimer = setInterval(() => this.loadLosses(), LOSSES_REFRESH_MS);
  }

  unmount() {
    this.alive = false;
    clearInterval(this.contractTimer);
    clearInterval(this.lossTimer);
    clearTimeout(this.contractSoon);
    clearTimeout(this.reloadTimer);
  }

  refresh() { this.load(); }

  async load() {
    const scope = this.prison ? { prison: this.prison } : {};
    try {
      const [workshops, alerts, contracts] = await Promise.all([
        api.workshops(), api.activeAlerts(scope), api.contracts(scope).catch(() => null),
      ]);
      if (!this.alive) return;
      this.ctx.setWorkshops(workshops);
      const prisons = [...new Set(workshops.map((w) => w.prison))].sort();
      this.renderFilters(prisons);
      const shown = workshops.filter((w) => !this.prison || w.prison === this.prison);
      const keep = new Set(shown.map((w) => w.workshop));
      for (const w of shown) {
        const old = this.workshops.get(w.workshop);
        // keep live figures newer than the fetched ones
        if (old?.kpis && w.kpis && !newer(old.kpis, w.kpis)) w.kpis = old.kpis;
        this.workshops.set(w.workshop, w);
      }
      for (const k of [...this.workshops.keys()]) if (!keep.has(k)) this.workshops.delete(k);
      this.alerts = new Map(alerts.filter((a) => keep.has(a.workshop)).map((a) => [a.id, a]));
      if (contracts) this.setContracts(contracts);
      // only prisons that have workshops: the 70 s silence check expects every subscription to be fed
      this.ctx.feed.want(prisons.filter((p) => !this.prison || p === this.prison).map((p) => `${p}/*`));
      if (!shown.length) {
        this.status.hidden = false;
        this.status.textContent = this.prison ? `No workshops at ${this.prison}.` : 'No workshops are configured yet.';
      } else {
        this.status.hidden = true;
      }
      this.renderAll();
      this.loaded = true;
      this.loadLosses();
    } catch (e) {
      if (!this.alive) return;
      this.status.hidden = false;
      this.status.textContent = `Could not load workshops: ${e.message}`;
      this.status.classList.add('error');
    }
  }

  /** Today in the workshops' own zone when they share one (the browser's otherwise), summed over those shown. */
  lossZone() {
    const zones = new Set([...this.workshops.values()].map((w) => w.schedule?.timezone).filter(Boolean));
    return zones.size === 1 ? [...zones][0] : browserZone;
  }

  async loadLosses() {
    if (!this.workshops.size) { this.lossSection.hidden = true; return; }
    const zone = this.lossZone();
    const { start, end } = dayBounds(zone);
    try {
      const data = await api.estateLosses({ prison: this.prison || undefined, from: start.toISOString(), to: end.toISOString() });
      if (!this.alive) return;
      this.lossSection.hidden = false;
      setField(this.lossRange, data.from, `${rangeText(data.from, data.to, zone)}, ${data.workshops.length} workshop${data.workshops.length === 1 ? '' : 's'}; regime time shown apart from what the workshops control.`);
      this.lossStatus.textContent = '';
      this.lossFigures.render(data.total);
    } catch (e) {
      if (!this.alive) return;
      this.lossSection.hidden = false;
      this.lossStatus.textContent = `Could not load where today’s time went: ${e.message}`;
    }
  }

  async loadContracts() {
    try {
      const contracts = await api.contracts(this.prison ? { prison: this.prison } : {});
      if (!this.alive) return;
      this.setContracts(contracts);
      for (const key of this.tiles.keys()) this.updateTile(key);
      this.scheduleSort();
    } catch { /* keep what is shown */ }
  }

  setContracts(contracts) {
    this.contracts = new Map();
    for (const c of contracts) {
      if (!this.contracts.has(c.workshop)) this.contracts.set(c.workshop, []);
      this.contracts.get(c.workshop).push(c);
    }
  }

  renderFilters(prisons) {
    clear(this.filterNav);
    const link = (label, href, current) => h('a', { href, class: 'chip', 'aria-current': current ? 'page' : null }, label);
    const list = h('ul', null,
      h('li', null, link('All prisons', '#/', !this.prison)),
      prisons.map((p) => h('li', null, link(p, `#/?prison=${p}`, this.prison === p))));
    this.filterNav.append(list);
  }

  renderAll() {
    for (const [key, tile] of this.tiles) {
      if (!this.workshops.has(key)) { tile.el.remove(); this.tiles.delete(key); }
    }
    for (const key of this.workshops.keys()) {
      if (!this.tiles.has(key)) this.tiles.set(key, this.buildTile(this.workshops.get(key)));
      this.updateTile(key);
    }
    this.sort();
  }

  buildTile(w) {
    const num = (name, cls = 'num') => h('span', { class: cls, dataset: { field: name } });
    const pb = progressBar();
    const el = h('article', {
      class: 'tile', role: 'listitem', dataset: { testid: 'tile', workshop: w.workshop },
    },
    h('header', { class: 'tile-head' },
      h('h2', null, h('a', { class: 'tile-link', href: `#/workshop/${w.prison}/${w.id}` }, w.name)),
      h('p', { class: 'tile-key' }, `${w.workshop} · ${w.kind}`)),
    h('p', { class: 'attention', dataset: { field: 'attention' } }),
    h('dl', { class: 'big3' },
      h('div', null, h('dt', null, 'Throughput'), h('dd', null, num('throughputPerHour', 'num big'), h('span', { class: 'unit' }, ' /h'))),
      h('div', null, h('dt', null, 'Quality'), h('dd', null, num('quality', 'num big'))),
      h('div', null, h('dt', null, 'OEE'), h('dd', null, num('oee', 'num big')))),
    h('div', { class: 'session' },
      h('p', { class: 'session-line' },
        h('span', { class: 'session-count' }, num('sessionGood', 'num mid'), h('span', { class: 'of' }, ' of '), num('target', 'num')),
        ' ', h('span', { class: 'pace', dataset: { field: 'onPace' } })),
      pb.bar,
      h('p', { class: 'session-time muted', dataset: { field: 'sessionTime' } })),
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Attendance'), h('dd', null, num('attendance'))),
      h('div', null, h('dt', null, 'Stations'), h('dd', { dataset: { field: 'stations' } })),
      h('div', null, h('dt', null, 'Alerts'), h('dd', { dataset: { field: 'openAlerts' } })),
      h('div', { class: 'contracts-fact' }, h('dt', null, 'Contracts'), h('dd', null, h('ul', { class: 'contract-list', dataset: { field: 'contracts' } })))));
    this.grid.append(el);
    return { el, pb };
  }

  tileAlerts(key) {
    return [...this.alerts.values()].filter((a) => a.workshop === key);
  }

  updateTile(key, now = serverNow()) {
    const tile = this.tiles.get(key);
    const w = this.workshops.get(key);
    if (!tile || !w) return;
    const el = tile.el;
    const k = w.kpis || {};
    const win = k.window || {};
    const session = k.session || null;
    setField(field(el, 'throughputPerHour'), win.throughputPerHour ?? null, rate(win.throughputPerHour));
    setField(field(el, 'quality'), win.quality ?? null, pct(win.quality));
    setField(field(el, 'oee'), session?.oee ?? null, pct(session?.oee));
    setField(field(el, 'sessionGood'), session?.good ?? null, count(session?.good));
    setField(field(el, 'target'), session?.target ?? null, count(session?.target));
    setPace(field(el, 'onPace'), session, w);
    const waiting = notStarted(w, session);
    const expected = updateProgressBar(tile.pb, waiting ? null : session, now);
    const zone = w.schedule?.timezone;
    setText(field(el, 'sessionTime'), waiting ? firstSessionText(w) : session
      ? `Session ${time(session.start, zone)}–${time(session.end, zone)} ${zoneAbbr(zone)}${expected !== null ? ` · expected by now ${count(Math.round(expected))}` : ''}`
      : 'No session scheduled');
    setField(field(el, 'attendance'), k.attendance ?? null, count(k.attendance));
    setText(field(el, 'stations'), stationCounts(k.stations));

    const alerts = this.tileAlerts(key);
    setField(field(el, 'openAlerts'), alerts.length, alertSummary(alerts));
    const worst = alerts.reduce((m, a) => Math.min(m, SEVERITY_ORDER[a.severity] ?? 9), 9);
    const severity = worst === 0 ? 'critical' : worst === 1 ? 'warning' : worst === 2 ? 'info' : 'none';
    el.dataset.severity = severity;
    el.dataset.pace = waiting ? 'not-started' : session?.onPace === false ? 'behind' : 'ok';
    const att = field(el, 'attention');
    const top = [...alerts].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
      || (a.state === b.state ? 0 : a.state === 'OPEN' ? -1 : 1))[0];
    if (top && severity !== 'info') {
      att.hidden = false;
      setText(att, `${top.severity}${top.state === 'ACKNOWLEDGED' ? ' (acknowledged)' : ''}: ${top.text}${alerts.length > 1 ? ` (+${alerts.length - 1} more)` : ''}`);
    } else {
      att.hidden = true;
      setText(att, '');
    }

    const list = field(el, 'contracts');
    const contracts = (this.contracts.get(key) || []).slice()
      .sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || a.id.localeCompare(b.id));
    const sig = contracts.map((c) => `${c.id}:${c.status}:${c.progress}`).join('|');
    if (list.dataset.sig !== sig) {
      list.dataset.sig = sig;
      clear(list);
      if (!contracts.length) list.append(h('li', { class: 'muted' }, 'None'));
      for (const c of contracts.slice(0, 4)) {
        list.append(h('li', { dataset: { contract: c.id } },
          h('span', { class: 'contract-id' }, c.id), ' ',
          h('span', { class: `badge status-${c.status.toLowerCase()}`, dataset: { field: 'contractStatus', value: c.status } }, c.status),
          ' ', h('span', { class: 'muted' }, pct(c.progress))));
      }
      if (contracts.length > 4) list.append(h('li', { class: 'muted' }, `and ${contracts.length - 4} more`));
    }
  }

  rank(key) {
    const alerts = this.tileAlerts(key);
    if (alerts.some((a) => a.severity === 'CRITICAL')) return 0;
    if (alerts.some((a) => a.severity === 'WARNING')) return 1;
    const w = this.workshops.get(key);
    // not started is not behind: a workshop set up after its last session has nothing to catch up
    if (w?.kpis?.session?.onPace === false && !notStarted(w, w.kpis.session)) return 2;
    return 3;
  }

  scheduleSort() {
    if (this.sortPending) return;
    this.sortPending = true;
    requestAnimationFrame(() => { this.sortPending = false; if (this.alive) this.sort(); });
  }

  sort() {
    const keys = [...this.tiles.keys()].sort((a, b) => this.rank(a) - this.rank(b)
      || (this.workshops.get(a)?.name || a).localeCompare(this.workshops.get(b)?.name || b) || a.localeCompare(b));
    const current = [...this.grid.children].map((el) => el.dataset.workshop);
    if (current.join('\n') !== keys.join('\n')) {
      const focused = document.activeElement;
      keys.forEach((k) => this.grid.append(this.tiles.get(k).el));
      if (focused && this.grid.contains(focused) && document.activeElement !== focused) focused.focus({ preventScroll: true });
    }
    keys.forEach((k) => { this.tiles.get(k).el.dataset.rank = String(this.rank(k)); });
    const attention = keys.filter((k) => this.rank(k) < 3).length;
    setText(this.summary, `${keys.length} workshop${keys.length === 1 ? '' : 's'}${attention ? `, ${attention} needing attention` : ', none needing attention'}. Most urgent first.`);
  }

  onKpi(msg) {
    const w = this.workshops.get(msg.workshop);
    if (!w) {
      // a workshop created since the page loaded: fetch everything again (rare)
      if (this.loaded && (!this.prison || msg.workshop.startsWith(`${this.prison}/`))) this.debouncedReload();
      return;
    }
    if (!newer(w.kpis, msg)) return;
    const { type, ...kpis } = msg;
    w.kpis = kpis;
    this.updateTile(msg.workshop);
    this.scheduleSort();
  }

  onAlert(alert) {
    if (!this.workshops.has(alert.workshop)) return;
    const known = this.alerts.get(alert.id);
    if (alert.state === 'RESOLVED') this.alerts.delete(alert.id);
    else this.alerts.set(alert.id, alert);
    if (!known && alert.state === 'OPEN') this.ctx.announce(`New ${alert.severity.toLowerCase()} alert: ${alert.text}`);
    // a contract's status changed: its badge on the tile should not wait for the 30 s poll
    if (alert.kind === 'CONTRACT_AT_RISK' && known?.state !== alert.state) {
      clearTimeout(this.contractSoon);
      this.contractSoon = setTimeout(() => this.alive && this.loadContracts(), 500);
    }
    this.updateTile(alert.workshop);
    this.scheduleSort();
  }

  debouncedReload() {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.alive && this.load(), 1000);
  }

  tick(now) {
    // the on-pace marker moves with the clock
    if (now - (this.lastTick || 0) < 5000) return;
    this.lastTick = now;
    for (const [key, tile] of this.tiles) {
      const w = this.workshops.get(key);
      const session = w?.kpis?.session;
      updateProgressBar(tile.pb, notStarted(w, session) ? null : session, now);
    }
  }
}
