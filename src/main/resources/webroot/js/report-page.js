// A report as a page: drawn from the API's JSON alike for every kind (session, weekly, monthly, contract), so
// the page shows the very tables the CSV and PDF hold. Each section: its heading, its chart as bars, its table
// (numbers right-aligned) and its notes. Cells are shown as the service wrote them; a figure it has not got
// ("-") shows as a dash, never as a made-up nought.
import { h } from './dom.js';
import { uid } from './forms.js';
import { barChart } from './bars.js';
import { fullDateTime, dateTimeYear, zoneAbbr, browserZone, DASH } from './format.js';

/** What the service writes for a figure it has not got. */
const ABSENT = new Set(['', '-', '\u2013', '\u2014']);
/** A count, an amount or a percentage ("150", "-12.50", "75.0"), or "made / ordered" ("150 / 1000"). */
const NUMERIC = /^[-+\u2212]?\d[\d,]*(\.\d+)?%?$|^\d[\d,]* \/ \d[\d,]*$/;

export const isAbsent = (cell) => cell === null || cell === undefined || ABSENT.has(String(cell).trim());
export const isNumeric = (cell) => NUMERIC.test(String(cell ?? '').trim());

/** A column is numeric when most of its figures are numbers: all of it is then right-aligned. */
function numericColumns(columns, rows) {
  return columns.map((_, c) => {
    const present = rows.map((r) => r[c]).filter((x) => !isAbsent(x));
    const numbers = present.filter(isNumeric).length;
    return numbers > 0 && numbers * 2 > present.length;
  });
}

/** One cell: the raw text in data-value (what a test or a reader compares), a dash for an absent figure. */
function cell(tag, raw, attrs) {
  const absent = isAbsent(raw);
  return h(tag, { ...attrs, dataset: { value: raw ?? '' }, title: absent ? 'No figure' : null }, absent ? DASH : raw);
}

/** A table of a few columns (a figure and its value) is kept narrow, so a value is read beside its label. */
const isNarrow = (section) => (section.columns || []).length <= 3;

export function reportTable(section) {
  const columns = section.columns || [];
  const rows = section.rows || [];
  const numeric = numericColumns(columns, rows);
  const r = (c) => (numeric[c] ? 'r num-cell' : null);
  return h('div', { class: `table-wrap${isNarrow(section) ? ' narrow' : ''}` },
    h('table', { class: 'report-table' },
      h('caption', { class: 'visually-hidden' }, section.title),
      h('thead', null, h('tr', null, columns.map((col, c) => h('th', { scope: 'col', class: r(c) }, col)))),
      h('tbody', null, rows.map((row) => h('tr', { dataset: { row: row[0] ?? '' } },
        row.map((x, c) => (c === 0 ? cell('th', x, { scope: 'row', class: r(c) }) : cell('td', x, { class: r(c) }))))))));
}

export function reportSection(section) {
  const headingId = uid('report-section');
  const rows = section.rows || [];
  const notes = (section.notes || []).filter(Boolean);
  const table = rows.length ? reportTable(section) : null;
  // a narrow table and its chart side by side on a wide screen; a wide table under its chart
  const side = Boolean(section.chart && table && isNarrow(section));
  const chart = section.chart && (section.chart.labels || []).length ? barChart(section.chart, { width: side ? 600 : 860 }) : null;
  return h('section', { class: 'panel report-section', 'aria-labelledby': headingId, dataset: { section: section.title } },
    h('h3', { id: headingId }, section.title),
    side ? h('div', { class: 'report-body side' }, table, chart) : [chart, table],
    !rows.length && !notes.length ? h('p', { class: 'muted' }, 'Nothing to list for this period.') : null,
    notes.length ? h('ul', { class: 'report-notes muted small' }, notes.map((n) => h('li', null, n))) : null);
}

/**
 * The whole report: {kind, title, subtitle, generatedAt, file, sections}. `actions` (the download
 * buttons and their status) go under the title.
 */
export function reportPage(report, { actions } = {}) {
  const at = report.generatedAt;
  return h('article', { class: 'report', 'aria-labelledby': 'report-title', dataset: { testid: 'report', kind: report.kind, file: report.file || '' } },
    h('header', { class: 'report-head' },
      h('div', null,
        h('h2', { id: 'report-title', dataset: { field: 'reportTitle' } }, report.title),
        report.subtitle ? h('p', { class: 'report-subtitle', dataset: { field: 'reportSubtitle' } }, report.subtitle) : null,
        h('p', { class: 'muted small' },
          // the sections that hold money say its currency in their titles; one without money says none
          'Made ', h('time', { datetime: at, title: fullDateTime(at, browserZone) }, `${dateTimeYear(at, browserZone)} ${zoneAbbr(browserZone, new Date(at))}`))),
      actions || null),
    (report.sections || []).map(reportSection));
}
