// The acknowledge dialog: "Your name" (required, remembered) and an optional comment.
import { api } from './api.js';

const NAME_KEY = 'workshopMonitor.ackName';

function remembered() {
  try { return localStorage.getItem(NAME_KEY) || ''; } catch { return ''; }
}
function remember(name) {
  try { localStorage.setItem(NAME_KEY, name); } catch { /* private mode */ }
}

let current = null; // {alert, onDone, opener}

function elements() {
  const dialog = document.getElementById('ack-dialog');
  return {
    dialog,
    form: dialog.querySelector('form'),
    by: dialog.querySelector('input[name="by"]'),
    comment: dialog.querySelector('textarea[name="comment"]'),
    error: dialog.querySelector('#ack-error'),
    text: dialog.querySelector('#ack-alert-text'),
    confirm: dialog.querySelector('[data-action="confirm-acknowledge"]'),
    cancel: dialog.querySelector('[data-action="cancel-acknowledge"]'),
  };
}

function showError(e, message) {
  e.error.textContent = message;
  e.error.hidden = !message;
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  const e = elements();
  e.cancel.addEventListener('click', () => e.dialog.close('cancel'));
  e.dialog.addEventListener('close', () => {
    const opener = current?.opener;
    current = null;
    // back to where the person was: the button, or what replaced it after a live update
    const target = typeof opener === 'function' ? opener() : opener;
    if (target && target.isConnected) target.focus();
  });
  e.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current) return;
    const by = e.by.value.trim();
    const comment = e.comment.value.trim();
    if (!by) {
      e.by.setAttribute('aria-invalid', 'true');
      showError(e, 'Enter your name: it is recorded with the acknowledgement.');
      e.by.focus();
      return;
    }
    e.by.removeAttribute('aria-invalid');
    showError(e, '');
    e.confirm.disabled = true;
    e.confirm.textContent = 'Acknowledging…';
    const { alert, onDone } = current;
    try {
      const updated = await api.acknowledge(alert.id, by, comment);
      remember(by);
      if (onDone) onDone(updated);
      e.dialog.close('done');
    } catch (err) {
      showError(e, err.detail || err.message || 'The acknowledgement failed.');
    } finally {
      e.confirm.disabled = false;
      e.confirm.textContent = 'Acknowledge';
    }
  });
}

/**
 * Opens the dialog for an alert; onDone(updatedAlert) runs after the service accepted it. opener: the element
 * (or a function finding it) that gets focus back when the dialog closes.
 */
export function openAckDialog(alert, onDone, opener) {
  wire();
  const e = elements();
  current = { alert, onDone, opener };
  e.text.textContent = `${alert.severity} · ${alert.kind.replaceAll('_', ' ')}: ${alert.text}`;
  e.by.value = remembered();
  e.by.removeAttribute('aria-invalid');
  e.comment.value = '';
  showError(e, '');
  e.confirm.disabled = false;
  e.confirm.textContent = 'Acknowledge';
  if (!e.dialog.open) e.dialog.showModal();
  (e.by.value ? e.comment : e.by).focus();
}
