// The comparison: the curves of all runs of one experiment, one per weight initialization, in fixed colours.
import { fmt, plottable, isNonFinite, initColour } from './format.js';
import { upsertChart } from './charts.js';
import { WEIGHT_INITS } from './form.js';
import { state, experimentLabel } from './store.js';

const $ = (id) => document.getElementById(id);
const INIT_ORDER = new Map(WEIGHT_INITS.map((w, i) => [w, i]));

export const charts = {};

export function destroyComparisonChart() {
  if (charts.comparison) charts.comparison.destroy();
  charts.comparison = null;
}

export function renderComparison() {
  const panel = $('comparison-panel');
  panel.hidden = !state.experiment;
  if (!state.experiment) return;
  const title = experimentLabel(state.experiment);
  $('comparison-title').textContent = title;
  $('comparison-title').title = state.experiment;
  const metric = $('comparison-metric').value;
  const log = $('comparison-log').checked && metric !== 'validationAccuracy';
  const runs = [...state.comparison.keys()].map((id) => state.runs.get(id)).filter(Boolean)
    .sort((a, b) => (INIT_ORDER.get(a.weightInit) ?? 99) - (INIT_ORDER.get(b.weightInit) ?? 99) || a.name.localeCompare(b.name));
  const counts = new Map();
  runs.forEach((r) => counts.set(r.weightInit, (counts.get(r.weightInit) || 0) + 1));
  const labels = runs.map((r) => (counts.get(r.weightInit) > 1 || !r.weightInit ? `${r.weightInit ?? '?'} · ${r.name}` : r.weightInit));
  const epochs = new Set();
  runs.forEach((r) => state.comparison.get(r.runId).forEach((m, e) => epochs.add(e)));
  const xs = [...epochs].sort((a, b) => a - b);
  const data = [xs, ...runs.map((r) => {
    const byEpoch = state.comparison.get(r.runId);
    return xs.map((e) => (byEpoch.has(e) ? plottable(byEpoch.get(e)[metric], log) : null));
  })];
  const key = `${state.experiment}:${metric}:${log}:${runs.map((r) => r.runId).join(',')}`;
  const planned = Math.max(1, ...runs.map((r) => r.totalEpochs || 0), ...xs);
  // A run whose loss went NaN has no curve after that epoch: mark where it broke, in its colour.
  const broken = () => runs.map((r, i) => {
    const first = [...state.comparison.get(r.runId).values()].sort((a, b) => a.epoch - b.epoch)
      .find((m) => isNonFinite(m[metric]));
    return first ? { x: first.epoch, colour: initColour(r.weightInit, i), label: `${labels[i]}: ${fmt(first[metric])}` } : null;
  }).filter(Boolean);
  upsertChart(charts, 'comparison', $('comparison-chart'), key, {
    xLabel: 'epoch', yLabel: $('comparison-metric').selectedOptions[0].textContent, log,
    xRange: () => [0, planned], markers: broken,
    series: runs.map((r, i) => ({ label: labels[i], colour: initColour(r.weightInit, i), width: 2.5 })),
    data,
  });
}
