// Pieces shared by the views.
import { serverNow } from '../clock.js';
import { h, setField, setText } from '../dom.js';
import { count, dateTime, elapsedFraction, isNum, time, words, zoneAbbr } from '../format.js';

export const SEVERITY_ORDER = { CRITICAL: 0, WARNING: 1, INFO: 2 };
export const STATUS_ORDER = { LATE: 0, AT_RISK: 1, ON_TRACK: 2, COMPLETE: 3 };

export function newer(current, incoming) {
  if (!current) return true;
  return !(Date.parse(incoming.at) < Date.parse(current.at));
}

/** "On pace" / "Behind" / "No planned time" / "No session", with the raw onPace in data-value. */
export function paceText(session) {
  if (!session) return 'No session';
  if (session.onPace === true) return 'On pace';
  if (session.onPace === false) return 'Behind';
  return 'No planned time';
}

/**
 * A workshop set up after its current or last session ended has not worked a session yet: it is not behind,
 * it has not started. (Nothing counted in that session either: a demo's back-filled history has worked it.)
 */
export function notStarted(workshop, session) {
  if (!workshop?.createdAt || !session) return false;
  return Date.parse(workshop.createdAt) >= Date.parse(session.end) && !session.good && !session.reject;
}

/** "Not started: first session Thu 4 Dec, 08:30 UTC". */
export function notStartedText(workshop) {
  const zone = workshop?.schedule?.timezone;
  const next = workshop?.nextSession;
  return next
    ? `Not started: first session ${dateTime(next.start, zone)} ${zoneAbbr(zone, new Date(next.start))}`
    : 'Not started: no session scheduled';
}

/** The first session's times, for where a session's times are shown. */
export function firstSessionText(workshop) {
  const zone = workshop?.schedule?.timezone;
  const next = workshop?.nextSession;
  return next ? `First session ${dateTime(next.start, zone)} – ${time(next.end, zone)} ${zoneAbbr(zone, new Date(next.start))}` : 'No session scheduled';
}

/** The pace words; a workshop that has not worked a session yet says so instead. */
export function setPace(el, session, workshop) {
  if (notStarted(workshop, session)) {
    setField(el, null, notStartedText(workshop));
    el.dataset.pace = 'not-started';
    return;
  }
  const value = session ? session.onPace : null;
  setField(el, value, paceText(session));
  el.dataset.pace = value === true ? 'on' : value === false ? 'behind' : 'none';
}

/** A status badge: the words are always written; the colour only repeats them. */
export function statusBadge(status, attrs = {}) {
  return h('span', { class: `badge status-${(status || 'none').toLowerCase()}`, ...attrs }, status || '—');
}

export function setStatus(el, status) {
  setField(el, status, status || '—');
  el.className = `badge status-${(status || 'none').toLowerCase()}`;
}

/**
 * The session progress bar: good against target, with a marker where the session should be by now
 * (target × elapsed fraction of the session).
 */
export function progressBar() {
  const fill = h('span', { class: 'bar-fill' });
  const marker = h('span', { class: 'bar-marker', 'aria-hidden': 'true' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0' }, fill, marker);
  return { bar, fill, marker };
}

export function updateProgressBar(pb, session, now = serverNow()) {
  if (!session || !isNum(session.target) || session.target <= 0) {
    pb.fill.style.width = '0%';
    pb.marker.hidden = true;
    pb.bar.setAttribute('aria-valuemax', '0');
    pb.bar.setAttribute('aria-valuenow', '0');
    pb.bar.setAttribute('aria-valuetext', session ? 'No target for this session' : 'No session');
    return null;
  }
  const frac = elapsedFraction(session, now) ?? 0;
  const expected = session.target * frac;
  pb.fill.style.width = `${Math.min(100, (session.good / session.target) * 100)}%`;
  pb.marker.hidden = false;
  pb.marker.style.left = `${frac * 100}%`;
  pb.bar.setAttribute('aria-valuemax', String(session.target));
  pb.bar.setAttribute('aria-valuenow', String(Math.min(session.good, session.target)));
  pb.bar.setAttribute('aria-valuetext', `${count(session.good)} good of ${count(session.target)}; expected by now ${count(Math.round(expected))}`);
  return expected;
}

export function stationCounts(stations) {
  const counts = new Map();
  for (const st of stations || []) {
    const k = st.state || 'NO STATE';
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  const order = ['DOWN', 'IDLE', 'RUNNING', 'OFF', 'NO STATE'];
  return [...counts.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([k, n]) => `${n} ${k === 'NO STATE' ? 'no state' : k.toLowerCase()}`)
    .join(' · ') || 'No stations';
}

export function alertSummary(alerts) {
  if (!alerts.length) return 'None open';
  const by = {};
  for (const a of alerts) by[a.severity] = (by[a.severity] || 0) + 1;
  const parts = Object.keys(by).sort((a, b) => (SEVERITY_ORDER[a] ?? 9) - (SEVERITY_ORDER[b] ?? 9))
    .map((s) => `${by[s]} ${s.toLowerCase()}`);
  const acked = alerts.filter((a) => a.state === 'ACKNOWLEDGED').length;
  return `${alerts.length} open (${parts.join(', ')})${acked ? `; ${acked} acknowledged` : ''}`;
}

export { setText };
