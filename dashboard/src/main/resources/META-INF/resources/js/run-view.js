// One run: header, loss and accuracy with the monitor's alerts marked per epoch, gradient norm per layer (with
// exact zeros on a floor line), the layer × epoch heatmap, pre-flight activation std and the epochs table.
// The page shows numbers and the monitor's alerts; the diagnosing is the monitor's (docs/alerts.md).
import { num, fmt, pct, plottable, isNonFinite, el, layerColour, SEVERITY_COLOURS } from './format.js';
import { upsertChart } from './charts.js';
import { drawHeatmap, LOG_LOW, LOG_HIGH } from './heatmap.js';
import { state, experimentLabel } from './store.js';
import { progressText } from './sidebar.js';

const $ = (id) => document.getElementById(id);
const SEVERITY_ORDER = { INFO: 0, WARNING: 1, CRITICAL: 2 };

export const charts = {};
let heatmapLookup = () => null;
let flashEpoch = null;
// The value that stands for exactly 0 on the gradient chart's log axis, and the layers drawn on it.
let gradientFloor = null;

/** The cell under the mouse on the heatmap, as text. */
export function heatmapCell(x, y) {
  return heatmapLookup(x, y);
}

/** Scrolls the epochs table to this epoch and flashes its row once the run is shown. */
export function flashEpochOnce(epoch) {
  flashEpoch = epoch;
}

export function destroyRunCharts() {
  for (const name of ['loss', 'accuracy', 'gradients', 'preflight']) {
    if (charts[name]) charts[name].destroy();
    charts[name] = null;
  }
}

function sortedMetrics(detail) {
  return [...detail.metrics.values()].sort((a, b) => a.epoch - b.epoch);
}

function xRangeForRun(detail) {
  const last = detail.metrics.size ? Math.max(...detail.metrics.keys()) : 0;
  const planned = detail.run.totalEpochs || 0;
  return [0, Math.max(1, last, planned)];
}

/**
 * One marker per epoch with alerts, in the colour of the worst, labelled with its rule and how many more fired
 * at that epoch ("⚠ non-finite-loss +2"): several alerts at one epoch would otherwise print on top of each other.
 * The feed and the epochs table say the rest.
 */
export function alertMarkers(alerts) {
  const byEpoch = new Map();
  for (const a of alerts) {
    const group = byEpoch.get(a.epoch) || new Map();
    if (!group.has(a.rule) || SEVERITY_ORDER[a.severity] > SEVERITY_ORDER[group.get(a.rule).severity]) group.set(a.rule, a);
    byEpoch.set(a.epoch, group);
  }
  return [...byEpoch.entries()].sort((x, y) => x[0] - y[0]).map(([epoch, group]) => {
    const worstFirst = [...group.values()].sort((x, y) => SEVERITY_ORDER[y.severity] - SEVERITY_ORDER[x.severity]
      || x.rule.localeCompare(y.rule));
    const more = worstFirst.length - 1;
    return {
      x: epoch,
      colour: SEVERITY_COLOURS[worstFirst[0].severity],
      label: `⚠ ${worstFirst[0].rule}${more ? ` +${more}` : ''}`,
      rules: worstFirst.map((a) => a.rule),
    };
  });
}

function nanMarkers(metrics) {
  const first = metrics.find((m) => isNonFinite(m.trainLoss) || isNonFinite(m.validationLoss));
  return first ? [{ x: first.epoch, colour: '#ff00ff', label: `${fmt(isNonFinite(first.trainLoss) ? first.trainLoss : first.validationLoss)} from here` }] : [];
}

export function renderDetail() {
  const detail = state.detail;
  const showRun = Boolean(state.selectedRun);
  $('run-panel').hidden = !showRun || !detail;
  $('welcome').hidden = showRun || Boolean(state.experiment);
  if (!showRun || !detail) return;
  const r = detail.run;
  $('run-name').textContent = r.name;
  $('run-status').textContent = r.status.toLowerCase();
  $('run-status').className = `pill status-${r.status}`;
  $('run-health').textContent = r.health.toLowerCase();
  $('run-health').className = `pill health-${r.health}`;
  $('run-progress').textContent = progressText(r);
  const c = detail.config;
  $('run-config').textContent = c
    ? [`${r.hiddenLayers} hidden layers × ${r.width}`, r.activation, r.weightInit, `dataset ${c.dataset}`,
      `${c.optimizer} lr ${c.learningRate}`, `batch ${c.batchSize}`, `seed ${c.seed}`,
      r.experimentId ? `experiment ${experimentLabel(r.experimentId)}` : null, c.framework].filter(Boolean).join(' · ')
    : 'waiting for the run’s configuration…';
  $('run-reason').hidden = !(r.reason && r.status !== 'FINISHED');
  $('run-reason').textContent = r.reason || '';
  const csv = $('csv-link');
  csv.href = `api/runs/${encodeURIComponent(r.runId)}/metrics.csv`;

  const metrics = sortedMetrics(detail);
  const xs = metrics.map((m) => m.epoch);
  const log = $('loss-log').checked;
  // Read at draw time, so a live alert or NaN shows without rebuilding the chart.
  const current = () => state.detail || detail;
  const markers = () => [...alertMarkers([...current().alerts.values()]), ...nanMarkers(sortedMetrics(current()))];
  const range = () => xRangeForRun(current());
  upsertChart(charts, 'loss', $('loss-chart'), `${r.runId}:${log}`, {
    xLabel: 'epoch', yLabel: 'loss', log, xRange: range, markers,
    series: [{ label: 'Training loss', colour: '#58a6ff' }, { label: 'Validation loss', colour: '#f0883e' }],
    data: [xs, metrics.map((m) => plottable(m.trainLoss, log)), metrics.map((m) => plottable(m.validationLoss, log))],
  });
  upsertChart(charts, 'accuracy', $('accuracy-chart'), r.runId, {
    xLabel: 'epoch', yLabel: 'accuracy', xRange: range, markers,
    series: [{ label: 'Training accuracy', colour: '#3fb950' }, { label: 'Validation accuracy', colour: '#d2a8ff' }],
    data: [xs, metrics.map((m) => plottable(m.trainAccuracy)), metrics.map((m) => plottable(m.validationAccuracy))],
  });
  renderGradients(detail);
  renderPreflight(detail);
  renderTable(detail, metrics);
}

function layerSnapshots(detail) {
  const byEpoch = [...detail.epochLayers.values()].sort((a, b) => a.epoch - b.epoch);
  const perIteration = byEpoch.length === 0;
  const snapshots = perIteration ? [...detail.iterationLayers.values()].sort((a, b) => a.iteration - b.iteration) : byEpoch;
  const columns = [];
  if (detail.preflight) columns.push({ x: 0, label: 'pre', title: 'pre-flight', stats: detail.preflight });
  for (const s of snapshots) {
    const x = perIteration ? s.iteration : s.epoch;
    columns.push({ x, label: String(x), title: perIteration ? `iteration ${x}` : `epoch ${x}`, stats: s });
  }
  return { columns, unit: perIteration && snapshots.length ? 'iteration' : 'epoch' };
}

function layerList(detail, columns) {
  if (detail.config && detail.config.layers.length) return detail.config.layers.map((l) => ({ index: l.index, name: l.name }));
  const widest = columns.reduce((best, c) => (c.stats.layers.length > best.length ? c.stats.layers : best), []);
  return widest.map((l) => ({ index: l.index, name: l.name }));
}

/** A tenth of the smallest positive norm, as a power of ten: below every real value, near enough to read. */
export function floorFor(table) {
  let smallest = Infinity;
  for (const row of table) {
    for (const value of row) {
      const v = num(value);
      if (v !== null && Number.isFinite(v) && v > 0 && v < smallest) smallest = v;
    }
  }
  return Number.isFinite(smallest) ? 10 ** (Math.floor(Math.log10(smallest)) - 1) : 1e-8;
}

function renderGradients(detail) {
  const { columns, unit } = layerSnapshots(detail);
  const layers = layerList(detail, columns);
  const normsOf = (c) => layers.map((layer) => {
    const stat = c.stats.layers.find((s) => s.index === layer.index);
    return stat ? stat.gradientNorm : null;
  });
  const xs = columns.map((c) => c.x);
  const table = columns.map(normsOf);
  // A log axis cannot draw 0, and a layer whose gradient is exactly 0 (zeros, a dead stack) is the worst case:
  // those points sit on a dashed floor line labelled "exactly 0" instead of vanishing from the chart.
  const zeroLayers = layers.filter((l, i) => table.some((row) => num(row[i]) === 0)).map((l) => l.index);
  const floor = zeroLayers.length ? floorFor(table) : null;
  gradientFloor = floor === null ? null
    : { y: floor, colour: '#9aa4ae', label: `exactly 0: ${zeroLayers.length === 1 ? 'layer' : 'layers'} ${compactList(zeroLayers)}` };
  const onLogAxis = (value) => (floor !== null && num(value) === 0 ? floor : plottable(value, true));
  upsertChart(charts, 'gradients', $('gradient-chart'), `${detail.runId}:${layers.length}:${unit}`, {
    xLabel: unit, yLabel: '‖∇W‖', log: true, legend: false,
    lines: () => (gradientFloor ? [gradientFloor] : []),
    series: layers.map((l, i) => ({ label: `layer ${l.index}`, colour: layerColour(i, layers.length), width: 1.5, points: columns.length < 40 })),
    data: [xs, ...layers.map((l, i) => table.map((row) => onLogAxis(row[i])))],
  });
  const latest = table.length ? table[table.length - 1] : [];
  const zeroNow = layers.filter((l, i) => num(latest[i]) === 0).map((l) => l.index);
  const broken = layers.filter((l, i) => isNonFinite(latest[i])).map((l) => l.index);
  const notes = [];
  if (zeroNow.length) notes.push(`‖∇W‖ is exactly 0 in ${zeroNow.length === 1 ? 'layer' : 'layers'} ${compactList(zeroNow)}: those weights never change.`);
  else if (zeroLayers.length) notes.push(`‖∇W‖ was exactly 0 in ${zeroLayers.length === 1 ? 'layer' : 'layers'} ${compactList(zeroLayers)} at some point (the dashed floor line).`);
  if (broken.length) notes.push(`‖∇W‖ is NaN/∞ in ${broken.length === 1 ? 'layer' : 'layers'} ${compactList(broken)}.`);
  $('gradient-note').textContent = notes.join(' ');
  const canvas = $('heatmap');
  heatmapLookup = drawHeatmap(canvas, columns.map((c, k) => ({ ...c, norms: table[k] })), layers);
  $('heatmap-low').textContent = `≤1e${LOG_LOW}`;
  $('heatmap-high').textContent = `≥1e${LOG_HIGH}`;
}

function renderPreflight(detail) {
  const stats = detail.preflight ? [...detail.preflight.layers].sort((a, b) => a.index - b.index) : [];
  upsertChart(charts, 'preflight', $('preflight-chart'), detail.runId, {
    xLabel: 'layer', yLabel: 'activation std', log: true,
    series: [{ label: 'activation std', colour: '#56d4dd' }],
    data: [stats.map((s) => s.index), stats.map((s) => plottable(s.activationStd, true))],
  });
  const zero = stats.filter((s) => num(s.activationStd) === 0).map((s) => s.index);
  const broken = stats.filter((s) => isNonFinite(s.activationStd)).map((s) => s.index);
  const notes = [];
  if (!stats.length) notes.push('No pre-flight snapshot for this run.');
  if (zero.length) notes.push(`Activation std is exactly 0 in ${zero.length === 1 ? 'layer' : 'layers'} ${compactList(zero)}: every unit outputs the same value.`);
  if (broken.length) notes.push(`Non-finite activation std in ${compactList(broken)}.`);
  if (stats.length && !zero.length && !broken.length) {
    // The numbers only: whether this change is a problem is the monitor's call (its pre-flight alerts, below).
    const first = num(stats[0].activationStd);
    const last = num(stats[stats.length - 1].activationStd);
    const ratio = last / first;
    const factor = ratio < 1 ? 1 / ratio : ratio;
    const change = `${ratio < 1 ? '÷' : '×'}${fmt(factor, factor >= 10 ? 0 : 1)}`;
    notes.push(`Activation std goes from ${fmt(first)} at the input layer to ${fmt(last)} at the output (${change}).`);
  }
  $('preflight-note').textContent = notes.join(' ');
  renderPreflightAlerts(detail, stats.length > 0);
}

/** The monitor's verdict on the start: its alerts from before the first update (epoch 0). */
function renderPreflightAlerts(detail, hasSnapshot) {
  const alerts = [...detail.alerts.values()].filter((a) => a.epoch === 0)
    .sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || a.rule.localeCompare(b.rule));
  $('preflight-alerts').replaceChildren(...alerts.map((a) => el('li', { className: `severity-${a.severity}`, dataset: { rule: a.rule } },
    el('span', { className: 'severity' }, a.severity), ' ', el('span', { className: 'alert-title' }, a.title))));
  $('preflight-verdict').textContent = alerts.length ? 'The monitor, before the first update:'
    : hasSnapshot ? 'The monitor raised no alert before the first update.' : '';
}

export function compactList(indexes) {
  return indexes.length > 3 ? `${indexes[0]}–${indexes[indexes.length - 1]}` : indexes.join(', ');
}

function renderTable(detail, metrics) {
  const alerted = new Set([...detail.alerts.values()].map((a) => a.epoch));
  const cell = (value, format) => el('td', { className: isNonFinite(value) ? 'nonfinite' : null }, format(value));
  const rows = metrics.map((m) => el('tr', { dataset: { epoch: m.epoch }, className: alerted.has(m.epoch) ? 'alerted' : null },
    el('td', {}, String(m.epoch)),
    cell(m.trainLoss, fmt),
    cell(m.validationLoss, fmt),
    cell(m.validationAccuracy ?? m.trainAccuracy, pct)));
  $('epoch-table').tBodies[0].replaceChildren(...rows);
  if (flashEpoch !== null) {
    const row = $('epoch-table').querySelector(`tr[data-epoch="${Number(flashEpoch)}"]`);
    if (row) {
      row.classList.add('flash');
      row.scrollIntoView({ block: 'nearest' });
      flashEpoch = null;
    }
  }
}
