// Forms: labelled fields, checks that mirror the API's (HTML constraint validation), the service's refusal shown
// beside the form in its own words, and a clear confirmation when it took.
import { h, clear } from './dom.js';

let seq = 0;
/** An id unique in the page, for label/for and aria-describedby. */
export const uid = (prefix) => `${prefix}-${++seq}`;

/** The API's patterns, as HTML pattern attributes (matched against the whole value; `-` escaped for the v flag). */
export const PATTERNS = {
  slug: '[a-z0-9][a-z0-9\\-]{0,31}',
  prison: '[A-Z]{3}',
  product: '[A-Za-z0-9._\\-]{1,64}',
  /** An amount of money (or minutes) as the API takes it: digits, up to 4 after the point, never negative. */
  amount: '\\d+(\\.\\d{1,4})?',
};
export const SLUG_HINT = 'Lower-case letters, digits and hyphens, up to 32, starting with a letter or digit.';
export const AMOUNT_HINT = 'Digits, with up to 4 after the point, e.g. 3.10.';

/** A text field for an amount: the decimal keypad on a tablet, the API's format checked before it is sent. */
export function amountInput(name, attrs = {}) {
  return h('input', {
    type: 'text', name, required: true, inputmode: 'decimal', pattern: PATTERNS.amount, maxlength: '18',
    autocomplete: 'off', spellcheck: 'false', ...attrs,
  });
}

/**
 * A labelled field: the label names the control, an optional hint describes it. `optional` says so in the label;
 * required fields are marked by the browser's own validation and the hint.
 */
export function labelled(labelText, control, { hint, optional, cls } = {}) {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('p', { class: 'hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: `formrow${cls ? ` ${cls}` : ''}` },
    h('label', { for: control.id }, labelText, optional ? h('span', { class: 'req' }, ' (optional)') : null),
    control, hintEl);
}

/** A <select> of [{value, label}] or [{group, options: [...]}] with an optional first "choose" line. */
export function select(attrs, options, placeholder) {
  const el = h('select', attrs);
  setOptions(el, options, placeholder);
  return el;
}

export function setOptions(el, options, placeholder) {
  const keep = el.value;
  clear(el);
  if (placeholder !== undefined) el.append(h('option', { value: '' }, placeholder));
  for (const o of options) {
    if (o.group) el.append(h('optgroup', { label: o.group }, o.options.map((x) => h('option', { value: x.value }, x.label))));
    else el.append(h('option', { value: o.value }, o.label));
  }
  if ([...el.options].some((o) => o.value === keep)) el.value = keep;
}

/**
 * Where a form says how it went: a confirmation (role=status) and the service's refusal (role=alert), both
 * beside the form, both in words.
 */
export function formStatus() {
  const ok = h('p', { class: 'form-ok', role: 'status', dataset: { testid: 'form-ok' } });
  const err = h('p', { class: 'form-error', role: 'alert', dataset: { testid: 'form-error' } });
  err.hidden = true;
  return {
    el: h('div', { class: 'form-status' }, ok, err),
    ok,
    err,
    success(...content) {
      err.hidden = true;
      clear(err);
      clear(ok);
      ok.append(...content);
    },
    error(text) {
      clear(ok);
      err.textContent = text;
      err.hidden = !text;
    },
    clear() {
      clear(ok);
      err.textContent = '';
      err.hidden = true;
    },
  };
}

/** The visible label text of a control, for a message naming it. */
function labelOf(control) {
  const label = control.labels?.[0];
  if (label) return label.textContent.replace(/\s*\(optional\)\s*$/, '').trim();
  return control.getAttribute('aria-label') || control.name || 'A field';
}

/**
 * Wires a form's submit: `check()` sets custom validity on fields (rules the attributes cannot say), then the
 * browser's constraint validation runs; an invalid form is not sent, its first bad field gets focus and the
 * status says which field and why. `send()` returns the confirmation's content; an ApiError's detail (the
 * service's own words) is shown beside the form.
 */
export function onSubmit(form, status, { check, send, busy = 'Saving…' }) {
  form.noValidate = true; // checked here, so the message is shown in words beside the form as well
  form.addEventListener('input', (e) => {
    if (e.target.getAttribute?.('aria-invalid') === 'true') {
      if (check) check();
      if (e.target.checkValidity()) e.target.removeAttribute('aria-invalid');
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.clear();
    if (check) check();
    const controls = [...form.elements].filter((c) => c.willValidate);
    const invalid = controls.filter((c) => !c.checkValidity());
    controls.forEach((c) => (invalid.includes(c) ? c.setAttribute('aria-invalid', 'true') : c.removeAttribute('aria-invalid')));
    if (invalid.length) {
      const first = invalid[0];
      // "match the requested format" says little: the field's hint says what the format is
      const hint = first.validity.patternMismatch ? document.getElementById(first.getAttribute('aria-describedby'))?.textContent : '';
      status.error(`Not sent: ${labelOf(first)}: ${first.validationMessage}${hint ? ` ${hint}` : ''}${invalid.length > 1 ? ` (and ${invalid.length - 1} more to fix)` : ''}`);
      first.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    const label = button?.textContent;
    if (button) { button.disabled = true; button.textContent = busy; }
    form.setAttribute('aria-busy', 'true');
    try {
      const confirmation = await send();
      if (confirmation !== undefined) status.success(...[].concat(confirmation));
    } catch (e) {
      status.error(e.detail || e.message || 'The service refused it.');
    } finally {
      form.removeAttribute('aria-busy');
      if (button) { button.disabled = false; button.textContent = label; }
    }
  });
}

/**
 * A button that asks once more before it acts: the first press turns it into "Confirm …" and "Keep", so a
 * slip of the finger on a tablet does not remove anything.
 */
export function confirmButton(label, confirmLabel, act, { describe, action } = {}) {
  const wrap = h('span', { class: 'confirm' });
  const first = h('button', { type: 'button', class: 'btn btn-small', dataset: { action }, 'aria-label': describe || null }, label);
  const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger', dataset: { action: action ? `confirm-${action}` : null } }, confirmLabel);
  const no = h('button', { type: 'button', class: 'btn btn-small' }, 'Keep');
  const problem = h('span', { class: 'inline-error', role: 'alert' });
  yes.hidden = true;
  no.hidden = true;
  const reset = () => { first.hidden = false; yes.hidden = true; no.hidden = true; };
  first.addEventListener('click', () => { first.hidden = true; yes.hidden = false; no.hidden = false; problem.textContent = ''; yes.focus(); });
  no.addEventListener('click', () => { reset(); first.focus(); });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await act();
    } catch (e) {
      problem.textContent = e.detail || e.message;
      reset();
      first.focus();
    } finally {
      yes.disabled = false;
    }
  });
  wrap.append(first, yes, no, problem);
  return wrap;
}
