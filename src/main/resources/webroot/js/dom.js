// A tiny DOM builder: h('div', {class: 'x', dataset: {field: 'oee'}}, 'text', child...). Text is always set as text.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** Sets an element's text only when it changed (no needless repaint, no screen-reader chatter). */
export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** A [data-field] element: formatted text plus the raw JSON value in data-value ("" when null). */
export function setField(el, raw, text) {
  if (!el) return;
  const value = raw === null || raw === undefined ? '' : String(raw);
  if (el.dataset.value !== value) el.dataset.value = value;
  setText(el, text);
}

export function field(root, name) {
  return root.querySelector(`[data-field="${name}"]`);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}
