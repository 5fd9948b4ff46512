// The API reference page: reads the service's own OpenAPI document (open to anyone, no token needed) and lays
// out its calls, parameters, bodies, answers and schemas. Plain DOM, nothing loaded from anywhere else; every
// text from the document is set as text, never as HTML.
import { h, clear } from './dom.js';

const DOCUMENT = '/api/v1/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const WHO = {
  INSTRUCTOR: 'anyone signed in: instructors, managers and administrators',
  MANAGER: 'managers and administrators',
  ADMIN: 'administrators only',
};

async function load() {
  const root = document.getElementById('api-doc');
  const summary = document.getElementById('api-summary');
  let doc;
  try {
    const response = await fetch(DOCUMENT, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`the service answered HTTP ${response.status}`);
    doc = await response.json();
  } catch (e) {
    summary.textContent = '';
    root.append(h('p', { class: 'notice error', role: 'alert' },
      `The API's description could not be loaded (${e.message}). Reload the page to try again.`));
    return;
  }
  clear(root);
  render(doc, root, summary);
  // the page is built after it loads: go to the part the address names, as a browser would have
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function render(doc, root, summary) {
  const info = doc.info || {};
  document.getElementById('api-title').textContent = `${info.title || 'API'} reference`;
  document.title = `Workshop Monitor — ${info.title || 'API'} reference`;
  summary.textContent = [info.summary, `Version ${info.version}, OpenAPI ${doc.openapi}.`].filter(Boolean).join(' ');

  const base = doc.servers?.[0]?.url || '';
  const groups = groupByTag(doc);
  root.append(
    h('section', { id: 'overview', 'aria-labelledby': 'overview-title' },
      h('h2', { id: 'overview-title' }, 'Overview'),
      prose(info.description),
      servers(doc.servers),
      security(doc)),
    h('nav', { 'aria-labelledby': 'contents-title' },
      h('h2', { id: 'contents-title' }, 'Contents'),
      h('ul', { class: 'api-toc' },
        groups.map((g) => h('li', null,
          h('a', { href: `#tag-${slug(g.name)}` }, g.name),
          g.operations.length ? h('ul', null, g.operations.map((op) => h('li', null,
            h('a', { href: `#${operationAnchor(op)}` }, h('span', { class: 'mono' }, op.method.toUpperCase()), ' ',
              op.path, op.summary ? h('span', { class: 'muted' }, ` — ${op.summary}`) : null)))) : null)),
        h('li', null, h('a', { href: '#schemas' }, 'Schemas')))),
    ...groups.map((g) => h('section', { id: `tag-${slug(g.name)}`, 'aria-labelledby': `tag-${slug(g.name)}-title` },
      h('h2', { id: `tag-${slug(g.name)}-title` }, g.name),
      prose(g.description),
      g.operations.map((op) => operation(doc, base, op)))),
    schemas(doc));
}

/** Operations under their first tag, in the order the document lists its tags. */
function groupByTag(doc) {
  const groups = (doc.tags || []).map((t) => ({ name: t.name, description: t.description, operations: [] }));
  const byName = new Map(groups.map((g) => [g.name, g]));
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] || 'Other';
      if (!byName.has(tag)) {
        const group = { name: tag, description: '', operations: [] };
        groups.push(group);
        byName.set(tag, group);
      }
      byName.get(tag).operations.push({ ...op, method, path, item });
    }
  }
  return groups;
}

function operation(doc, base, op) {
  const parameters = [...(op.item.parameters || []), ...(op.parameters || [])].map((p) => resolve(doc, p));
  const security = op.security ?? doc.security ?? [];
  const role = WHO[op['x-minimum-role']] || 'anyone signed in';
  let who = `Who may call it: ${role}.`;
  if (security.length === 0) {
    who = op['x-minimum-role'] ? `Who may use it: ${role} (the token goes in the first frame, not in a header).` : 'No sign-in needed.';
  }
  return h('section', { class: 'api-op', id: operationAnchor(op), 'aria-labelledby': `${operationAnchor(op)}-title` },
    h('h3', { class: 'api-op-head', id: `${operationAnchor(op)}-title` },
      h('span', { class: `api-method api-method-${op.method}` }, op.method.toUpperCase()),
      h('code', { class: 'api-path' }, base + op.path)),
    op.summary ? h('p', { class: 'api-op-summary' }, op.summary) : null,
    h('p', { class: 'api-who' }, who),
    prose(op.description),
    parameters.length ? [h('h4', null, 'Parameters'), parameterTable(doc, parameters)] : null,
    op.requestBody ? requestBody(doc, resolve(doc, op.requestBody)) : null,
    h('h4', null, 'Answers'),
    responseTable(doc, op.responses || {}));
}

function parameterTable(doc, parameters) {
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, ['Name', 'In', 'Type', 'Description'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, parameters.map((p) => h('tr', null,
      h('td', null, h('code', null, p.name), p.required ? h('span', { class: 'api-required' }, ' required') : null),
      h('td', null, p.in),
      h('td', null, typeLabel(doc, p.schema)),
      h('td', null, prose(p.description), constraints(doc, p.schema),
        p.example !== undefined ? h('span', { class: 'api-constraints' }, 'Example: ', h('code', null, String(p.example))) : null))))));
}

function requestBody(doc, body) {
  const [type, media] = Object.entries(body.content || {})[0] || [];
  return [
    h('h4', null, 'Request body'),
    h('p', null, body.required ? 'Required' : 'Optional', type ? [', ', h('code', null, type)] : null,
      media?.schema ? [': ', typeLabel(doc, media.schema)] : null, '.'),
    prose(body.description),
    media?.example !== undefined ? example(media.example) : null,
  ];
}

function responseTable(doc, responses) {
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, ['Status', 'Meaning', 'Body'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, Object.entries(responses).map(([status, r]) => {
      const response = resolve(doc, r);
      const bodies = Object.entries(response.content || {});
      return h('tr', null,
        h('td', { class: 'num' }, status),
        h('td', null, prose(response.description),
          Object.keys(response.headers || {}).length
            ? h('span', { class: 'api-constraints' }, 'Headers: ', Object.keys(response.headers).map((name, i) => [i ? ', ' : '', h('code', null, name)]))
            : null),
        h('td', null, bodies.length ? bodies.map(([type, media], i) => [i ? h('br') : null,
          h('code', null, type), media.schema ? [' ', typeLabel(doc, media.schema)] : null]) : h('span', { class: 'muted' }, 'none')));
    }))));
}

function schemas(doc) {
  const all = Object.entries(doc.components?.schemas || {});
  return h('section', { id: 'schemas', 'aria-labelledby': 'schemas-title' },
    h('h2', { id: 'schemas-title' }, 'Schemas'),
    h('p', { class: 'muted' }, 'The JSON the API takes and gives. A field marked required is always there (it may still be null where its type says so).'),
    all.map(([name, schema]) => h('section', { class: 'api-schema', id: `schema-${name}`, 'aria-labelledby': `schema-${name}-title` },
      h('h3', { id: `schema-${name}-title` }, h('code', null, name)),
      prose(schema.description),
      schemaBody(doc, schema),
      schema.example !== undefined ? [h('h4', null, 'Example'), example(schema.example)] : null)));
}

function schemaBody(doc, schema) {
  if (schema.allOf) {
    return h('p', null, 'All of: ', schema.allOf.map((part, i) => [i ? ', ' : '', part.$ref ? typeLabel(doc, part) : 'an object with ',
      part.$ref ? null : Object.keys(part.properties || {}).map((p, j) => [j ? ', ' : '', h('code', null, p)])]), '.',
    schema.allOf.filter((part) => !part.$ref && part.properties).map((part) => propertyTable(doc, part)));
  }
  if (schema.properties) return propertyTable(doc, schema);
  return h('p', null, 'Type: ', typeLabel(doc, schema), constraints(doc, schema));
}

function propertyTable(doc, schema) {
  const required = new Set(schema.required || []);
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, ['Field', 'Type', 'Description'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, Object.entries(schema.properties).map(([name, property]) => h('tr', null,
      h('td', null, h('code', null, name), required.has(name) ? h('span', { class: 'api-required' }, ' required') : null),
      h('td', null, typeLabel(doc, property)),
      h('td', null, prose(property.description), constraints(doc, property)))))));
}

/** A schema's type in words, with a link to each named schema it uses. */
function typeLabel(doc, schema) {
  if (!schema) return h('span', { class: 'muted' }, 'any');
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    return h('a', { href: `#schema-${name}` }, name);
  }
  for (const [key, word] of [['anyOf', ' or '], ['oneOf', ' or '], ['allOf', ' and ']]) {
    if (schema[key]) return h('span', null, schema[key].map((s, i) => [i ? word : '', typeLabel(doc, s)]));
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type || (schema.const !== undefined ? 'constant' : 'any')];
  return h('span', null, types.map((t, i) => [i ? ' or ' : '',
    t === 'array' ? ['array of ', typeLabel(doc, schema.items)] : t,
    t === 'string' && schema.format ? ` (${schema.format})` : '',
    (t === 'integer' || t === 'number') && schema.format ? ` (${schema.format})` : '']));
}

/** Allowed values, limits, defaults and patterns, in a line of small print. */
function constraints(doc, schema) {
  if (!schema || schema.$ref) return null;
  const parts = [];
  if (schema.enum) parts.push(['one of ', schema.enum.map((v, i) => [i ? ', ' : '', h('code', null, String(v))])]);
  if (schema.const !== undefined) parts.push(['always ', h('code', null, String(schema.const))]);
  const min = schema.minimum ?? schema.exclusiveMinimum;
  if (min !== undefined || schema.maximum !== undefined) {
    parts.push(`from ${min ?? '…'}${schema.exclusiveMinimum !== undefined ? ' (not included)' : ''} to ${schema.maximum ?? '…'}`);
  }
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    parts.push(`${schema.minLength ?? 0} to ${schema.maxLength ?? '…'} characters`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    parts.push(`${schema.minItems ?? 0} to ${schema.maxItems ?? '…'} items`);
  }
  if (schema.pattern) parts.push(['pattern ', h('code', null, schema.pattern)]);
  if (schema.default !== undefined) parts.push(['default ', h('code', null, JSON.stringify(schema.default))]);
  if (schema.examples?.length) parts.push(['e.g. ', h('code', null, String(schema.examples[0]))]);
  if (!parts.length) return null;
  return h('span', { class: 'api-constraints' }, parts.map((p, i) => [i ? '; ' : '', p]));
}

function example(value) {
  return h('pre', null, h('code', null, JSON.stringify(value, null, 2)));
}

function servers(list) {
  if (!list?.length) return null;
  return [h('h3', null, 'Where'), h('ul', null, list.map((s) => h('li', null, h('code', null, s.url), ' — ', inline(s.description || ''))))];
}

function security(doc) {
  const schemes = Object.entries(doc.components?.securitySchemes || {});
  if (!schemes.length) return null;
  return [h('h3', null, 'Signing in'), schemes.map(([name, s]) => h('div', null,
    h('p', null, h('code', null, name), `: ${s.type}${s.scheme ? ` ${s.scheme}` : ''}${s.bearerFormat ? ` (${s.bearerFormat})` : ''}.`),
    prose(s.description)))];
}

function resolve(doc, node) {
  let current = node;
  while (current && current.$ref && current.$ref.startsWith('#/')) {
    current = current.$ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, part) => (at ? at[part] : undefined), doc);
  }
  return current || {};
}

function operationAnchor(op) {
  return `op-${op.operationId || slug(`${op.method}-${op.path}`)}`;
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The document's Markdown, as far as it uses it: paragraphs, bullet lists, `code` and **bold**. */
function prose(text) {
  if (!text) return null;
  return text.trim().split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*[-*] /.test(l))) {
      return h('ul', null, lines.map((l) => h('li', null, inline(l.replace(/^\s*[-*] /, '')))));
    }
    return h('p', null, inline(block.replace(/\n/g, ' ')));
  });
}

function inline(text) {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).filter(Boolean).map((part) => {
    if (part.startsWith('`') && part.endsWith('`')) return h('code', null, part.slice(1, -1));
    if (part.startsWith('**') && part.endsWith('**')) return h('strong', null, part.slice(2, -2));
    return part;
  });
}

load();
