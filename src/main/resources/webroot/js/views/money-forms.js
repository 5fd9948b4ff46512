// The Manage view's money and reports forms (managers and administrators): a prison's product catalogue, a
// workshop's running costs and places, its monthly budgets, and who gets the prison's reports by e-mail. Each
// shows what is stored now, checks what the API checks before sending, and shows the service's refusal in its
// own words beside the form.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { isoDate, browserZone, count, DASH } from '../format.js';
import {
  labelled, select, setOptions, formStatus, onSubmit, confirmButton, amountInput, uid, PATTERNS, AMOUNT_HINT,
} from '../forms.js';

const REPORTS = [
  { value: 'session', label: 'Session report' },
  { value: 'weekly', label: 'Weekly report' },
  { value: 'monthly', label: 'Monthly report' },
];

const money = (amount, currency) => (amount === null || amount === undefined || amount === '' ? DASH : `${amount}${currency ? ` ${currency}` : ''}`);
const thisMonth = () => isoDate(serverNow(), browserZone).slice(0, 7);

/**
 * `m`: what the Manage view shares with these forms: prisons() and workshops() as they are now, and
 * refreshers, the functions it calls when the workshops change.
 */
export function productForm(m) {
  const prisonOptions = () => m.prisons().map((p) => ({ value: p, label: p }));
  const prison = select({ name: 'prison', required: true }, prisonOptions());
  const code = h('input', { type: 'text', name: 'code', required: true, pattern: PATTERNS.product, maxlength: '64', autocomplete: 'off', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '120', autocomplete: 'off' });
  const material = amountInput('materialCost');
  const minutes = amountInput('standardMinutes');
  const transfer = amountInput('transferPrice');
  const currencyNote = h('p', { class: 'hint', dataset: { field: 'productCurrency' } });
  const body = h('tbody');
  const table = h('table', { class: 'money-table', dataset: { testid: 'products' } },
    h('caption', { class: 'visually-hidden' }, 'The prison\u2019s products'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Code'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'r' }, 'Material cost'),
      h('th', { scope: 'col', class: 'r' }, 'Standard minutes'), h('th', { scope: 'col', class: 'r' }, 'Transfer price'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    body);
  const empty = h('p', { class: 'muted', dataset: { testid: 'products-empty' } });
  const status = formStatus();

  const edit = (p) => {
    code.value = p.code;
    name.value = p.name;
    material.value = p.materialCost;
    minutes.value = p.standardMinutes;
    transfer.value = p.transferPrice;
    status.clear();
    name.focus();
  };
  const load = async () => {
    const asked = prison.value;
    clear(body);
    if (!asked) return;
    let answer;
    try {
      answer = await api.products(asked);
    } catch (e) {
      empty.textContent = `Could not list the products: ${e.message}`;
      table.hidden = true;
      return;
    }
    if (prison.value !== asked) return;
    clear(body);
    const currency = answer.currency || '';
    currencyNote.textContent = currency ? `Amounts in ${currency}, per unit.` : '';
    const list = [...(answer.products || [])].sort((a, b) => a.code.localeCompare(b.code));
    table.hidden = !list.length;
    empty.textContent = list.length ? '' : `No products in ${asked}\u2019s catalogue yet: units of a product not in it are counted, but carry no cost or value.`;
    for (const p of list) {
      const editButton = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'edit-product' }, 'aria-label': `Edit product ${p.code}` }, 'Edit');
      editButton.addEventListener('click', () => edit(p));
      body.append(h('tr', { dataset: { product: p.code } },
        h('th', { scope: 'row', class: 'mono' }, p.code),
        h('td', { dataset: { field: 'name' } }, p.name),
        h('td', { class: 'r num-cell', dataset: { field: 'materialCost', value: p.materialCost } }, p.materialCost),
        h('td', { class: 'r num-cell', dataset: { field: 'standardMinutes', value: p.standardMinutes } }, p.standardMinutes),
        h('td', { class: 'r num-cell', dataset: { field: 'transferPrice', value: p.transferPrice } }, p.transferPrice),
        h('td', { class: 'nowrap' }, editButton, ' ', confirmButton('Remove', `Remove ${p.code}`, async () => {
          await api.deleteProduct(asked, p.code);
          status.success(`Removed ${p.code} from ${asked}\u2019s catalogue.`);
          await load();
          code.focus();
        }, { describe: `Remove product ${p.code}`, action: 'remove-product' }))));
    }
  };
  prison.addEventListener('change', () => { status.clear(); load(); });
  m.refreshers.push(() => { setOptions(prison, prisonOptions()); });

  const form = h('form', { class: 'manage-form', dataset: { testid: 'product-form' }, 'aria-labelledby': 'pr-h' },
    h('h2', { id: 'pr-h' }, 'Products'),
    h('p', { class: 'muted' }, 'What a unit of each product costs in material, how long it takes, and what it is worth. ',
      'A new code adds a product; an existing code replaces it.'),
    h('div', { class: 'grid-form' },
      labelled('Prison', prison),
      labelled('Product code', code, { hint: 'The code the devices and tallies send, e.g. TOTE-1: letters, digits, dots, hyphens, underscores.' }),
      labelled('Name', name, { hint: 'Up to 120 characters.' }),
      labelled('Material cost', material, { hint: `Per unit. ${AMOUNT_HINT}` }),
      labelled('Standard minutes', minutes, { hint: 'The time a unit should take; shares instructor and overhead cost between products.' }),
      labelled('Transfer price', transfer, { hint: `A unit\u2019s value when no contract price applies. ${AMOUNT_HINT}` })),
    currencyNote,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-product' } }, 'Save product')),
    status.el,
    h('h3', null, 'Catalogue'),
    empty,
    h('div', { class: 'table-wrap' }, table));
  onSubmit(form, status, {
    send: async () => {
      const asked = prison.value;
      const { status: code201, body: saved } = await api.putProduct(asked, code.value.trim(), {
        name: name.value.trim(), materialCost: material.value.trim(), standardMinutes: minutes.value.trim(), transferPrice: transfer.value.trim(),
      });
      await load();
      return `${code201 === 201 ? 'Added' : 'Replaced'} ${saved.code} (${saved.name}) in ${asked}\u2019s catalogue: material ${money(saved.materialCost, saved.currency)}, `
        + `${saved.standardMinutes} standard minutes, transfer price ${money(saved.transferPrice, saved.currency)}.`;
    },
  });
  load();
  return form;
}

/** Options for a workshop select: value "MDI/textiles-1". */
function workshopOptions(m) {
  return m.workshops().slice().sort((a, b) => a.workshop.localeCompare(b.workshop))
    .map((w) => ({ value: w.workshop, label: `${w.name} (${w.workshop})` }));
}

export function costingForm(m) {
  const workshop = select({ name: 'workshop', required: true }, workshopOptions(m), 'Choose a workshop\u2026');
  m.refreshers.push(() => setOptions(workshop, workshopOptions(m), 'Choose a workshop\u2026'));
  const hours = amountInput('instructorHoursPerSession');
  const rate = amountInput('instructorHourlyRate');
  const overhead = amountInput('overheadPerPlannedHour');
  const places = h('input', { type: 'number', name: 'allocatedPlaces', required: true, min: '0', max: '500', step: '1', inputmode: 'numeric' });
  const stored = h('p', { class: 'muted', dataset: { field: 'costingStored' } }, 'Choose a workshop to see its costing.');
  const status = formStatus();
  const load = async () => {
    status.clear();
    const asked = workshop.value;
    if (!asked) { stored.textContent = 'Choose a workshop to see its costing.'; return; }
    const [p, w] = asked.split('/');
    let c;
    try {
      c = await api.costing(p, w);
    } catch (e) {
      stored.textContent = `Could not read the costing: ${e.message}`;
      return;
    }
    if (workshop.value !== asked) return;
    if (c.set) {
      hours.value = c.instructorHoursPerSession;
      rate.value = c.instructorHourlyRate;
      overhead.value = c.overheadPerPlannedHour;
      places.value = String(c.allocatedPlaces);
      stored.textContent = `Stored for ${asked}: ${c.instructorHoursPerSession} instructor hours a session at ${money(c.instructorHourlyRate, c.currency)} an hour, `
        + `${money(c.overheadPerPlannedHour, c.currency)} overhead a planned hour, ${count(c.allocatedPlaces)} places.`;
    } else {
      for (const f of [hours, rate, overhead, places]) f.value = '';
      stored.textContent = `No costing set for ${asked} yet: its reports count no instructor or overhead cost and no places.`;
    }
  };
  workshop.addEventListener('change', load);
  const form = h('form', { class: 'manage-form', dataset: { testid: 'costing-form' }, 'aria-labelledby': 'co-h' },
    h('h2', { id: 'co-h' }, 'Workshop costing'),
    h('p', { class: 'muted' }, 'What a workshop costs to run for the time it is planned to work, and the places allocated to each session.'),
    h('div', { class: 'grid-form' },
      h('div', { class: 'span-all' }, labelled('Workshop', workshop)),
      labelled('Instructor hours a session', hours, { hint: `E.g. 3.5. ${AMOUNT_HINT}` }),
      labelled('Instructor hourly rate', rate, { hint: AMOUNT_HINT }),
      labelled('Overhead a planned hour', overhead, { hint: `Heat, light, equipment: a planned hour\u2019s share. ${AMOUNT_HINT}` }),
      labelled('Places allocated', places, { hint: 'People allocated to each session, 0 to 500.' })),
    stored,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-costing' } }, 'Save costing')),
    status.el);
  onSubmit(form, status, {
    send: async () => {
      const [p, w] = workshop.value.split('/');
      const c = await api.putCosting(p, w, {
        instructorHoursPerSession: hours.value.trim(), instructorHourlyRate: rate.value.trim(),
        overheadPerPlannedHour: overhead.value.trim(), allocatedPlaces: Number(places.value),
      });
      stored.textContent = `Stored for ${c.workshop}: ${c.instructorHoursPerSession} instructor hours a session at ${money(c.instructorHourlyRate, c.currency)} an hour, `
        + `${money(c.overheadPerPlannedHour, c.currency)} overhead a planned hour, ${count(c.allocatedPlaces)} places.`;
      return `Saved the costing of ${c.workshop}.`;
    },
  });
  return form;
}

export function budgetForm(m) {
  const workshop = select({ name: 'workshop', required: true }, workshopOptions(m), 'Choose a workshop\u2026');
  m.refreshers.push(() => setOptions(workshop, workshopOptions(m), 'Choose a workshop\u2026'));
  const month = h('input', { type: 'month', name: 'month', required: true, value: thisMonth(), min: '2000-01', max: '2100-12' });
  const units = h('input', { type: 'number', name: 'plannedGoodUnits', required: true, min: '0', max: '1000000000', step: '1', inputmode: 'numeric' });
  const cost = amountInput('plannedCost');
  const value = amountInput('plannedValue');
  const body = h('tbody');
  const table = h('table', { class: 'money-table', dataset: { testid: 'budgets' } },
    h('caption', { class: 'visually-hidden' }, 'The workshop\u2019s budgets'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Month'), h('th', { scope: 'col', class: 'r' }, 'Good units'),
      h('th', { scope: 'col', class: 'r' }, 'Cost'), h('th', { scope: 'col', class: 'r' }, 'Value'), h('th', { scope: 'col', class: 'r' }, 'Margin'))),
    body);
  table.hidden = true;
  const note = h('p', { class: 'muted', dataset: { field: 'budgetsNote' } }, 'Choose a workshop to see its budgets.');
  const status = formStatus();
  let budgets = [];
  const fillFromMonth = () => {
    const b = budgets.find((x) => x.month === month.value);
    if (b) {
      units.value = String(b.plannedGoodUnits);
      cost.value = b.plannedCost;
      value.value = b.plannedValue;
    }
  };
  const load = async () => {
    const asked = workshop.value;
    clear(body);
    budgets = [];
    table.hidden = true;
    if (!asked) { note.textContent = 'Choose a workshop to see its budgets.'; return; }
    const [p, w] = asked.split('/');
    let answer;
    try {
      answer = await api.budgets(p, w);
    } catch (e) {
      note.textContent = `Could not list the budgets: ${e.message}`;
      return;
    }
    if (workshop.value !== asked) return;
    budgets = [...(answer.budgets || [])].sort((a, b) => b.month.localeCompare(a.month));
    note.textContent = budgets.length ? `Amounts in ${answer.currency}.` : `No budgets for ${asked} yet: its monthly report shows no budget.`;
    table.hidden = !budgets.length;
    for (const b of budgets) {
      body.append(h('tr', { dataset: { month: b.month } },
        h('th', { scope: 'row' }, b.month),
        h('td', { class: 'r num-cell', dataset: { field: 'plannedGoodUnits', value: String(b.plannedGoodUnits) } }, count(b.plannedGoodUnits)),
        h('td', { class: 'r num-cell', dataset: { field: 'plannedCost', value: b.plannedCost } }, b.plannedCost),
        h('td', { class: 'r num-cell', dataset: { field: 'plannedValue', value: b.plannedValue } }, b.plannedValue),
        h('td', { class: 'r num-cell', dataset: { field: 'plannedMargin', value: b.plannedMargin } }, b.plannedMargin)));
    }
    fillFromMonth();
  };
  workshop.addEventListener('change', () => { status.clear(); load(); });
  month.addEventListener('change', fillFromMonth);
  const form = h('form', { class: 'manage-form', dataset: { testid: 'budget-form' }, 'aria-labelledby': 'bu-h' },
    h('h2', { id: 'bu-h' }, 'Monthly budget'),
    h('p', { class: 'muted' }, 'What a workshop plans to make, spend and earn in a month; the monthly report sets the actual against it. ',
      'A month that has a budget is replaced.'),
    h('div', { class: 'grid-form' },
      labelled('Workshop', workshop),
      labelled('Month', month),
      labelled('Planned good units', units, { hint: 'Whole units, 0 to 1,000,000,000.' }),
      labelled('Planned cost', cost, { hint: AMOUNT_HINT }),
      labelled('Planned value', value, { hint: AMOUNT_HINT })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-budget' } }, 'Save budget')),
    status.el,
    h('h3', null, 'Budgets of this workshop'),
    note,
    h('div', { class: 'table-wrap' }, table));
  onSubmit(form, status, {
    send: async () => {
      const [p, w] = workshop.value.split('/');
      const { status: code, body: b } = await api.putBudget(p, w, month.value, {
        plannedGoodUnits: Number(units.value), plannedCost: cost.value.trim(), plannedValue: value.value.trim(),
      });
      await load();
      return `${code === 201 ? 'Set' : 'Replaced'} the budget of ${b.workshop} for ${b.month}: ${count(b.plannedGoodUnits)} good units, `
        + `cost ${money(b.plannedCost, b.currency)}, value ${money(b.plannedValue, b.currency)}, margin ${money(b.plannedMargin, b.currency)}.`;
    },
  });
  return form;
}

export function subscriptionsForm(m) {
  const prisonOptions = () => m.prisons().map((p) => ({ value: p, label: p }));
  const prison = select({ name: 'prison', required: true }, prisonOptions());
  const rows = h('div', { class: 'rows', role: 'list', 'aria-label': 'Who gets which report', dataset: { testid: 'subscription-rows' } });
  const empty = h('p', { class: 'muted', dataset: { testid: 'subscriptions-empty' } });
  const status = formStatus();
  const add = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-subscription' } }, 'Add a row');
  const workshopChoices = () => [{ value: '', label: 'Every workshop' },
    ...m.workshops().filter((w) => w.prison === prison.value).sort((a, b) => a.id.localeCompare(b.id))
      .map((w) => ({ value: w.id, label: `${w.name} (${w.id})` }))];
  const showEmpty = () => {
    empty.textContent = rows.children.length ? '' : `No one gets ${prison.value}\u2019s reports by e-mail. Add a row, then save.`;
  };

  const addRow = (sub = {}) => {
    const n = rows.children.length + 1;
    const report = select({ name: 'sub-report', required: true }, REPORTS);
    report.value = sub.report || 'session';
    const workshop = select({ name: 'sub-workshop' }, workshopChoices());
    if (sub.workshop && ![...workshop.options].some((o) => o.value === sub.workshop)) {
      workshop.append(h('option', { value: sub.workshop }, sub.workshop)); // stored for a workshop no longer listed
    }
    workshop.value = sub.workshop || '';
    const to = h('input', {
      type: 'email', multiple: true, name: 'sub-to', required: true, maxlength: '2000', autocomplete: 'off', spellcheck: 'false',
      value: (sub.to || []).join(', '), placeholder: 'name@prison.example',
    });
    const monthly = () => {
      // the monthly report covers the prison: no workshop to choose
      const whole = report.value === 'monthly';
      if (whole) workshop.value = '';
      workshop.disabled = whole;
    };
    report.addEventListener('change', monthly);
    monthly();
    const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'remove-subscription' }, 'aria-label': `Remove row ${n}` }, 'Remove');
    const row = h('div', { class: 'row subscription-row', role: 'listitem', dataset: { row: 'subscription' } },
      labelled('Report', report, { cls: 'compact' }),
      labelled('Workshop', workshop, { cls: 'compact' }),
      labelled('Send to', to, { cls: 'compact wide', hint: 'E-mail addresses, separated by commas; up to 20.' }),
      remove);
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      showEmpty();
      (next?.querySelector('select') || add).focus();
    });
    rows.append(row);
    showEmpty();
    return row;
  };
  add.addEventListener('click', () => addRow().querySelector('select').focus());

  const refreshWorkshops = () => {
    for (const sel of rows.querySelectorAll('select[name="sub-workshop"]')) {
      const keep = sel.value;
      setOptions(sel, workshopChoices());
      if (keep && ![...sel.options].some((o) => o.value === keep)) sel.append(h('option', { value: keep }, keep));
      sel.value = keep;
    }
  };
  const load = async () => {
    const asked = prison.value;
    clear(rows);
    if (!asked) return;
    empty.textContent = 'Loading\u2026';
    let answer;
    try {
      answer = await api.subscriptions(asked);
    } catch (e) {
      empty.textContent = `Could not read who gets the reports: ${e.message}`;
      return;
    }
    if (prison.value !== asked) return;
    clear(rows);
    for (const sub of answer.subscriptions || []) addRow(sub);
    showEmpty();
  };
  prison.addEventListener('change', () => { status.clear(); load(); });
  m.refreshers.push(() => { setOptions(prison, prisonOptions()); refreshWorkshops(); });

  /** One row for each report and workshop, as the service asks. */
  const check = () => {
    const seen = new Map();
    for (const row of rows.children) {
      const report = row.querySelector('[name="sub-report"]');
      const workshop = row.querySelector('[name="sub-workshop"]');
      const key = `${report.value}/${workshop.value}`;
      const first = seen.get(key);
      report.setCustomValidity(first
        ? `The ${report.value} report of ${workshop.value || 'every workshop'} is on row ${first} already: put every address in that row.` : '');
      if (!first) seen.set(key, [...rows.children].indexOf(row) + 1);
    }
  };
  const form = h('form', { class: 'manage-form', dataset: { testid: 'subscriptions-form' }, 'aria-labelledby': 'su-h' },
    h('h2', { id: 'su-h' }, 'Reports by e-mail'),
    h('p', { class: 'muted' }, 'Who gets a prison\u2019s reports, as PDF and CSV, when each session, week or month ends. ',
      'Saving replaces the prison\u2019s whole list.'),
    h('div', { class: 'grid-form' }, labelled('Prison', prison)),
    h('fieldset', { class: 'rowset' }, h('legend', null, 'Who gets which report'),
      h('p', { class: 'hint' }, 'A session or weekly report goes for one workshop or for every workshop of the prison; the monthly report covers the prison. ',
        'Session reports go without the money, as instructors read them; weekly and monthly reports carry it.'),
      rows, empty, add),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-subscriptions' } }, 'Save who gets reports')),
    status.el);
  onSubmit(form, status, {
    check,
    send: async () => {
      const asked = prison.value;
      const list = [...rows.children].map((row) => {
        const report = row.querySelector('[name="sub-report"]').value;
        const workshop = row.querySelector('[name="sub-workshop"]').value;
        const to = row.querySelector('[name="sub-to"]').value.split(',').map((a) => a.trim()).filter(Boolean);
        return { report, ...(workshop && report !== 'monthly' ? { workshop } : {}), to };
      });
      const saved = await api.putSubscriptions(asked, list);
      const n = (saved.subscriptions || []).length;
      return n ? `Saved: ${n} report${n === 1 ? '' : 's'} of ${saved.prison} go by e-mail.` : `Saved: no one gets ${saved.prison}\u2019s reports by e-mail now.`;
    },
  });
  load();
  return form;
}

/**
 * The contract form's money: the kind of customer and the dated prices, as rows. `value()` is what the API
 * takes; `fill(contract)` shows a stored one; `check()` refuses two prices from one day.
 */
export function contractTerms() {
  const kind = select({ name: 'kind', required: true }, [
    { value: 'EXTERNAL', label: 'External: an outside customer' },
    { value: 'INTERNAL', label: 'Internal: supply to the prison service' },
  ]);
  const rows = h('div', { class: 'rows', role: 'list', 'aria-label': 'Prices', dataset: { testid: 'price-rows' } });
  const empty = h('p', { class: 'hint', dataset: { testid: 'prices-empty' } });
  const add = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-price' } }, 'Add a price');
  const showEmpty = () => {
    empty.textContent = rows.children.length ? '' : 'No prices: each unit is valued at the product\u2019s transfer price.';
  };
  const addRow = (p = {}) => {
    const n = rows.children.length + 1;
    const from = h('input', { type: 'date', name: 'price-from', required: true, value: p.from || '' });
    const unitPrice = amountInput('price-unit', { value: p.unitPrice || '' });
    const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'remove-price' }, 'aria-label': `Remove price ${n}` }, 'Remove');
    const row = h('div', { class: 'row price-row', role: 'listitem', dataset: { row: 'price' } },
      labelled('From', from, { cls: 'compact' }),
      labelled('Unit price', unitPrice, { cls: 'compact' }),
      remove);
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      showEmpty();
      (next?.querySelector('input') || add).focus();
    });
    rows.append(row);
    showEmpty();
    return row;
  };
  add.addEventListener('click', () => addRow().querySelector('input').focus());
  showEmpty();
  const legendId = uid('prices');
  return {
    el: h('div', { class: 'span-all' },
      labelled('Kind', kind, { hint: 'An outside customer pays the contract\u2019s price; internal supply is valued at the transfer price unless a price is given.' }),
      h('fieldset', { class: 'rowset', 'aria-labelledby': legendId }, h('legend', { id: legendId }, 'Prices'),
        h('p', { class: 'hint' }, `Each price holds from its day, in the workshop\u2019s time zone, until the next. A unit price: ${AMOUNT_HINT.charAt(0).toLowerCase()}${AMOUNT_HINT.slice(1)}`),
        rows, empty, add)),
    check() {
      const seen = new Set();
      for (const from of rows.querySelectorAll('[name="price-from"]')) {
        from.setCustomValidity(from.value && seen.has(from.value) ? `Two prices from ${from.value}: one a day.` : '');
        seen.add(from.value);
      }
    },
    value() {
      return {
        kind: kind.value,
        prices: [...rows.children].map((row) => ({
          from: row.querySelector('[name="price-from"]').value,
          unitPrice: row.querySelector('[name="price-unit"]').value.trim(),
        })),
      };
    },
    fill(contract) {
      kind.value = contract.kind || 'EXTERNAL';
      clear(rows);
      for (const p of contract.prices || []) addRow(p);
      showEmpty();
    },
  };
}
