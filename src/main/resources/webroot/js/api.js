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
  return (await requestWithStatus(method, path, body)).body;
}

/** As request, with the answer's status: {status, body}; a PUT says 201 when it created, 200 when it replaced. */
async function requestWithStatus(method, path, body) {
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
  return { status: response.status, body: json };
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

  // where the time went: losses and stops over a range (none: the current or last session; the estate: 24 h)
  losses: (prison, id, from, to) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/losses${q({ from, to })}`),
  estateLosses: (params = {}) => request('GET', `/losses${q(params)}`),
  stops: (prison, id, from, to) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/stops${q({ from, to })}`),
  recordReason: (prison, id, station, started, body) =>
    request('PUT', `/workshops/${seg(prison)}/${seg(id)}/stops/${seg(station)}/${seg(started)}`, body),
  tallies: (prison, id, from, to) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/tallies${q({ from, to })}`).then((r) => r.tallies || []),
  addTally: (prison, id, station, body) => request('POST', `/workshops/${seg(prison)}/${seg(id)}/stations/${seg(station)}/tallies`, body),
  rejects: (prison, id, from, to) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/rejects${q({ from, to })}`),
  splitRejects: (prison, id, station, session, codes) =>
    request('PUT', `/workshops/${seg(prison)}/${seg(id)}/stations/${seg(station)}/rejects/${seg(session)}`, { codes }),
  addClosure: (prison, id, body) => request('POST', `/workshops/${seg(prison)}/${seg(id)}/closures`, body),
  withdrawClosure: (prison, id, closure) => request('DELETE', `/workshops/${seg(prison)}/${seg(id)}/closures/${seg(closure)}`),

  // managing: workshops, contracts, prison closures, devices, webhooks
  putWorkshop: (prison, id, body) => requestWithStatus('PUT', `/workshops/${seg(prison)}/${seg(id)}`, body),
  putContract: (id, body) => requestWithStatus('PUT', `/contracts/${seg(id)}`, body),
  closePrison: (prison, body) => request('POST', `/prisons/${seg(prison)}/closures`, body),
  devices: (prison, id) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/devices`).then((r) => r.devices || []),
  addDevice: (prison, id, device) => request('POST', `/workshops/${seg(prison)}/${seg(id)}/devices`, { id: device }),
  revokeDevice: (prison, id, device) => request('DELETE', `/workshops/${seg(prison)}/${seg(id)}/devices/${seg(device)}`),
  webhooks: () => request('GET', '/webhooks').then((r) => r.webhooks || []),
  putWebhook: (id, body) => requestWithStatus('PUT', `/webhooks/${seg(id)}`, body),
  deleteWebhook: (id, prison) => request('DELETE', `/webhooks/${seg(id)}${q({ prison })}`),
  acknowledge: (id, comment) => request('POST', `/alerts/${seg(id)}/acknowledge`, { comment: comment || null }),
};
