// Manage view (#/manage, managers and administrators): set up workshops, contracts (with their kind and dated
// prices), a prison-wide closure, device credentials and webhooks, and the money the reports need: products,
// a workshop's costing and budgets, and who gets the reports by e-mail (js/views/money-forms.js). Each form checks what the API checks before sending, shows the service's
// refusal in its own words, and confirms what was saved.
import { serverNow } from '../clock.js';
import { api } from '../api.js';
import { h, clear } from '../dom.js';
import {
  dateTime, fullDateTime, zoneAbbr, localInput, fromLocalInput, isoDate, sentence, browserZone, count,
} from '../format.js';
import { labelled, select, setOptions, formStatus, onSubmit, confirmButton, PATTERNS, SLUG_HINT } from '../forms.js';
import { may, prisons as tokenPrisons, role } from '../session.js';
import { WorkshopForm } from './workshop-form.js';
import { CLOSURE_REASONS, checkSpan } from './record.js';
import { productForm, costingForm, budgetForm, subscriptionsForm, contractTerms } from './money-forms.js';

const MINUTE = 60_000;

export class ManageView {
  constructor(ctx) {
    this.ctx = ctx;
    this.workshops = [];
    this.alive = true;
    this.refreshers = []; // forms whose workshop or prison lists follow this.workshops
  }

  mount(main) {
    this.main = main;
    document.title = 'Workshop Monitor — Manage';
    const head = h('div', { class: 'viewhead' },
      h('div', null, h('h1', { tabindex: '-1' }, 'Manage'),
        h('p', { class: 'muted' }, 'Set up workshops and contracts, close a prison\u2019s workshops, issue device credentials, send alerts to webhooks, ',
          'and set the costs, prices and budgets the reports count, and who gets the reports.')));
    if (!may.manage()) {
      main.append(head, h('p', { class: 'notice', dataset: { testid: 'manage-refused' } },
        `Managing needs a manager\u2019s or an administrator\u2019s sign-in; you are signed in as ${(role() || 'nobody with a role').toLowerCase()}.`));
      return;
    }
    this.status = h('p', { class: 'notice' }, 'Loading workshops…');
    main.append(head, this.status);
    this.load(head);
  }

  unmount() { this.alive = false; }

  /** The prisons this person can act in: the token's, or for an administrator every prison with a workshop. */
  prisons() {
    if (may.everywhere()) return [...new Set([...this.workshops.map((w) => w.prison), ...tokenPrisons()])].sort();
    return tokenPrisons();
  }

  async load() {
    try {
      this.workshops = await api.workshops();
    } catch (e) {
      this.status.textContent = `Could not load workshops: ${e.message}`;
      this.status.classList.add('error');
      return;
    }
    if (!this.alive) return;
    this.status.remove();
    this.ctx.setWorkshops(this.workshops);
    const workshopForm = new WorkshopForm({
      prisons: this.prisons(),
      admin: may.everywhere(),
      workshops: () => this.workshops,
      onSaved: () => this.workshopsChanged(),
    });
    const shared = { prisons: () => this.prisons(), workshops: () => this.workshops, refreshers: this.refreshers };
    this.main.append(h('div', { class: 'manage-grid' },
      h('section', { class: 'panel span-all' }, workshopForm.el),
      h('section', { class: 'panel' }, this.contractForm()),
      h('section', { class: 'panel' }, this.prisonClosureForm()),
      h('section', { class: 'panel' }, this.deviceForm()),
      h('section', { class: 'panel' }, this.webhookForm()),
      h('h2', { class: 'span-all manage-part', id: 'money-h' }, 'Money and reports'),
      h('section', { class: 'panel span-all' }, productForm(shared)),
      h('section', { class: 'panel' }, costingForm(shared)),
      h('section', { class: 'panel' }, budgetForm(shared)),
      h('section', { class: 'panel span-all' }, subscriptionsForm(shared))));
    this.refreshers.push(() => workshopForm.refreshChoices());
  }

  /** A workshop was created or changed: the menu, the estate and every list here learn of it. */
  async workshopsChanged() {
    try {
      this.workshops = await api.workshops();
    } catch { return; }
    this.ctx.setWorkshops(this.workshops);
    this.refreshers.forEach((f) => f());
  }

  workshopOptions(prison) {
    return this.workshops.filter((w) => !prison || w.prison === prison)
      .sort((a, b) => a.workshop.localeCompare(b.workshop))
      .map((w) => ({ value: w.workshop, label: `${w.name} (${w.workshop})` }));
  }

  contractForm() {
    const i = (attrs) => h('input', { autocomplete: 'off', ...attrs });
    const today = isoDate(serverNow(), browserZone);
    const id = i({ type: 'text', name: 'id', required: true, pattern: PATTERNS.slug, maxlength: '32', spellcheck: 'false' });
    const workshop = select({ name: 'workshop', required: true }, this.workshopOptions(), 'Choose a workshop…');
    const customer = i({ type: 'text', name: 'customer', required: true, maxlength: '120' });
    const product = i({ type: 'text', name: 'product', required: true, pattern: PATTERNS.product, maxlength: '64', spellcheck: 'false' });
    const quantity = i({ type: 'number', name: 'quantity', required: true, min: '1', max: '1000000000', step: '1', inputmode: 'numeric' });
    const start = i({ type: 'date', name: 'start', required: true, value: today });
    const due = i({ type: 'date', name: 'due', required: true, min: today });
    start.addEventListener('change', () => { due.min = start.value; });
    this.refreshers.push(() => setOptions(workshop, this.workshopOptions(), 'Choose a workshop…'));
    const terms = contractTerms();
    const status = formStatus();
    // a stored contract into the form, so changing its prices does not mean typing it all again
    const loadButton = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'load-contract' } }, 'Load stored contract');
    loadButton.addEventListener('click', async () => {
      status.clear();
      if (!id.checkValidity()) { status.error(`Not loaded: Contract id: ${id.validationMessage || 'give the id of a contract'} ${SLUG_HINT}`); id.focus(); return; }
      try {
        const c = await api.contract(id.value.trim());
        workshop.value = c.workshop;
        customer.value = c.customer;
        product.value = c.product;
        quantity.value = String(c.quantity);
        start.value = c.start;
        due.min = c.start;
        due.value = c.due;
        terms.fill(c);
        status.success(`Loaded contract ${c.id}: change what you need and save it.`);
      } catch (e) {
        status.error(e.status === 404 ? `There is no contract ${id.value.trim()} yet: fill in the form to create it.` : e.detail || e.message);
      }
    });
    const form = h('form', { class: 'manage-form', dataset: { testid: 'contract-form' }, 'aria-labelledby': 'cf-h' },
      h('h2', { id: 'cf-h' }, 'Contract'),
      h('p', { class: 'muted' }, 'A new id creates a contract; an existing id replaces it, kind and prices too: load it first to change it.'),
      h('div', { class: 'grid-form' },
        labelled('Contract id', id, { hint: `${SLUG_HINT} E.g. c-2026-0142.` }),
        labelled('Workshop', workshop),
        labelled('Customer', customer),
        labelled('Product code', product, { hint: 'The code the devices send, e.g. GC-A6: letters, digits, dots, hyphens, underscores.' }),
        labelled('Quantity', quantity, { hint: 'Whole units, at least 1.' }),
        labelled('Start', start),
        labelled('Due', due, { hint: 'Not before the start; the end of that day in the workshop\u2019s time zone.' }),
        terms.el),
      h('div', { class: 'actions' }, loadButton, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-contract' } }, 'Save contract')),
      status.el);
    onSubmit(form, status, {
      check: () => {
        due.setCustomValidity(start.value && due.value && due.value < start.value ? 'The due date must not be before the start.' : '');
        terms.check();
      },
      send: async () => {
        const { status: code, body } = await api.putContract(id.value.trim(), {
          workshop: workshop.value, customer: customer.value.trim(), product: product.value.trim(),
          quantity: Number(quantity.value), start: start.value, due: due.value, ...terms.value(),
        });
        const prices = body.prices || [];
        return [`${code === 201 ? 'Created' : 'Replaced'} contract ${body.id}: ${count(body.quantity)} \u00d7 ${body.product} for ${body.customer}, due ${body.due}`
          + `${body.kind ? `, ${body.kind.toLowerCase()}` : ''}${prices.length ? `, ${prices.length} price${prices.length === 1 ? '' : 's'} from ${prices[0].from}` : ''}. `,
        h('a', { href: '#/contracts' }, 'See it in Contracts'), ' \u00b7 ',
        h('a', { href: `#/reports/contract/${encodeURIComponent(body.workshop.split('/')[0])}/${encodeURIComponent(body.id)}` }, 'Its report')];
      },
    });
    return form;
  }

  /** Today's prison-wide closures happen in the prison's workshops' zone (the browser's when they differ). */
  prisonZone(prison) {
    const zones = new Set(this.workshops.filter((w) => w.prison === prison).map((w) => w.schedule?.timezone).filter(Boolean));
    return zones.size === 1 ? [...zones][0] : browserZone;
  }

  prisonClosureForm() {
    const prisonOptions = () => this.prisons().map((p) => ({ value: p, label: p }));
    const prison = select({ name: 'prison', required: true }, prisonOptions());
    this.refreshers.push(() => setOptions(prison, prisonOptions()));
    const from = h('input', { type: 'datetime-local', name: 'from', required: true, step: '60' });
    const to = h('input', { type: 'datetime-local', name: 'to', required: true, step: '60' });
    const reason = select({ name: 'reason', required: true }, CLOSURE_REASONS.map((r) => ({ value: r, label: sentence(r) })), 'Choose a reason…');
    const zoneNote = h('p', { class: 'hint', dataset: { field: 'closureZone' } });
    const showZone = () => {
      const zone = this.prisonZone(prison.value);
      zoneNote.textContent = `Times in ${zone} (${zoneAbbr(zone)}).`;
    };
    const now = Math.floor(serverNow() / MINUTE) * MINUTE;
    const setDefaults = () => {
      const zone = this.prisonZone(prison.value);
      from.value = localInput(now, zone);
      to.value = localInput(now + 60 * MINUTE, zone);
    };
    prison.addEventListener('change', showZone);
    showZone();
    setDefaults();
    const status = formStatus();
    const form = h('form', { class: 'manage-form', dataset: { testid: 'prison-closure-form' }, 'aria-labelledby': 'pc-h' },
      h('h2', { id: 'pc-h' }, 'Close a prison\u2019s workshops'),
      h('p', { class: 'muted' }, 'A lockdown or a regime curtailment: every workshop of the prison is closed for the period, and the time leaves planned time.'),
      h('div', { class: 'grid-form' },
        labelled('Prison', prison),
        labelled('From', from),
        labelled('To', to),
        labelled('Reason', reason)),
      zoneNote,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'close-prison' } }, 'Close every workshop')),
      status.el);
    onSubmit(form, status, {
      check: () => checkSpan(from, to, this.prisonZone(prison.value), { maxMs: 400 * 86400_000, maxText: '400 days' }),
      busy: 'Closing…',
      send: async () => {
        const zone = this.prisonZone(prison.value);
        const answer = await api.closePrison(prison.value, {
          from: fromLocalInput(from.value, zone).toISOString(), to: fromLocalInput(to.value, zone).toISOString(), reason: reason.value,
        });
        const c = answer.closures[0];
        return [`Closed ${answer.closures.length} workshop${answer.closures.length === 1 ? '' : 's'} of ${answer.prison}: ${sentence(c.reason)}, `
          + `${dateTime(c.from, zone)} \u2013 ${dateTime(c.to, zone)} ${zoneAbbr(zone)}.`,
        h('ul', { class: 'closed-list' }, answer.closures.map((x) => {
          const [p, w] = x.workshop.split('/');
          return h('li', { dataset: { workshop: x.workshop } }, h('a', { href: `#/workshop/${p}/${w}` }, x.workshop));
        }))];
      },
    });
    return form;
  }

  deviceForm() {
    const workshop = select({ name: 'workshop', required: true }, this.workshopOptions(), 'Choose a workshop…');
    this.refreshers.push(() => setOptions(workshop, this.workshopOptions(), 'Choose a workshop…'));
    const id = h('input', { type: 'text', name: 'id', required: true, pattern: PATTERNS.slug, maxlength: '32', autocomplete: 'off', spellcheck: 'false' });
    const list = h('ul', { class: 'devices', dataset: { testid: 'devices' } });
    const credentials = h('div', { class: 'credentials', dataset: { testid: 'device-credentials' }, tabindex: '-1' });
    credentials.hidden = true;
    const loadDevices = async () => {
      clear(list);
      if (!workshop.value) return;
      const [p, w] = workshop.value.split('/');
      try {
        const devices = await api.devices(p, w);
        clear(list);
        if (!devices.length) list.append(h('li', { class: 'muted' }, `No devices for ${workshop.value} yet.`));
        for (const d of devices) {
          list.append(h('li', { dataset: { device: d.id } },
            h('span', { class: 'mono' }, d.username), ' ',
            h('span', { class: 'muted' }, `issued ${d.createdAt ? dateTime(d.createdAt, browserZone) : ''}${d.createdBy ? ` by ${d.createdBy}` : ''}`), ' ',
            confirmButton('Revoke', `Revoke ${d.id}`, async () => {
              await api.revokeDevice(p, w, d.id);
              status.success(`Revoked ${d.username}: it can no longer publish.`);
              await loadDevices();
              id.focus();
            }, { describe: `Revoke device ${d.id}`, action: 'revoke-device' })));
        }
      } catch (e) {
        list.append(h('li', { class: 'muted' }, `Could not list devices: ${e.message}`));
      }
    };
    workshop.addEventListener('change', () => { credentials.hidden = true; clear(credentials); loadDevices(); });
    const status = formStatus();
    const form = h('form', { class: 'manage-form', dataset: { testid: 'device-form' }, 'aria-labelledby': 'df-h' },
      h('h2', { id: 'df-h' }, 'Device credentials'),
      h('p', { class: 'muted' }, 'A device signs in to MQTT with a username and password issued here. ',
        h('strong', null, 'The password is shown once, when it is issued.')),
      h('div', { class: 'grid-form' },
        labelled('Workshop', workshop),
        labelled('Device id', id, { hint: `${SLUG_HINT} E.g. tablet-1.` })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'issue-device' } }, 'Issue credentials')),
      status.el,
      credentials,
      h('h3', null, 'Devices of this workshop'),
      list);
    onSubmit(form, status, {
      busy: 'Issuing…',
      send: async () => {
        const [p, w] = workshop.value.split('/');
        const issued = await api.addDevice(p, w, id.value.trim());
        clear(credentials);
        const password = h('code', { class: 'secret', dataset: { field: 'password' } }, issued.password);
        credentials.append(
          h('p', { class: 'warning', role: 'alert' }, 'Copy the password now: it is shown this once and cannot be shown again. ',
            'If it is lost, revoke the device and issue new credentials.'),
          h('dl', { class: 'facts' },
            h('div', null, h('dt', null, 'Username'), h('dd', null, h('code', { dataset: { field: 'username' } }, issued.username))),
            h('div', null, h('dt', null, 'Password'), h('dd', null, password))),
          navigator.clipboard ? copyButton(issued.password) : null);
        credentials.hidden = false;
        id.value = '';
        await loadDevices();
        credentials.focus();
        return `Issued credentials for ${issued.username}.`;
      },
    });
    return form;
  }

  webhookForm() {
    const prisonOptions = () => this.prisons().map((p) => ({ value: p, label: p }));
    const i = (attrs) => h('input', { autocomplete: 'off', ...attrs });
    const id = i({ type: 'text', name: 'id', required: true, pattern: PATTERNS.slug, maxlength: '32', spellcheck: 'false' });
    const prison = select({ name: 'prison', required: true }, prisonOptions());
    const workshop = select({ name: 'workshop' }, []);
    const fillWorkshops = () => setOptions(workshop, [{ value: '', label: 'Every workshop of the prison' },
      ...this.workshops.filter((w) => w.prison === prison.value).map((w) => ({ value: w.id, label: `${w.name} (${w.id})` }))]);
    fillWorkshops();
    prison.addEventListener('change', fillWorkshops);
    this.refreshers.push(() => { setOptions(prison, prisonOptions()); fillWorkshops(); });
    const url = i({ type: 'url', name: 'url', required: true, maxlength: '2000', pattern: 'https?://.+', placeholder: 'https://', spellcheck: 'false' });
    const secret = i({ type: 'password', name: 'secret', required: true, minlength: '16', maxlength: '256', autocomplete: 'new-password' });
    const list = h('ul', { class: 'webhooks', dataset: { testid: 'webhooks' } });
    const status = formStatus();
    const loadHooks = async () => {
      let hooks;
      try { hooks = await api.webhooks(); } catch (e) {
        clear(list);
        list.append(h('li', { class: 'muted' }, `Could not list webhooks: ${e.message}`));
        return;
      }
      clear(list);
      if (!hooks.length) list.append(h('li', { class: 'muted' }, 'No webhooks yet.'));
      for (const w of hooks.sort((a, b) => a.prison.localeCompare(b.prison) || a.id.localeCompare(b.id))) {
        list.append(h('li', { dataset: { webhook: w.id, prison: w.prison } },
          h('strong', { class: 'mono' }, w.id), ` ${w.prison}${w.workshop ? `/${w.workshop}` : ' (every workshop)'} \u2192 `,
          h('span', { class: 'mono url' }, w.url), ' ',
          w.updatedAt ? h('span', { class: 'muted', title: fullDateTime(w.updatedAt, browserZone) }, `saved ${dateTime(w.updatedAt, browserZone)} `) : null,
          confirmButton('Remove', `Remove ${w.id}`, async () => {
            await api.deleteWebhook(w.id, w.prison);
            status.success(`Removed webhook ${w.id}.`);
            await loadHooks();
            id.focus();
          }, { describe: `Remove webhook ${w.id}`, action: 'remove-webhook' })));
      }
    };
    loadHooks();
    const form = h('form', { class: 'manage-form', dataset: { testid: 'webhook-form' }, 'aria-labelledby': 'wh-h' },
      h('h2', { id: 'wh-h' }, 'Webhooks'),
      h('p', { class: 'muted' }, 'Alerts of a prison, or of one workshop, are posted to the URL, signed with the secret. An existing id is replaced.'),
      h('div', { class: 'grid-form' },
        labelled('Webhook id', id, { hint: `${SLUG_HINT} E.g. mdi-duty-phone.` }),
        labelled('Prison', prison),
        labelled('Workshop', workshop),
        labelled('URL', url, { hint: 'An absolute http:// or https:// address the service may reach.' }),
        labelled('Secret', secret, { hint: '16 to 256 characters; it signs each delivery (HMAC-SHA256) and is never shown again. Give it again to change a webhook.' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'save-webhook' } }, 'Save webhook')),
      status.el,
      h('h3', null, 'Webhooks you can see'),
      list);
    onSubmit(form, status, {
      send: async () => {
        const { status: code, body } = await api.putWebhook(id.value.trim(), {
          prison: prison.value, workshop: workshop.value || null, url: url.value.trim(), secret: secret.value,
        });
        secret.value = '';
        await loadHooks();
        return `${code === 201 ? 'Created' : 'Replaced'} webhook ${body.id}: ${body.prison}${body.workshop ? `/${body.workshop}` : ''} alerts go to ${body.url}.`;
      },
    });
    return form;
  }
}

function copyButton(text) {
  const button = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'copy-password' } }, 'Copy password');
  const said = h('span', { class: 'muted', role: 'status' });
  button.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(text); said.textContent = ' Copied.'; } catch { said.textContent = ' Could not copy: select it and copy it by hand.'; }
  });
  return h('p', null, button, said);
}
