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

/**
 * A report's file (CSV or PDF) fetched with the bearer token in the Authorization header, never in the address:
 * {blob, filename}, the name the service gives in Content-Disposition.
 */
async function download(path) {
  const init = { headers: { accept: 'text/csv, application/pdf, application/problem+json' } };
  const bearer = token();
  if (bearer) init.headers.authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (e) {
    throw new ApiError(0, 'Network error', 'The service could not be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    let json = null;
    try { json = JSON.parse(await response.text()); } catch { json = null; }
    if (response.status === 401) tokenRefused(json?.detail);
    throw new ApiError(response.status, json?.title || response.statusText, json?.detail || json?.title || `HTTP ${response.status}`);
  }
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('content-disposition')) };
}

/** The file name in a Content-Disposition header (RFC 6266: filename*=UTF-8'' first, then filename=); null if none. */
export function filenameOf(disposition) {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall through to filename= */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(disposition);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
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
  contract: (id) => request('GET', `/contracts/${seg(id)}`),

  // reports: JSON for the page, the same tables as CSV or PDF to download
  reportPath: (r) => {
    if (r.kind === 'session') return `/workshops/${seg(r.prison)}/${seg(r.workshop)}/reports/session${q({ start: r.start })}`;
    if (r.kind === 'weekly') return `/workshops/${seg(r.prison)}/${seg(r.workshop)}/reports/weekly${q({ week: r.week })}`;
    if (r.kind === 'monthly') return `/prisons/${seg(r.prison)}/reports/monthly${q({ month: r.month })}`;
    if (r.kind === 'contract') return `/prisons/${seg(r.prison)}/contracts/${seg(r.contract)}/report`;
    throw new Error(`no report of kind ${r.kind}`);
  },
  report: (r) => request('GET', api.reportPath(r)),
  /** {blob, filename} of a report as `format` (csv or pdf). */
  reportFile: (r, format) => {
    const path = api.reportPath(r);
    return download(`${path}${path.includes('?') ? '&' : '?'}format=${format}`);
  },

  // money: the prison's products, a workshop's costing and budgets, who gets reports (managers and administrators)
  products: (prison) => request('GET', `/prisons/${seg(prison)}/products`),
  putProduct: (prison, code, body) => requestWithStatus('PUT', `/prisons/${seg(prison)}/products/${seg(code)}`, body),
  deleteProduct: (prison, code) => request('DELETE', `/prisons/${seg(prison)}/products/${seg(code)}`),
  costing: (prison, id) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/costing`),
  putCosting: (prison, id, body) => request('PUT', `/workshops/${seg(prison)}/${seg(id)}/costing`, body),
  budgets: (prison, id) => request('GET', `/workshops/${seg(prison)}/${seg(id)}/budgets`),
  putBudget: (prison, id, month, body) => requestWithStatus('PUT', `/workshops/${seg(prison)}/${seg(id)}/budgets/${seg(month)}`, body),
  subscriptions: (prison) => request('GET', `/prisons/${seg(prison)}/report-subscriptions`),
  putSubscriptions: (prison, subscriptions) => request('PUT', `/prisons/${seg(prison)}/report-subscriptions`, { subscriptions }),

  acknowledge: (id, comment) => request('POST', `/alerts/${seg(id)}/acknowledge`, { comment: comment || null }),
};
