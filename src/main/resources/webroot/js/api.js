// HTTP API client: JSON in and out; errors carry the problem+json `detail`.
import { observeServerTime } from './clock.js';
import { token, tokenRefused } from './session.js';

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { accept: 'application/json, application/problem+json' } };
  const bearer = token();
  if (bearer) init.headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (e) {
    throw new ApiError(0, 'Network error', 'The service could not be reached. Check the connection and try again.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (response.status === 401) tokenRefused(json?.detail);
  if (!response.ok) {
    throw new ApiError(response.status, json?.title || response.statusText, json?.detail || json?.title || `HTTP ${response.status}`);
  }
  return json;
}

const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const str = s.toString();
  return str ? `?${str}` : '';
};

const seg = (s) => encodeURIComponent(s);

export const api = {
  workshops: () => request('GET', '/workshops').then((r) => {
    const list = r.workshops || [];
    if (list[0]?.kpis?.at) observeServerTime(list[0].kpis.at);
    return list;
  }),
  workshop: (prison, id) => request('GET', `/workshops/${seg(prison)}/${seg(id)}`).then((w) => {
    if (w?.kpis?.at) observeServerTime(w.kpis.at);
    return w;
  }),
  history: (prison, id, from, to, step) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/history${q({ from, to, step })}`),
  closures: (prison, id, from, to) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/closures${q({ from, to })}`).then((r) => r.closures || []),
  contracts: (params = {}) => request('GET', `/contracts${q(params)}`).then((r) => r.contracts || []),
  alerts: (params = {}) => request('GET', `/alerts${q(params)}`).then((r) => r.alerts || []),
  /** Alerts not yet resolved (OPEN and ACKNOWLEDGED), for a workshop or prison or everywhere. */
  async activeAlerts(params = {}) {
    const [open, acked] = await Promise.all([
      api.alerts({ ...params, state: 'OPEN', limit: 1000 }),
      api.alerts({ ...params, state: 'ACKNOWLEDGED', limit: 1000 }),
    ]);
    return [...open, ...acked];
  },
  renew: () => request('POST', '/auth/renew').then((r) => r.token),
  acknowledge: (id, comment) => request('POST', `/alerts/${seg(id)}/acknowledge`, { comment: comment || null }),
};
