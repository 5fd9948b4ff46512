// Workshop view: stations, the session chart, A × P × Q, open alerts with acknowledgement, where the time went
// and its stops, what an instructor records during the day (js/views/record.js), today's closures.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, s, setField, setText, field, clear } from '../dom.js';
import {
  count, pct, rate, time, timeSec, dateTime, fullDateTime, ago, zoneAbbr, zoneLabel, dayBounds, stateText, words, calendarDate, DASH,
} from '../format.js';
import {
  SEVERITY_ORDER, STATUS_ORDER, newer, setPace, progressBar, updateProgressBar, setStatus, notStarted, firstSessionText,
} from './common.js';
import { drawSessionChart } from '../chart.js';
import { openAckDialog } from '../ack.js';
import { may } from '../session.js';
import { confirmButton } from '../forms.js';
import { LossPanel } from './losses.js';
import { StopsPanel, TallyPanel, RejectSplitPanel, ClosureForm } from './record.js';

const SLOW_REFRESH_MS = 30_000;

export class WorkshopView {
  constructor(ctx, route) {
    this.ctx = ctx;
    this.prison = route.prison;
    this.id = route.workshop;
    this.key = `${route.prison}/${route.workshop}`;
    this.config = null;
    this.kpis = null;
    this.alerts = new Map();
    this.points = []; // cumulative good [{t, good}]
    this.historyFor = null; // session start the points belong to
    this.rows = new Map();
    this.alive = true;
  }

  mount(main) {
    this.main = main;
    document.title = `Workshop Monitor — ${this.key}`;
    this.status = h('p', { class: 'notice' }, `Loading ${this.key}…`);
    main.append(this.status);
    this.load();
    this.slowTimer = setInterval(() => this.loadSlow(), SLOW_REFRESH_MS);
  }

  unmount() {
    this.alive = false;
    clearInterval(this.slowTimer);
    clearTimeout(this.chartTimer);
  }

  refresh() { this.load(); }

  get zone() { return this.config?.schedule?.timezone; }

  async load() {
    let config;
    try {
      config = await api.workshop(this.prison, this.id);
    } catch (e) {
      if (!this.alive) return;
      if (!this.root) {
        this.status.textContent = e.status === 404 ? `There is no workshop ${this.key}.` : `Could not load ${this.key}: ${e.message}`;
        this.status.classList.add('error');
        if (e.status === 404) this.status.append(' ', h('a', { href: '#/' }, 'Back to the estate'), '.');
      }
      return;
    }
    if (!this.alive) return;
    const fetched = config.kpis;
    this.config = config;
    if (!this.root) this.build();
    if (fetched && newer(this.kpis, fetched)) this.kpis = fetched;
    this.splitPanel?.setSession(this.kpis?.session || null);
    this.ctx.feed.want([this.key]);
    this.historyFor = null;
    this.renderAll();
    const [alerts] = await Promise.all([
      api.activeAlerts({ workshop: this.key }).catch(() => null),
      this.loadHistory(),
      this.loadSlow(),
    ]);
    if (!this.alive) return;
    if (alerts) {
      this.alerts = new Map(alerts.map((a) => [a.id, a]));
      this.renderAlerts();
    }
  }

  async loadSlow() {
    if (!this.root) return;
    const zone = this.zone;
    const { start, end } = dayBounds(zone);
    const [closures, contracts] = await Promise.all([
      api.closures(this.prison, this.id, start.toISOString(), end.toISOString()).catch(() => null),
      api.contracts({ workshop: this.key }).catch(() => null),
      this.lossPanel.reload(),
      this.tallyPanel?.load(),
    ]);
    if (!this.alive || !this.root) return;
    if (closures) this.renderClosures(closures, start);
    if (contracts) this.renderContracts(contracts);
  }

  /** After a stop reason, tally, split or closure: the figures it changes, now rather than at the next poll. */
  async recorded(text) {
    if (!this.alive) return;
    if (text) this.ctx.announce(text);
    await Promise.all([this.lossPanel.reload(), this.splitPanel?.refreshCounts(), this.loadClosures()]);
  }

  async loadClosures() {
    const { start, end } = dayBounds(this.zone);
    const closures = await api.closures(this.prison, this.id, start.toISOString(), end.toISOString()).catch(() => null);
    if (closures && this.alive) this.renderClosures(closures, start);
  }

  async loadHistory() {
    const session = this.kpis?.session;
    if (!session) { this.points = []; this.historyFor = null; this.drawChart(); return; }
    const start = Date.parse(session.start);
    const to = Math.min(serverNow(), Date.parse(session.end));
    const forStart = session.start;
    this.historyFor = forStart;
    if (!(to > start)) { this.points = [{ t: start, good: 0 }]; this.drawChart(); return; }
    const minutes = Math.ceil((to - start) / 60000);
    const stepMin = Math.max(1, Math.ceil(minutes / 1500));
    try {
      const history = await api.history(this.prison, this.id, session.start, new Date(to).toISOString(), `${stepMin}m`);
      if (!this.alive || this.historyFor !== forStart) return;
      const pts = [{ t: start, good: 0 }];
      let total = 0;
      const stepMs = stepMin * 60000;
      for (const p of history.points || []) {
        total += p.good || 0;
        pts.push({ t: Math.min(Date.parse(p.start) + stepMs, to), good: total });
      }
      // live figures that arrived meanwhile stay on the end of the line
      const live = this.points.filter((p) => p.live && p.t > pts[pts.length - 1].t);
      this.points = [...pts, ...live];
      this.appendLive();
    } catch (e) {
      console.warn('history', e);
      this.points = [{ t: start, good: 0 }];
      this.appendLive();
    }
    this.drawChart();
  }

  appendLive() {
    const session = this.kpis?.session;
    if (!session || session.start !== this.historyFor) return;
    const t = Math.min(Date.parse(this.kpis.at), Date.parse(session.end));
    const lastPoint = this.points[this.points.length - 1];
    if (lastPoint && t < lastPoint.t) return;
    if (lastPoint && lastPoint.t === t) { lastPoint.good = session.good; return; }
    this.points.push({ t, good: session.good, live: true });
  }

  build() {
    clear(this.main);
    const c = this.config;
    const num = (name, cls = 'num') => h('span', { class: cls, dataset: { field: name } });
    this.pb = progressBar();
    this.chart = s('svg', { 'data-testid': 'session-chart', class: 'chart', preserveAspectRatio: 'xMidYMid meet' });
    this.alertList = h('ul', { class: 'alerts', 'aria-live': 'polite', 'aria-relevant': 'additions text' });
    this.stationBody = h('tbody');
    this.closureList = h('ul', { class: 'closures' });
    this.contractList = h('ul', { class: 'contract-list wide' });
    const canRecord = may.record();
    const zone = () => this.zone;
    const stationName = (id) => this.stationName(id);
    const onSaved = (text) => this.recorded(text);
    this.stopsPanel = new StopsPanel({ prison: this.prison, id: this.id, zone, stationName, canRecord, onSaved, announce: this.ctx.announce });
    this.lossPanel = new LossPanel({
      prison: this.prison, id: this.id, zone, announce: this.ctx.announce,
      onLoaded: ({ from, to }) => this.stopsPanel.load(from, to),
    });
    const manual = (c.stations || []).filter((st) => st.manual);
    this.tallyPanel = manual.length ? new TallyPanel({ prison: this.prison, id: this.id, zone, stations: manual, canRecord, onSaved }) : null;
    this.splitPanel = canRecord && (c.stations || []).length
      ? new RejectSplitPanel({ prison: this.prison, id: this.id, zone, stations: c.stations, onSaved })
      : null;
    this.closureForm = canRecord ? new ClosureForm({ prison: this.prison, id: this.id, zone, session: () => this.kpis?.session || null, onSaved }) : null;
    this.root = h('div', { class: 'workshop-view', dataset: { testid: 'workshop-view', workshop: this.key } },
      h('div', { class: 'viewhead' },
        h('div', null,
          h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Estate'), ' › ', h('a', { href: `#/?prison=${this.prison}` }, this.prison)),
          h('h1', { tabindex: '-1' }, c.name),
          h('p', { class: 'tile-key' }, `${this.key} · ${c.kind} · quality target ${pct(c.qualityTarget)}`),
          h('p', { class: 'report-links' },
            h('a', { href: `#/reports/session/${this.prison}/${this.id}`, dataset: { testid: 'session-report-link' } }, 'Session report'),
            may.readAllReports() ? [' · ', h('a', { href: `#/reports/weekly/${this.prison}/${this.id}`, dataset: { testid: 'weekly-report-link' } }, 'Weekly report')] : null)),
        h('p', { class: 'zone muted', dataset: { field: 'zone' } }, zoneLabel(this.zone))),
      h('section', { class: 'panel figures', 'aria-labelledby': 'fig-h' },
        h('h2', { id: 'fig-h', class: 'visually-hidden' }, 'Figures'),
        h('div', { class: 'fig fig-session' },
          h('h3', null, 'This session'),
          h('p', { class: 'fig-main' }, num('sessionGood', 'num huge'), h('span', { class: 'of' }, ' of '), num('target', 'num big'), h('span', { class: 'unit' }, ' good')),
          this.pb.bar,
          h('p', null, h('span', { class: 'pace', dataset: { field: 'onPace' } }), ' ', h('span', { class: 'muted', dataset: { field: 'expected' } })),
          h('p', { class: 'muted', dataset: { field: 'sessionTime' } })),
        h('div', { class: 'fig' },
          h('h3', null, 'OEE this session'),
          h('p', { class: 'fig-main' }, num('oee', 'num huge')),
          h('p', { class: 'apq' },
            h('span', null, h('span', { class: 'apq-label' }, 'Availability '), num('availability', 'num')), h('span', { class: 'op' }, ' × '),
            h('span', null, h('span', { class: 'apq-label' }, 'Performance '), num('performance', 'num')), h('span', { class: 'op' }, ' × '),
            h('span', null, h('span', { class: 'apq-label' }, 'Quality '), num('quality', 'num'))),
          h('p', { class: 'muted' }, 'Session good ', num('sessionGoodRepeat'), ', reject ', num('sessionReject'))),
        h('div', { class: 'fig' },
          h('h3', null, 'Last ', num('windowMinutes'), ' minutes'),
          h('p', { class: 'fig-main' }, num('throughputPerHour', 'num huge'), h('span', { class: 'unit' }, ' /h')),
          h('p', null, num('windowGood', 'num'), ' good · ', num('windowReject', 'num'), ' reject · quality ', num('windowQuality', 'num')),
          h('p', null, 'Attendance ', num('attendance', 'num'))),
      ),
      h('div', { class: 'two-col' },
        h('section', { class: 'panel', 'aria-labelledby': 'chart-h' },
          h('h2', { id: 'chart-h' }, 'Session progress'),
          h('p', { class: 'legend' },
            h('span', { class: 'key-actual' }, 'solid line: good units so far'), ' · ',
            h('span', { class: 'key-target' }, 'dashed line: target')),
          this.chart),
        h('section', { class: 'panel', 'aria-labelledby': 'alerts-h' },
          h('h2', { id: 'alerts-h', tabindex: '-1' }, 'Open alerts ', h('span', { class: 'count', dataset: { field: 'openAlerts' } })),
          this.alertList)),
      h('section', { class: 'panel', 'aria-labelledby': 'stations-h' },
        h('h2', { id: 'stations-h' }, 'Stations'),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'stations' },
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, 'Station'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'State'),
              h('th', { scope: 'col' }, 'Last message'), h('th', { scope: 'col', class: 'r' }, 'Window good'),
              h('th', { scope: 'col', class: 'r' }, 'Window reject'), h('th', { scope: 'col', class: 'r' }, 'Session good'),
              h('th', { scope: 'col', class: 'r' }, 'OEE'))),
            this.stationBody))),
      this.lossPanel.el,
      this.stopsPanel.el,
      this.tallyPanel || this.splitPanel ? h('div', { class: 'two-col record-cols' }, this.tallyPanel?.el, this.splitPanel?.el) : null,
      h('div', { class: 'two-col' },
        h('section', { class: 'panel', 'aria-labelledby': 'closures-h' },
          h('h2', { id: 'closures-h', tabindex: '-1' }, 'Closures today'), this.closureList, this.closureForm?.el),
        h('section', { class: 'panel', 'aria-labelledby': 'contracts-h' },
          h('h2', { id: 'contracts-h' }, 'Contracts'), this.contractList)));
    const hadFocus = document.activeElement === this.main;
    this.main.append(this.root);
    document.title = `Workshop Monitor — ${c.name} (${this.key})`;
    if (hadFocus) this.root.querySelector('h1').focus();
  }

  renderAll() {
    this.renderFigures();
    this.renderStations();
    this.renderAlerts();
    this.appendLive();
    this.drawChart();
  }

  renderFigures(now = serverNow()) {
    const r = this.root;
    const k = this.kpis || {};
    const win = k.window || {};
    const se = k.session || null;
    const zone = this.zone;
    setField(field(r, 'sessionGood'), se?.good ?? null, count(se?.good));
    setField(field(r, 'target'), se?.target ?? null, count(se?.target));
    setPace(field(r, 'onPace'), se, this.config);
    const waiting = notStarted(this.config, se);
    const expected = updateProgressBar(this.pb, waiting ? null : se, now);
    setField(field(r, 'expected'), expected === null ? null : Math.round(expected), expected === null ? '' : `· expected by now ${count(Math.round(expected))}`);
    setText(field(r, 'sessionTime'), waiting ? firstSessionText(this.config)
      : se ? `Session ${dateTime(se.start, zone)} – ${time(se.end, zone)} ${zoneAbbr(zone)}${Date.parse(se.end) < now ? ' (ended)' : ''}` : 'No session scheduled');
    setField(field(r, 'oee'), se?.oee ?? null, pct(se?.oee));
    setField(field(r, 'availability'), se?.availability ?? null, pct(se?.availability));
    setField(field(r, 'performance'), se?.performance ?? null, pct(se?.performance));
    setField(field(r, 'quality'), se?.quality ?? null, pct(se?.quality));
    setField(field(r, 'sessionGoodRepeat'), se?.good ?? null, count(se?.good));
    setField(field(r, 'sessionReject'), se?.reject ?? null, count(se?.reject));
    setField(field(r, 'windowMinutes'), win.minutes ?? null, String(win.minutes ?? 15));
    setField(field(r, 'throughputPerHour'), win.throughputPerHour ?? null, rate(win.throughputPerHour));
    setField(field(r, 'windowGood'), win.good ?? null, count(win.good));
    setField(field(r, 'windowReject'), win.reject ?? null, count(win.reject));
    setField(field(r, 'windowQuality'), win.quality ?? null, pct(win.quality));
    setField(field(r, 'attendance'), k.attendance ?? null, count(k.attendance));
  }

  stationName(id) {
    return this.config?.stations?.find((st) => st.id === id)?.name || null;
  }

  renderStations(now = serverNow()) {
    const stations = this.kpis?.stations || [];
    const seen = new Set();
    for (const st of stations) {
      seen.add(st.id);
      let row = this.rows.get(st.id);
      if (!row) {
        row = h('tr', { dataset: { station: st.id } },
          h('th', { scope: 'row', class: 'mono' }, st.id),
          h('td', { dataset: { field: 'name' } }),
          h('td', null, h('span', { class: 'state', dataset: { field: 'state' } })),
          h('td', null, h('time', { dataset: { field: 'lastSeen' } })),
          h('td', { class: 'r num', dataset: { field: 'windowGood' } }),
          h('td', { class: 'r num', dataset: { field: 'windowReject' } }),
          h('td', { class: 'r num', dataset: { field: 'sessionGood' } }),
          h('td', { class: 'r num', dataset: { field: 'oee' } }));
        this.rows.set(st.id, row);
        this.stationBody.append(row);
      }
      setText(field(row, 'name'), this.stationName(st.id) || (st.id));
      const stateEl = field(row, 'state');
      setField(stateEl, st.state, stateText(st.state, st.reason));
      stateEl.dataset.stateCode = (st.state || 'none').toLowerCase();
      stateEl.dataset.reason = st.reason || '';
      this.updateSeen(row, st, now);
      setField(field(row, 'windowGood'), st.window?.good ?? null, count(st.window?.good));
      setField(field(row, 'windowReject'), st.window?.reject ?? null, count(st.window?.reject));
      setField(field(row, 'sessionGood'), st.session?.good ?? null, count(st.session?.good));
      setField(field(row, 'oee'), st.session?.oee ?? null, pct(st.session?.oee));
    }
    for (const [id, row] of this.rows) if (!seen.has(id)) { row.remove(); this.rows.delete(id); }
    if (!stations.length && !this.stationBody.querySelector('.empty')) {
      this.stationBody.append(h('tr', { class: 'empty' }, h('td', { colspan: '8', class: 'muted' }, 'No stations yet: they appear with their first message.')));
    } else if (stations.length) this.stationBody.querySelector('.empty')?.remove();
  }

  updateSeen(row, st, now) {
    const el = field(row, 'lastSeen');
    setField(el, st.lastSeen, ago(st.lastSeen, now));
    if (st.lastSeen) {
      el.setAttribute('datetime', st.lastSeen);
      el.title = fullDateTime(st.lastSeen, this.zone);
      // silent for more than 5 minutes: say so in words
      const silent = now - Date.parse(st.lastSeen) > 5 * 60_000;
      el.classList.toggle('silent', silent);
    }
  }

  renderAlerts() {
    if (!this.root) return;
    const alerts = [...this.alerts.values()].sort((a, b) =>
      (a.state === b.state ? 0 : a.state === 'OPEN' ? -1 : 1)
      || (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
      || Date.parse(b.openedAt) - Date.parse(a.openedAt));
    setField(field(this.root, 'openAlerts'), alerts.length, `(${alerts.length})`);
    const existing = new Map([...this.alertList.querySelectorAll('[data-testid="alert"]')].map((el) => [el.dataset.alertId, el]));
    this.alertList.querySelector('.empty')?.remove();
    let prev = null;
    for (const a of alerts) {
      let el = existing.get(a.id);
      existing.delete(a.id);
      const sig = `${a.state}|${a.text}|${a.acknowledgedBy}|${a.comment}`;
      if (!el || el.dataset.sig !== sig) {
        const fresh = this.alertItem(a);
        fresh.dataset.sig = sig;
        if (el) {
          const hadFocus = el.contains(document.activeElement);
          el.replaceWith(fresh);
          if (hadFocus) fresh.querySelector('button:not([hidden])')?.focus();
        }
        el = fresh;
      }
      // keep order
      if (prev ? prev.nextElementSibling !== el : this.alertList.firstElementChild !== el) {
        if (prev) prev.after(el); else this.alertList.prepend(el);
      }
      prev = el;
    }
    for (const el of existing.values()) el.remove();
    if (!alerts.length) this.alertList.append(h('li', { class: 'empty muted' }, 'No open alerts.'));
  }

  alertItem(a) {
    const zone = this.zone;
    const acked = a.state === 'ACKNOWLEDGED';
    // a viewer acknowledges nothing: no button at all rather than one the service would refuse
    const button = may.acknowledge() ? h('button', {
      type: 'button', class: 'btn btn-primary', dataset: { action: 'acknowledge' },
      'aria-label': `Acknowledge: ${a.text}`,
    }, 'Acknowledge') : null;
    if (button && acked) { button.hidden = true; button.disabled = true; }
    button?.addEventListener('click', () => openAckDialog(a, (updated) => {
      if (!this.alive) return;
      if (updated.state === 'RESOLVED') this.alerts.delete(updated.id);
      else this.alerts.set(updated.id, updated);
      this.renderAlerts();
    }, () => this.focusTarget(a.id)));
    const about = a.station ? `station ${a.station}` : a.contract ? `contract ${a.contract}` : null;
    return h('li', {
      class: `alert sev-${a.severity.toLowerCase()}`,
      dataset: { testid: 'alert', alertId: a.id, state: a.state, severity: a.severity, kind: a.kind },
    },
    h('div', { class: 'alert-head' },
      h('span', { class: `badge sev-${a.severity.toLowerCase()}` }, a.severity),
      h('span', { class: 'alert-kind' }, words(a.kind)),
      about ? h('span', { class: 'muted' }, `· ${about}`) : null,
      h('span', { class: `badge state-${a.state.toLowerCase()}` }, a.state)),
    h('p', { class: 'alert-text' }, a.text),
    h('p', { class: 'muted small' },
      'Opened ', h('time', { datetime: a.openedAt, title: fullDateTime(a.openedAt, zone) }, `${timeSec(a.openedAt, zone)} ${zoneAbbr(zone)}`),
      acked ? ` · acknowledged by ${a.acknowledgedBy || 'someone'} at ${timeSec(a.acknowledgedAt, zone)}` : null,
      acked && a.comment ? ` — “${a.comment}”` : null),
    h('div', { class: 'alert-actions' }, button));
  }

  focusTarget(id) {
    const item = this.alertList.querySelector(`[data-alert-id="${CSS.escape(id)}"]`);
    const button = item?.querySelector('button[data-action="acknowledge"]');
    if (button && !button.hidden && !button.disabled) return button;
    if (item) { item.tabIndex = -1; return item; }
    return this.root.querySelector('#alerts-h');
  }

  renderClosures(closures, dayStart) {
    clear(this.closureList);
    const zone = this.zone;
    const sorted = [...closures].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    if (!sorted.length) {
      this.closureList.append(h('li', { class: 'muted' }, `No closures today (${calendarDate(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(dayStart))}).`));
      return;
    }
    for (const c of sorted) {
      const now = serverNow();
      const state = Date.parse(c.to) <= now ? 'ended' : Date.parse(c.from) <= now ? 'in progress' : 'planned';
      this.closureList.append(h('li', { class: 'closure', dataset: { testid: 'closure', closureId: String(c.id), reason: c.reason } },
        h('span', { class: 'badge' }, words(c.reason)), ' ',
        h('time', { datetime: c.from, title: fullDateTime(c.from, zone) }, dateTime(c.from, zone)), ' – ',
        h('time', { datetime: c.to, title: fullDateTime(c.to, zone) }, dateTime(c.to, zone)), ` ${zoneAbbr(zone)} `,
        h('span', { class: 'muted' }, `(${state})`), ' ',
        may.record() ? confirmButton('Withdraw', 'Withdraw this closure', async () => {
          await api.withdrawClosure(this.prison, this.id, c.id);
          await this.recorded(`Closure withdrawn: ${words(c.reason)} ${dateTime(c.from, zone)}.`);
          // its row is gone with the button that had focus: back to the list's heading
          this.root.querySelector('#closures-h')?.focus();
        }, { describe: `Withdraw the closure ${words(c.reason)} from ${dateTime(c.from, zone)}`, action: 'withdraw-closure' }) : null));
    }
  }

  renderContracts(contracts) {
    clear(this.contractList);
    if (!contracts.length) { this.contractList.append(h('li', { class: 'muted' }, 'No contracts for this workshop.')); return; }
    contracts.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || a.due.localeCompare(b.due));
    for (const c of contracts) {
      const badge = h('span');
      setStatus(badge, c.status);
      delete badge.dataset.field;
      this.contractList.append(h('li', { dataset: { contract: c.id } },
        h('a', { href: '#/contracts' }, c.id), ` ${c.customer} · ${c.product} · `,
        h('strong', null, `${count(c.produced)} / ${count(c.quantity)}`), ` (${pct(c.progress)}) · due ${calendarDate(c.due)} `, badge));
    }
  }

  drawChart() {
    if (!this.chart) return;
    const now = serverNow();
    if (now - (this.lastDraw || 0) < 900) {
      clearTimeout(this.chartTimer);
      this.chartTimer = setTimeout(() => this.alive && this.drawChart(), 1000);
      return;
    }
    this.lastDraw = now;
    drawSessionChart(this.chart, { session: this.kpis?.session || null, points: this.points, now, zone: this.zone });
  }

  onKpi(msg) {
    if (msg.workshop !== this.key || !this.root) return;
    if (!newer(this.kpis, msg)) return;
    const { type, ...kpis } = msg;
    const oldStart = this.kpis?.session?.start;
    this.kpis = kpis;
    this.renderFigures();
    this.renderStations();
    if ((kpis.session?.start || null) !== (oldStart || null)) this.splitPanel?.setSession(kpis.session || null);
    if ((kpis.session?.start || null) !== (oldStart || null) || this.historyFor !== (kpis.session?.start || null)) {
      this.loadHistory();
    } else {
      this.appendLive();
      this.drawChart();
    }
  }

  onAlert(alert) {
    if (alert.workshop !== this.key) return;
    if (alert.state === 'RESOLVED') this.alerts.delete(alert.id);
    else this.alerts.set(alert.id, alert);
    this.renderAlerts();
  }

  tick(now) {
    if (!this.root) return;
    for (const st of this.kpis?.stations || []) {
      const row = this.rows.get(st.id);
      if (row) this.updateSeen(row, st, now);
    }
    if (now - (this.lastSlowTick || 0) >= 10_000) {
      this.lastSlowTick = now;
      this.renderFigures(now);
      this.drawChart();
    }
  }
}
