// Sign-in: the dashboard holds one bearer token (from a sign-in link "#token=…", or pasted), sends it with
// every API call and as the live feed's first frame, and asks for a new one when it is refused or expiring.
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

/** Replaces the page with a sign-in form: paste a token, or open the sign-in link you were given. */
export function showSignIn(message) {
  const main = document.getElementById('main');
  document.getElementById('connection').hidden = true;
  main.replaceChildren();
  const section = document.createElement('section');
  section.className = 'signin';
  section.setAttribute('data-testid', 'sign-in');
  const h1 = document.createElement('h1');
  h1.textContent = 'Sign in to Workshop Monitor';
  const p = document.createElement('p');
  p.textContent = message || 'Open the sign-in link you were given, or paste your token here.';
  const form = document.createElement('form');
  const label = document.createElement('label');
  label.htmlFor = 'signin-token';
  label.textContent = 'Token';
  const input = document.createElement('textarea');
  input.id = 'signin-token';
  input.name = 'token';
  input.rows = 4;
  input.required = true;
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'btn btn-primary';
  button.textContent = 'Sign in';
  form.append(label, input, button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    store(input.value);
    location.hash = '#/';
    location.reload();
  });
  section.append(h1, p, form);
  main.append(section);
  input.focus();
}
