// The acknowledge dialog: an optional comment; who acknowledges is the signed-in person (from the token).
import { api } from './api.js';
import { user } from './session.js';

let current = null; // {alert, onDone, opener}

function elements() {
  const dialog = document.getElementById('ack-dialog');
  return {
    dialog,
    form: dialog.querySelector('form'),
    by: dialog.querySelector('#ack-by'),
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
    const comment = e.comment.value.trim();
    showError(e, '');
    e.confirm.disabled = true;
    e.confirm.textContent = 'Acknowledging…';
    const { alert, onDone } = current;
    try {
      const updated = await api.acknowledge(alert.id, comment);
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
  e.by.textContent = user() || 'you';
  e.comment.value = '';
  showError(e, '');
  e.confirm.disabled = false;
  e.confirm.textContent = 'Acknowledge';
  if (!e.dialog.open) e.dialog.showModal();
  e.comment.focus();
}
