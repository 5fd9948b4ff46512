// Formatting: ratios as "97.9%", counts with separators, times in a named zone, "12 s ago".
import { serverNow } from './clock.js';

export const DASH = '—';
const LOCALE = 'en-GB';
const countFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const rateFmt = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

export function pct(ratio) {
  return isNum(ratio) ? `${(ratio * 100).toFixed(1)}%` : DASH;
}

export function count(n) {
  return isNum(n) ? countFmt.format(n) : DASH;
}

export function rate(n) {
  return isNum(n) ? rateFmt.format(n) : DASH;
}

export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const fmtCache = new Map();
function formatter(zone, kind) {
  const key = `${zone}|${kind}`;
  let f = fmtCache.get(key);
  if (!f) {
    const opts = { timeZone: zone || undefined, hourCycle: 'h23' };
    if (kind === 'time') Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
    if (kind === 'timesec') Object.assign(opts, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (kind === 'datetime') Object.assign(opts, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    if (kind === 'datetimeyear') Object.assign(opts, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    if (kind === 'date') Object.assign(opts, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    if (kind === 'full') Object.assign(opts, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
    if (kind === 'zone') Object.assign(opts, { timeZoneName: 'short' });
    try {
      f = new Intl.DateTimeFormat(LOCALE, opts);
    } catch {
      f = new Intl.DateTimeFormat(LOCALE, { ...opts, timeZone: undefined });
    }
    fmtCache.set(key, f);
  }
  return f;
}

const toDate = (v) => (v instanceof Date ? v : v ? new Date(v) : null);

/** A formatter of instants in one of the styles above; what is not an instant shows as `empty`. */
const instantIn = (style, empty = DASH) => (v, zone) => {
  const d = toDate(v);
  return d && !isNaN(d) ? formatter(zone, style).format(d) : empty;
};
export const time = instantIn('time');
export const timeSec = instantIn('timesec');
export const dateTime = instantIn('datetime');
export const dateTimeYear = instantIn('datetimeyear');
export const fullDateTime = instantIn('full', '');
/** "GMT", "BST", "EST": the short name of a zone at an instant. */
export function zoneAbbr(zone, at = new Date(serverNow())) {
  const part = formatter(zone, 'zone').formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part ? part.value : zone;
}
/** "Times in Europe/London (GMT)". */
export function zoneLabel(zone) {
  const z = zone || browserZone;
  return `Times in ${z} (${zoneAbbr(z)})${zone ? '' : ', this browser\u2019s zone'}`;
}

/** A plain date "2026-11-24" (a calendar day, no zone) as "Tue 24 Nov 2026". */
export function calendarDate(iso) {
  if (!iso) return DASH;
  const [y, m, d] = iso.split('-').map(Number);
  return formatter('UTC', 'date').format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function ago(v, now = serverNow()) {
  const d = toDate(v);
  if (!d || isNaN(d)) return 'never';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const hr = Math.floor(m / 60);
  if (hr < 48) return `${hr} h ${m % 60} min ago`;
  return `${Math.floor(hr / 24)} days ago`;
}

/** Offset (ms) of a zone from UTC at an instant. */
export function zoneOffset(zone, ms) {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time (year, month 1-12, day, hour, minute) happens in a zone. */
export function zonedInstant(zone, y, m, d, hh = 0, mm = 0) {
  const z = zone || browserZone;
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall;
  for (let i = 0; i < 3; i++) guess = wall - zoneOffset(z, guess);
  return new Date(guess);
}

/** [year, month, day] of an instant in a zone. */
function ymdIn(zone, at) {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: zone || browserZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return ymd.split('-').map(Number);
}

/** The start and end (next midnight) of the day holding `now` in a zone, as Dates. */
export function dayBounds(zone, now = new Date(serverNow())) {
  const [y, m, d] = ymdIn(zone, now);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return { start: zonedInstant(zone, y, m, d), end: zonedInstant(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) };
}

/** Monday 00:00 of the week holding `now` in a zone, to the Monday after, as Dates. */
export function weekBounds(zone, now = new Date(serverNow())) {
  const [y, m, d] = ymdIn(zone, now);
  const back = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // days since Monday
  const mon = new Date(Date.UTC(y, m - 1, d - back));
  const next = new Date(Date.UTC(y, m - 1, d - back + 7));
  return {
    start: zonedInstant(zone, mon.getUTCFullYear(), mon.getUTCMonth() + 1, mon.getUTCDate()),
    end: zonedInstant(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
  };
}

/** An instant as the value of an <input type="datetime-local"> in a zone: "2026-11-24T08:30". */
export function localInput(v, zone) {
  const d = toDate(v);
  if (!d || isNaN(d)) return '';
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone: zone || browserZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(d)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The value of an <input type="datetime-local"> read as a wall-clock time in a zone; null when empty or malformed. */
export function fromLocalInput(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  return m ? zonedInstant(zone, +m[1], +m[2], +m[3], +m[4], +m[5]) : null;
}

/** A plain date "2026-11-24" of an instant in a zone, for an <input type="date">. */
export function isoDate(v, zone) {
  const d = toDate(v);
  return d && !isNaN(d) ? ymdIn(zone, d).map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-') : '';
}

/** Seconds of station time as "2 h 05 min", "12 min", "40 s". */
export function duration(seconds) {
  if (!isNum(seconds)) return DASH;
  if (seconds > 0 && seconds < 59.5) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Seconds as minutes to two decimals, for a data-value a test or a reader can compare. */
export const minutes = (seconds) => (isNum(seconds) ? Math.round((seconds / 60) * 100) / 100 : null);

/** An API code as words in sentence case: "MATERIAL_SHORTAGE" as "Material shortage". */
export const sentence = (code) => (code ? code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ') : DASH);

/** A state with its reason, as the API spells them: "DOWN (EQUIPMENT_FAULT)". */
export function stateText(state, reason) {
  if (!state) return 'NO STATE';
  return reason ? `${state} (${reason})` : state;
}

export const words = (code) => (code ? code.replaceAll('_', ' ') : DASH);

/** Fraction of [start, end) elapsed at now, 0..1. */
export function elapsedFraction(session, now = serverNow()) {
  if (!session) return null;
  const s = Date.parse(session.start);
  const e = Date.parse(session.end);
  if (!(e > s)) return null;
  return Math.min(1, Math.max(0, (now - s) / (e - s)));
}
