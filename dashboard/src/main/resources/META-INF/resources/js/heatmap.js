// Layer × epoch heatmap of gradient norms on a canvas: one row per layer (input at the top), one column per
// snapshot. Colour is log10 of the norm on a fixed scale, so runs can be compared by eye: a vanishing layer
// is dark whatever run it is in. Exactly 0 is black, NaN/Infinity magenta.
import { num, fmt, NORM_STOPS, rampColour } from './format.js';

export const LOG_LOW = -7;
export const LOG_HIGH = 1;
const MARGIN = { left: 78, right: 8, top: 6, bottom: 22 };

function cellColour(value) {
  const v = num(value);
  if (v === null) return '#1d2530';
  if (!Number.isFinite(v)) return '#ff00ff';
  if (v <= 0) return '#000000';
  return rampColour(NORM_STOPS, (Math.log10(v) - LOG_LOW) / (LOG_HIGH - LOG_LOW));
}

/**
 * columns: [{x, label, norms: [value per layer]}], layers: [{index, name}].
 * Returns a lookup from a mouse position to the cell under it.
 */
export function drawHeatmap(canvas, columns, layers) {
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = Math.max(320, canvas.clientWidth || canvas.parentElement.clientWidth || 320);
  const cssHeight = 260;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssHeight * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#161c24';
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  const plotW = cssWidth - MARGIN.left - MARGIN.right;
  const plotH = cssHeight - MARGIN.top - MARGIN.bottom;
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#8b98a8';
  if (!columns.length || !layers.length) {
    ctx.fillText('no per-layer statistics yet', MARGIN.left, MARGIN.top + plotH / 2);
    return () => null;
  }
  const cellW = plotW / columns.length;
  const cellH = plotH / layers.length;
  columns.forEach((column, c) => {
    layers.forEach((layer, r) => {
      ctx.fillStyle = cellColour(column.norms[r]);
      ctx.fillRect(MARGIN.left + c * cellW, MARGIN.top + r * cellH, Math.ceil(cellW), Math.ceil(cellH));
    });
  });
  ctx.fillStyle = '#8b98a8';
  ctx.textBaseline = 'middle';
  const rowStep = Math.max(1, Math.ceil(14 / cellH));
  layers.forEach((layer, r) => {
    if (r % rowStep === 0 || r === layers.length - 1) {
      const text = r === 0 ? `L${layer.index} input` : r === layers.length - 1 ? `L${layer.index} output` : `L${layer.index}`;
      ctx.fillText(text, 4, MARGIN.top + (r + 0.5) * cellH);
    }
  });
  ctx.textBaseline = 'alphabetic';
  const colStep = Math.max(1, Math.ceil(36 / cellW));
  columns.forEach((column, c) => {
    if (c % colStep === 0 || c === columns.length - 1) {
      ctx.fillText(column.label, MARGIN.left + c * cellW + 2, cssHeight - 6);
    }
  });
  return (offsetX, offsetY) => {
    const c = Math.floor((offsetX - MARGIN.left) / cellW);
    const r = Math.floor((offsetY - MARGIN.top) / cellH);
    if (c < 0 || r < 0 || c >= columns.length || r >= layers.length) return null;
    const layer = layers[r];
    return `layer ${layer.index}${layer.name ? ' (' + layer.name + ')' : ''} · ${columns[c].title ?? columns[c].label} · ‖∇W‖ = ${fmt(columns[c].norms[r])}`;
  };
}
