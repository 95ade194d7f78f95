// DOM helpers: every piece of data goes in as text (textContent / attributes), never as HTML.
/* global Node, clearTimeout, document, setTimeout */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `h('li', { class: 'x', onclick }, 'text', child)`: an element with attributes, handlers and children. */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for SVG elements. */
export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  for (const child of children.flat()) if (child) element.append(child instanceof Node ? child : String(child));
  return element;
}

const numberFormat = new Intl.NumberFormat(undefined);
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatNumber = (value) => (value === null || value === undefined ? '–' : numberFormat.format(value));

export const formatRate = (value) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

export function formatTime(value) {
  if (!value) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
}

export function formatSeconds(value) {
  if (value === null || value === undefined) return '–';
  if (value < 90) return `${Math.round(value)} s`;
  if (value < 5400) return `${Math.round(value / 60)} min`;
  if (value < 172800) return `${Math.round(value / 360) / 10} h`;
  return `${Math.round(value / 8640) / 10} d`;
}

/** A `<dl>` of label → value pairs. */
export function facts(pairs, attributes = {}) {
  return h('dl', attributes, ...pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** Marks a panel loading / ready / empty / error (the page's tests read `data-state`). */
export function panelState(panel, state, message) {
  const section = typeof panel === 'string' ? byId(panel) : panel;
  section.dataset.state = state;
  section.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
  section.querySelector(':scope > .panel-error')?.remove();
  if (message)
    section.append(
      h(
        'p',
        {
          class: state === 'error' ? 'panel-error' : 'muted panel-error',
          role: state === 'error' ? 'alert' : undefined,
        },
        message,
      ),
    );
}

let toastTimer;
export function toast(message) {
  const element = byId('toast');
  element.textContent = message;
  element.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => element.classList.remove('visible'), 3500);
}
