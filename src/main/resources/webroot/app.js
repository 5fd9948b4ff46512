// Workshop Monitor dashboard: a hash router over five views and one shared live feed.
import { serverNow } from './js/clock.js';
import { LiveFeed } from './js/feed.js';
import { api } from './js/api.js';
import { h, clear } from './js/dom.js';
import { EstateView } from './js/views/estate.js';
import { WorkshopView } from './js/views/workshop.js';
import { ContractsView } from './js/views/contracts.js';
import { ManageView } from './js/views/manage.js';
import { ReportsView } from './js/views/reports.js';
import {
  captureTokenFromLink, token, user, role, may, secondsLeft, lifetime, store, signOut, showSignIn,
} from './js/session.js';

const main = document.getElementById('main');
const connection = document.getElementById('connection');
const staleBanner = document.getElementById('stale-banner');
const announcer = document.getElementById('announcer');
const feed = new LiveFeed();

let view = null;
let firstRoute = true;

const ctx = {
  feed,
  announce(text) {
    // re-set so the same text is announced again
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
  },
  setWorkshops(workshops) { renderWorkshopMenu(workshops); },
  get connected() { return feed.connected; },
};

function parseRoute() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'estate', prison: params.get('prison') || null };
  if (parts[0] === 'workshop' && parts.length === 3) return { name: 'workshop', prison: parts[1], workshop: parts[2] };
  if (parts[0] === 'contracts' && parts.length === 1) return { name: 'contracts', prison: params.get('prison') || null };
  if (parts[0] === 'manage' && parts.length === 1) return { name: 'manage' };
  // #/reports, #/reports/session/MDI/textiles-1?start=…, …/weekly/MDI/textiles-1/2026-W49, …/monthly/MDI/2026-12, …/contract/MDI/c-1
  if (parts[0] === 'reports' && parts.length <= 5) {
    return { name: 'reports', kind: parts[1] || null, prison: parts[2] || null, rest: parts.slice(3), start: params.get('start') };
  }
  return { name: 'notfound', path: raw };
}

function route() {
  const r = parseRoute();
  if (view) {
    try { view.unmount(); } catch (e) { console.error(e); }
    view = null;
  }
  clear(main);
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === r.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.getElementById('workshop-menu').open = false;
  if (r.name === 'estate') view = new EstateView(ctx, r);
  else if (r.name === 'workshop') view = new WorkshopView(ctx, r);
  else if (r.name === 'contracts') view = new ContractsView(ctx, r);
  else if (r.name === 'manage') view = new ManageView(ctx, r);
  else if (r.name === 'reports') view = new ReportsView(ctx, r);
  else {
    document.title = 'Workshop Monitor — page not found';
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'),
      h('p', null, 'There is no view at this address. ', h('a', { href: '#/' }, 'Go to the estate view'), '.'));
  }
  if (view) view.mount(main);
  if (!firstRoute) {
    // move focus to the new view's heading for keyboard and screen-reader users
    requestAnimationFrame(() => (main.querySelector('h1') || main).focus({ preventScroll: false }));
  }
  firstRoute = false;
}

function renderWorkshopMenu(workshops) {
  const list = document.getElementById('workshop-links');
  clear(list);
  const sorted = [...workshops].sort((a, b) => a.workshop.localeCompare(b.workshop));
  if (!sorted.length) list.append(h('li', { class: 'muted' }, 'No workshops configured'));
  for (const w of sorted) {
    list.append(h('li', null, h('a', { href: `#/workshop/${w.prison}/${w.id}` },
      h('span', { class: 'menu-name' }, w.name), ' ', h('span', { class: 'muted' }, w.workshop))));
  }
}

function showConnection({ connected }) {
  // signed out (a token refused while the page ran): no feed state to show
  if (document.body.classList.contains('signed-out')) return;
  connection.dataset.state = connected ? 'connected' : 'disconnected';
  const text = connected ? 'Live' : 'Live feed disconnected — reconnecting…';
  if (connection.textContent !== text) connection.textContent = text;
  connection.title = connected ? 'Receiving live figures' : 'The dashboard reconnects by itself; figures shown may be out of date';
  document.body.classList.toggle('stale', !connected);
  staleBanner.hidden = connected;
}

feed.addEventListener('status', (e) => {
  showConnection(e.detail);
  if (e.detail.connected && e.detail.reconnected && view?.refresh) view.refresh();
});
feed.addEventListener('kpi', (e) => view?.onKpi?.(e.detail));
feed.addEventListener('alert', (e) => view?.onAlert?.(e.detail));

setInterval(() => view?.tick?.(serverNow()), 1000);

// close the workshops menu on Escape or an outside click
document.addEventListener('keydown', (e) => {
  const menu = document.getElementById('workshop-menu');
  if (e.key === 'Escape' && menu.open) { menu.open = false; menu.querySelector('summary').focus(); }
});
document.addEventListener('click', (e) => {
  const menu = document.getElementById('workshop-menu');
  if (menu.open && !menu.contains(e.target)) menu.open = false;
});

let renewing = false;

/**
 * A wall screen must not be found signed out: once a fifth of the token's life is left, the dashboard asks
 * the service for a fresh one of the same kind; only if that fails does it warn, a day ahead.
 */
async function checkExpiry() {
  const left = secondsLeft();
  const banner = document.getElementById('expiry-banner');
  const life = lifetime();
  if (left !== null && left > 0 && life !== null && left < life / 5 && !renewing) {
    renewing = true;
    try {
      store(await api.renew());
      feed.renewed();
      banner.hidden = true;
      return;
    } catch {
      // an identity provider's token, or the service is away: warn below, try again next minute
    } finally {
      renewing = false;
    }
  }
  if (left === null || left > 86400) {
    banner.hidden = true;
    return;
  }
  banner.hidden = false;
  banner.textContent = left <= 0
    ? 'Your sign-in has expired: open a new sign-in link.'
    : `Your sign-in expires in ${Math.max(1, Math.round(left / 3600))} h: ask for a new sign-in link before then.`;
}

const refusedLink = await captureTokenFromLink();
document.getElementById('sign-out').addEventListener('click', signOut);
if (!token()) {
  // a refused link says why; a screen already signed in carries on with what it has
  showSignIn(refusedLink || undefined);
} else {
  const who = role();
  document.getElementById('session-user').textContent = `${user() || ''}${who ? ` · ${who.toLowerCase()}` : ''}`;
  // the Manage view only for those who may manage (the service refuses the others anyway)
  document.getElementById('nav-manage').hidden = !may.manage();
  checkExpiry();
  setInterval(checkExpiry, 60_000);
  window.addEventListener('hashchange', route);
  route();
  feed.start();
  api.workshops().then(renderWorkshopMenu).catch(() => {});
}
