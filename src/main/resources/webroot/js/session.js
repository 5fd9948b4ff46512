// Sign-in: the dashboard holds one bearer token (from a sign-in link "#token=…", or pasted), sends it with
// every API call and as the live feed's first frame, and asks for a new one when it is refused or expiring.
import { h } from './dom.js';

const KEY = 'workshopMonitor.token';

/**
 * Takes the sign-in from a link and removes it from the address bar and history: a one-time code (the link the
 * service logs at start, exchanged here for a token) or a token itself. Resolves with an error message when a
 * code was refused.
 */
export async function captureTokenFromLink() {
  const code = location.hash.match(/[#&]code=([^&]+)/);
  const link = location.hash.match(/[#&]token=([^&]+)/);
  if (!code && !link) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  if (link) {
    store(decodeURIComponent(link[1]));
    return null;
  }
  try {
    const answer = await fetch('/api/v1/auth/code', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: decodeURIComponent(code[1]) }),
    });
    const body = await answer.json();
    if (!answer.ok) return body.detail || 'That sign-in link was not accepted.';
    store(body.token);
    return null;
  } catch {
    return 'The service did not answer: try the sign-in link again.';
  }
}

export function token() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

export function store(value) {
  try { localStorage.setItem(KEY, value.trim()); } catch { /* private mode: this tab only */ }
}

export function signOut() {
  try { localStorage.removeItem(KEY); } catch { /* nothing stored */ }
  location.hash = '#/';
  location.reload();
}

/** The token's claims, read without verifying (the service verifies); null when unreadable. */
export function claims() {
  const t = token();
  if (!t) return null;
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return null;
  }
}

/** The service's roles, weakest first; a token's strongest one is what it may do. */
export const ROLES = ['VIEWER', 'INSTRUCTOR', 'MANAGER', 'ADMIN'];
const ROLE_PREFIX = 'ROLE_WORKSHOP_MONITOR__';

/** The strongest of the service's roles in the token's `authorities`, or null when it has none. */
export function role() {
  const a = claims()?.authorities;
  const list = Array.isArray(a) ? a : typeof a === 'string' ? a.split(/[\s,]+/) : [];
  let best = null;
  for (const r of ROLES) if (list.includes(ROLE_PREFIX + r)) best = r;
  return best;
}

/** The prisons the token's holder works in (an administrator works in all, whatever this says). */
export function prisons() {
  const p = claims()?.prisons;
  return Array.isArray(p) ? p.filter((x) => typeof x === 'string' && /^[A-Z]{3}$/.test(x)).sort() : [];
}

export function atLeast(wanted) {
  const mine = role();
  return mine !== null && ROLES.indexOf(mine) >= ROLES.indexOf(wanted);
}

/**
 * What the signed-in person may do, so the page offers nothing the service would refuse (it still refuses).
 * Instructors record stops, rejects, tallies and a workshop's closures and acknowledge alerts; managers and
 * administrators also manage workshops, contracts, prison closures, devices, webhooks, the products' costs and
 * prices, budgets and who gets reports. Everyone reads session reports; instructors read no others.
 */
export const may = {
  record: () => atLeast('INSTRUCTOR'),
  acknowledge: () => atLeast('INSTRUCTOR'),
  manage: () => atLeast('MANAGER'),
  everywhere: () => role() === 'ADMIN',
  /** Weekly, monthly and contract reports, and the money in a session report: all but instructors. */
  readAllReports: () => role() !== null && role() !== 'INSTRUCTOR',
};

export function user() {
  const c = claims();
  return c?.user_name || c?.sub || null;
}

/** The token's whole lifetime in seconds, or null when it does not say. */
export function lifetime() {
  const c = claims();
  return typeof c?.exp === 'number' && typeof c?.iat === 'number' ? c.exp - c.iat : null;
}

/** Seconds until the token expires, or null when it does not say. */
export function secondsLeft(nowMs = Date.now()) {
  const exp = claims()?.exp;
  return typeof exp === 'number' ? Math.floor(exp - nowMs / 1000) : null;
}

let refused = false;

/** The service refused the token (401, or the live feed closed with 1008): ask for a new one. */
export function tokenRefused(detail) {
  if (refused) return;
  refused = true;
  showSignIn(detail || 'Your sign-in was not accepted.');
}

/**
 * Replaces the page with a sign-in form: paste a token, or open the sign-in link you were given, and where
 * either comes from. Nothing live is shown without a sign-in: no feed state, no stale warning, no sign-out.
 */
export function showSignIn(message) {
  const main = document.getElementById('main');
  document.body.classList.add('signed-out');
  for (const id of ['connection', 'stale-banner', 'expiry-banner', 'sign-out']) {
    const el = document.getElementById(id);
    if (el) el.hidden = true;
  }
  const who = document.getElementById('session-user');
  if (who) who.textContent = '';
  const input = h('textarea', { id: 'signin-token', name: 'token', rows: '4', required: true, autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', null,
    h('label', { for: 'signin-token' }, 'Token'), input,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    store(input.value);
    location.hash = '#/';
    location.reload();
  });
  main.replaceChildren(h('section', { class: 'signin', dataset: { testid: 'sign-in' } },
    h('h1', { tabindex: '-1' }, 'Sign in to Workshop Monitor'),
    h('p', { class: message ? 'notice error' : null, role: message ? 'alert' : null },
      message || 'Open the sign-in link you were given, or paste your token here.'),
    form,
    h('div', { class: 'signin-help', dataset: { testid: 'sign-in-help' } },
      h('h2', null, 'Where a sign-in comes from'),
      h('ul', null,
        h('li', null, 'Each time the service starts it prints a one-time sign-in link in its log. The link works once, ',
          'for a few minutes: ask whoever runs the service for it.'),
        h('li', null, 'An administrator can print a token for you on the service\u2019s machine, for example:')),
      h('pre', null, h('code', null, 'java -jar target/workshop-monitor.jar token --role MANAGER --prisons MDI --days 30')),
      h('p', { class: 'muted' }, 'Roles: VIEWER reads the figures; INSTRUCTOR also records stop reasons, tallies, rejects, ',
        'closures and acknowledgements; MANAGER also sets up workshops, contracts, devices and webhooks; ADMIN works in every prison.'))));
  input.focus();
}
