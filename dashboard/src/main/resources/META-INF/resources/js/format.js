// Numbers and text for the page. Everything that came from Kafka is untrusted: it only ever reaches the DOM
// through textContent (see el()), never through innerHTML.

/** The server writes non-finite doubles as "NaN", "Infinity", "-Infinity" (JSON has no literal for them). */
export function num(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const n = Number(value);
  return Number.isNaN(n) && value !== 'NaN' ? null : n;
}

/** A loss or a norm as a person reads it; non-finite values are shown as what they are. */
export function fmt(value, digits = 4) {
  const v = num(value);
  if (v === null) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e4 || abs < 1e-3 ? v.toExponential(2) : v.toFixed(digits);
}

export function pct(value) {
  const v = num(value);
  if (v === null) return '—';
  if (!Number.isFinite(v)) return fmt(v);
  return (v * 100).toFixed(1) + '%';
}

/** For charts: uPlot draws gaps for null; a log axis cannot show 0 or negatives either. */
export function plottable(value, log = false) {
  const v = num(value);
  if (v === null || !Number.isFinite(v)) return null;
  if (log && v <= 0) return null;
  return v;
}

export function isNonFinite(value) {
  const v = num(value);
  return v !== null && !Number.isFinite(v);
}

/**
 * Creates an element. Strings and numbers among the children become text nodes, so data is never parsed
 * as HTML. attrs: className, dataset entries (data-*), hidden, title and other plain attributes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function epochRange(layers) {
  if (!layers || layers.length === 0) return '';
  const first = layers[0];
  const last = layers[layers.length - 1];
  return first === last ? `layer ${first}` : `layers ${first}–${last}`;
}

/** Colours per initialization, so a comparison reads the same every time: bad inits warm/grey, good ones green. */
const INIT_COLOURS = {
  'zeros': '#9aa4ae',
  'ones': '#c7b9a6',
  'constant': '#b0a090',
  'small-normal': '#e3b341',
  'standard-normal': '#f85149',
  'uniform': '#b392f0',
  'xavier-normal': '#f0883e',
  'xavier-uniform': '#ff9bce',
  'xavier-caffe': '#d2a8ff',
  'he-normal': '#3fb950',
  'he-uniform': '#56d4dd',
  'lecun-normal': '#58a6ff',
  'lecun-uniform': '#79c0ff',
  'custom-normal': '#e6edf3',
};
const FALLBACK = ['#58a6ff', '#3fb950', '#f0883e', '#d2a8ff', '#f85149', '#e3b341', '#56d4dd', '#ff9bce'];

export function initColour(init, index) {
  const base = init ? String(init).replace(/\(.*$/, '') : '';
  return INIT_COLOURS[base] ?? FALLBACK[index % FALLBACK.length];
}

/** Input layer blue … output layer orange. */
export function layerColour(index, count) {
  const stops = [[59, 76, 192], [106, 168, 232], [127, 209, 160], [240, 211, 90], [240, 140, 60]];
  return rampColour(stops, count <= 1 ? 0 : index / (count - 1));
}

/** "plasma"-like: small gradient norms dark purple, large ones yellow. */
export const NORM_STOPS = [[13, 8, 135], [106, 0, 168], [177, 42, 144], [225, 100, 98], [252, 166, 54], [240, 249, 33]];

export function rampColour(stops, t) {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export const SEVERITY_COLOURS = { INFO: '#58a6ff', WARNING: '#e3b341', CRITICAL: '#f85149' };
