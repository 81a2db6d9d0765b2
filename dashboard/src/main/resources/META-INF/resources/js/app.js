// initwatch dashboard: run list, per-run curves and layer views, alerts feed, experiment comparison.
// State comes from GET /api/runs, /api/alerts and /api/runs/{id}, then stays current through the SSE stream.
// Every update is applied by key (epoch, alertId, iteration), so applying one twice changes nothing.
import { num, fmt, pct, plottable, isNonFinite, el, epochRange, initColour, layerColour, SEVERITY_COLOURS } from './format.js';
import { getJson, connectStream } from './stream.js';
import { lineChart, fitWidth, exportChartPng, exportCanvasPng } from './charts.js';
import { drawHeatmap, LOG_LOW, LOG_HIGH } from './heatmap.js';
import { setupForm, WEIGHT_INITS } from './form.js';

const ALERT_FEED_LIMIT = 200;
const RENDER_DELAY_MS = 40;
// Activation std changing more than 10× from the first to the last layer before any update is what a bad
// initialization scale looks like (He/Glorot keep it within a small factor).
const VANISHING_RATIO = 0.1;

const state = {
  runs: new Map(),
  alerts: new Map(),
  selectedRun: null,
  experiment: '',
  detail: null,
  comparison: new Map(),
  loading: 0,
  buffered: [],
};
const charts = {};
let heatmapLookup = () => null;
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- rendering, coalesced
const dirty = new Set();
let renderTimer = 0;
function invalidate(...parts) {
  parts.forEach((p) => dirty.add(p));
  if (!renderTimer) renderTimer = setTimeout(render, RENDER_DELAY_MS);
}
function render() {
  renderTimer = 0;
  const parts = new Set(dirty);
  dirty.clear();
  if (parts.has('runs')) renderRunList();
  if (parts.has('experiments')) renderExperimentFilter();
  if (parts.has('alerts')) renderAlerts();
  if (parts.has('detail')) renderDetail();
  if (parts.has('comparison')) renderComparison();
  document.body.dataset.seq = String(stream ? stream.lastSeq() ?? '' : '');
}

// ---------------------------------------------------------------- data
function toDetail(d) {
  return {
    runId: d.run.runId,
    run: d.run,
    config: d.config,
    metrics: new Map(d.metrics.map((m) => [m.epoch, m])),
    preflight: d.preflight,
    epochLayers: new Map(d.epochLayers.map((s) => [s.epoch, s])),
    iterationLayers: new Map(d.iterationLayers.map((s) => [s.iteration, s])),
    alerts: new Map(d.alerts.map((a) => [a.alertId, a])),
  };
}

async function withUpdatesHeld(load) {
  // Updates that arrive while a snapshot loads are applied after it, so an older snapshot never hides them.
  state.loading += 1;
  try {
    await load();
  } catch (e) {
    console.warn('initwatch: could not load', e);
  } finally {
    state.loading -= 1;
    if (state.loading === 0) {
      const held = state.buffered;
      state.buffered = [];
      held.forEach(applyUpdate);
    }
  }
}

function reload() {
  return withUpdatesHeld(async () => {
    const [runs, alerts] = await Promise.all([getJson('api/runs'), getJson('api/alerts?limit=' + ALERT_FEED_LIMIT)]);
    state.runs = new Map(runs.map((r) => [r.runId, r]));
    state.alerts = new Map(alerts.map((a) => [a.alertId, a]));
    invalidate('runs', 'experiments', 'alerts');
    await Promise.all([loadDetail(), loadComparison()]);
  });
}

async function loadDetail() {
  const runId = state.selectedRun;
  if (!runId) return;
  try {
    const detail = await getJson('api/runs/' + encodeURIComponent(runId));
    if (state.selectedRun === runId) state.detail = toDetail(detail);
  } catch {
    if (state.selectedRun === runId) state.detail = null;
  }
  invalidate('detail');
}

async function loadComparison() {
  const experiment = state.experiment;
  if (!experiment) return;
  const ids = [...state.runs.values()].filter((r) => r.experimentId === experiment).map((r) => r.runId);
  const details = await Promise.all(ids.map((id) => getJson('api/runs/' + encodeURIComponent(id)).catch(() => null)));
  if (state.experiment !== experiment) return;
  state.comparison = new Map();
  for (const d of details) {
    if (d) state.comparison.set(d.run.runId, new Map(d.metrics.map((m) => [m.epoch, m])));
  }
  invalidate('comparison');
}

function onUpdate(update) {
  if (state.loading > 0) state.buffered.push(update);
  else applyUpdate(update);
}

function applyUpdate(u) {
  const known = state.runs.get(u.runId);
  state.runs.set(u.runId, u.run);
  invalidate('runs');
  if (!known || known.experimentId !== u.run.experimentId) invalidate('experiments');
  const detail = state.detail && state.detail.runId === u.runId ? state.detail : null;
  if (!detail && u.runId === state.selectedRun) {
    // The page was opened on this run before it existed: its history starts now.
    withUpdatesHeld(loadDetail);
    state.buffered.push(u);
    return;
  }
  if (detail) {
    detail.run = u.run;
    invalidate('detail');
  }
  const inComparison = state.experiment && u.run.experimentId === state.experiment;
  if (inComparison && !state.comparison.has(u.runId)) state.comparison.set(u.runId, new Map());
  if (inComparison) invalidate('comparison');
  const data = u.data;
  switch (u.kind) {
    case 'run':
      if (detail && data.config) detail.config = data.config;
      break;
    case 'metrics':
      if (detail) detail.metrics.set(data.epoch, data);
      if (inComparison) state.comparison.get(u.runId).set(data.epoch, data);
      break;
    case 'layers':
      if (detail) {
        if (data.phase === 'PREFLIGHT') detail.preflight = data;
        else if (data.phase === 'EPOCH') detail.epochLayers.set(data.epoch, data);
        else detail.iterationLayers.set(data.iteration, data);
      }
      break;
    case 'alert':
      state.alerts.set(data.alertId, data);
      if (detail) detail.alerts.set(data.alertId, data);
      invalidate('alerts');
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------- navigation (#run=…&experiment=…)
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const run = params.get('run');
  const experiment = params.get('experiment') || '';
  const runChanged = run !== state.selectedRun;
  const experimentChanged = experiment !== state.experiment;
  state.selectedRun = run;
  state.experiment = experiment;
  if (runChanged) {
    state.detail = null;
    destroyRunCharts();
    withUpdatesHeld(loadDetail);
  }
  if (experimentChanged) {
    state.comparison = new Map();
    if (charts.comparison) {
      charts.comparison.destroy();
      charts.comparison = null;
    }
    withUpdatesHeld(loadComparison);
  }
  invalidate('runs', 'experiments', 'detail', 'comparison', 'alerts');
}

function navigate({ run = state.selectedRun, experiment = state.experiment } = {}) {
  const params = new URLSearchParams();
  if (experiment) params.set('experiment', experiment);
  if (run) params.set('run', run);
  location.hash = params.toString();
}

// ---------------------------------------------------------------- run list
function runLine(r) {
  const parts = [r.activation, r.weightInit, r.hiddenLayers != null && r.width != null ? `${r.hiddenLayers}×${r.width}` : null, r.dataset];
  return parts.filter(Boolean).join(' · ');
}

function progressText(r) {
  return r.totalEpochs ? `epoch ${r.epoch} of ${r.totalEpochs}` : `epoch ${r.epoch}`;
}

function renderRunList() {
  const list = $('run-list');
  const runs = [...state.runs.values()]
    .filter((r) => !state.experiment || r.experimentId === state.experiment)
    .sort((a, b) => (b.startedAtMs ?? b.updatedAtMs) - (a.startedAtMs ?? a.updatedAtMs));
  $('run-list-empty').hidden = runs.length > 0;
  list.replaceChildren(...runs.map((r) => {
    const progress = el('i');
    progress.style.width = `${r.totalEpochs ? Math.min(100, (100 * r.epoch) / r.totalEpochs) : 0}%`;
    return el('li', {
      className: 'run-item' + (r.runId === state.selectedRun ? ' selected' : ''),
      dataset: { runId: r.runId, status: r.status, health: r.health },
      tabindex: 0,
      onclick: () => navigate({ run: r.runId }),
      onkeydown: (e) => { if (e.key === 'Enter') navigate({ run: r.runId }); },
    },
    el('div', { className: 'run-line' },
      el('span', { className: 'run-name', title: r.name }, r.name),
      el('span', { className: `pill status-${r.status}` }, r.status.toLowerCase()),
      r.health !== 'OK' ? el('span', { className: `pill health-${r.health}` }, r.health.toLowerCase()) : null),
    el('div', { className: 'run-meta' }, runLine(r)),
    el('div', { className: 'run-meta' },
      el('span', { className: 'run-progress' }, progressText(r)),
      r.lastTrainLoss != null ? ` · loss ${fmt(r.lastTrainLoss)}` : '',
      r.alertCount ? ` · ${r.alertCount} alert${r.alertCount > 1 ? 's' : ''}` : ''),
    el('div', { className: 'progress' }, progress));
  }));
}

function renderExperimentFilter() {
  const select = $('experiment-filter');
  const experiments = new Map();
  for (const r of state.runs.values()) {
    if (!r.experimentId) continue;
    const e = experiments.get(r.experimentId) || { count: 0, sample: r };
    e.count += 1;
    experiments.set(r.experimentId, e);
  }
  if (state.experiment && !experiments.has(state.experiment)) {
    experiments.set(state.experiment, { count: 0, sample: null });
  }
  const options = [el('option', { value: '' }, 'All runs')];
  for (const [id, e] of experiments) {
    const s = e.sample;
    const what = s ? [s.activation, s.hiddenLayers != null ? `${s.hiddenLayers}×${s.width}` : null, s.dataset].filter(Boolean).join(' ') : '';
    options.push(el('option', { value: id }, `${id}${what ? ' · ' + what : ''} (${e.count} runs)`));
  }
  select.replaceChildren(...options);
  select.value = state.experiment;
}

// ---------------------------------------------------------------- alerts feed
function renderAlerts() {
  const alerts = [...state.alerts.values()].sort((a, b) => b.timestampMs - a.timestampMs).slice(0, ALERT_FEED_LIMIT);
  $('alert-feed-empty').hidden = alerts.length > 0;
  $('alert-count').textContent = alerts.length ? `(${alerts.length})` : '';
  $('alert-feed').replaceChildren(...alerts.map((a) => {
    const run = state.runs.get(a.runId);
    const where = el('div', { className: 'alert-where' },
      el('button', { type: 'button', className: 'alert-run', onclick: () => showAlert(a) }, run ? run.name : a.runId),
      ` · epoch ${a.epoch}`,
      a.layers && a.layers.length ? ` · ${epochRange(a.layers)}` : '');
    return el('li', {
      className: `alert severity-${a.severity}` + (a.runId === state.selectedRun ? ' current-run' : ''),
      dataset: { alertId: a.alertId, runId: a.runId, epoch: a.epoch, rule: a.rule },
    },
    el('div', { className: 'alert-head' },
      el('span', { className: 'severity' }, a.severity),
      el('span', { className: 'alert-title' }, a.title)),
    where,
    el('p', { className: 'diagnosis' }, a.diagnosis),
    el('p', { className: 'recommendation' }, a.recommendation));
  }));
}

let flashEpoch = null;
function showAlert(alert) {
  flashEpoch = alert.epoch;
  navigate({ run: alert.runId });
  invalidate('detail');
}

// ---------------------------------------------------------------- one run
function destroyRunCharts() {
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

function alertMarkers(detail) {
  const markers = [];
  const seen = new Set();
  for (const a of [...detail.alerts.values()].sort((x, y) => x.epoch - y.epoch)) {
    const key = a.epoch + ':' + a.rule;
    if (seen.has(key)) continue;
    seen.add(key);
    markers.push({ x: a.epoch, colour: SEVERITY_COLOURS[a.severity], label: `⚠ ${a.rule}` });
  }
  return markers;
}

function nanMarkers(metrics) {
  const first = metrics.find((m) => isNonFinite(m.trainLoss) || isNonFinite(m.validationLoss));
  return first ? [{ x: first.epoch, colour: '#ff00ff', label: `${fmt(isNonFinite(first.trainLoss) ? first.trainLoss : first.validationLoss)} from here` }] : [];
}

/** Creates the chart when its shape changed (run, scale, series), else just swaps the data. */
function upsertChart(name, container, key, options) {
  const existing = charts[name];
  if (existing && existing.key === key) {
    existing.setData(options.data);
    fitWidth(existing, container);
    return existing;
  }
  if (existing) existing.destroy();
  const chart = lineChart(container, options);
  chart.key = key;
  charts[name] = chart;
  return chart;
}

function renderDetail() {
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
      r.experimentId ? `experiment ${r.experimentId}` : null, c.framework].filter(Boolean).join(' · ')
    : 'waiting for the run’s configuration…';
  $('run-reason').hidden = !(r.reason && r.status !== 'FINISHED');
  $('run-reason').textContent = r.reason || '';
  const csv = $('csv-link');
  csv.href = `api/runs/${encodeURIComponent(r.runId)}/metrics.csv`;

  const metrics = sortedMetrics(detail);
  const xs = metrics.map((m) => m.epoch);
  const log = $('loss-log').checked;
  const markers = () => [...alertMarkers(state.detail || detail), ...nanMarkers(sortedMetrics(state.detail || detail))];
  const range = () => xRangeForRun(state.detail || detail);
  upsertChart('loss', $('loss-chart'), `${r.runId}:${log}`, {
    xLabel: 'epoch', yLabel: 'loss', log, xRange: range, markers,
    series: [{ label: 'Training loss', colour: '#58a6ff' }, { label: 'Validation loss', colour: '#f0883e' }],
    data: [xs, metrics.map((m) => plottable(m.trainLoss, log)), metrics.map((m) => plottable(m.validationLoss, log))],
  });
  upsertChart('accuracy', $('accuracy-chart'), r.runId, {
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

function renderGradients(detail) {
  const { columns, unit } = layerSnapshots(detail);
  const layers = layerList(detail, columns);
  const normsOf = (c) => layers.map((layer) => {
    const stat = c.stats.layers.find((s) => s.index === layer.index);
    return stat ? stat.gradientNorm : null;
  });
  const xs = columns.map((c) => c.x);
  const table = columns.map(normsOf);
  upsertChart('gradients', $('gradient-chart'), `${detail.runId}:${layers.length}:${unit}`, {
    xLabel: unit, yLabel: '‖∇W‖', log: true, legend: false,
    series: layers.map((l, i) => ({ label: `layer ${l.index}`, colour: layerColour(i, layers.length), width: 1.5, points: columns.length < 40 })),
    data: [xs, ...layers.map((l, i) => table.map((row) => plottable(row[i], true)))],
  });
  // A log axis cannot draw 0 or NaN, and those are the worst cases: name them.
  const latest = table.length ? table[table.length - 1] : [];
  const zero = layers.filter((l, i) => num(latest[i]) === 0).map((l) => l.index);
  const broken = layers.filter((l, i) => isNonFinite(latest[i])).map((l) => l.index);
  const notes = [];
  if (zero.length) notes.push(`‖∇W‖ is exactly 0 in ${zero.length === 1 ? 'layer' : 'layers'} ${compactList(zero)}: those weights never change.`);
  if (broken.length) notes.push(`‖∇W‖ is NaN/∞ in ${broken.length === 1 ? 'layer' : 'layers'} ${compactList(broken)}.`);
  $('gradient-note').textContent = notes.join(' ');
  const canvas = $('heatmap');
  heatmapLookup = drawHeatmap(canvas, columns.map((c, k) => ({ ...c, norms: table[k] })), layers);
  $('heatmap-low').textContent = `≤1e${LOG_LOW}`;
  $('heatmap-high').textContent = `≥1e${LOG_HIGH}`;
}

function renderPreflight(detail) {
  const stats = detail.preflight ? [...detail.preflight.layers].sort((a, b) => a.index - b.index) : [];
  upsertChart('preflight', $('preflight-chart'), detail.runId, {
    xLabel: 'layer', yLabel: 'activation std', log: true,
    series: [{ label: 'activation std', colour: '#56d4dd' }],
    data: [stats.map((s) => s.index), stats.map((s) => plottable(s.activationStd, true))],
  });
  const zero = stats.filter((s) => num(s.activationStd) === 0).map((s) => s.index);
  const broken = stats.filter((s) => isNonFinite(s.activationStd)).map((s) => s.index);
  const notes = [];
  if (!stats.length) notes.push('No pre-flight snapshot for this run.');
  if (zero.length) notes.push(`Activation std is exactly 0 in ${zero.length === 1 ? 'layer' : 'layers'} ${compactList(zero)}: every unit outputs the same value (symmetric or zero weights).`);
  if (broken.length) notes.push(`Non-finite activation std in ${compactList(broken)}.`);
  if (stats.length && !zero.length && !broken.length) {
    const first = num(stats[0].activationStd);
    const last = num(stats[stats.length - 1].activationStd);
    const ratio = last / first;
    const trend = ratio < VANISHING_RATIO ? `it shrinks ${fmt(1 / ratio, 0)}× on the way: the signal vanishes`
      : ratio > 1 / VANISHING_RATIO ? `it grows ${fmt(ratio, 0)}× on the way: the signal explodes`
        : 'roughly level, as a well-scaled initialization keeps it';
    notes.push(`Activation std goes from ${fmt(first)} at the input layer to ${fmt(last)} at the output; ${trend}.`);
  }
  $('preflight-note').textContent = notes.join(' ');
}

function compactList(indexes) {
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

// ---------------------------------------------------------------- comparison
const INIT_ORDER = new Map(WEIGHT_INITS.map((w, i) => [w, i]));

function renderComparison() {
  const panel = $('comparison-panel');
  panel.hidden = !state.experiment;
  if (!state.experiment) return;
  $('comparison-title').textContent = state.experiment;
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
  upsertChart('comparison', $('comparison-chart'), key, {
    xLabel: 'epoch', yLabel: $('comparison-metric').selectedOptions[0].textContent, log,
    xRange: () => [0, planned], markers: broken,
    series: runs.map((r, i) => ({ label: labels[i], colour: initColour(r.weightInit, i), width: 2.5 })),
    data,
  });
}

// ---------------------------------------------------------------- wiring
function setConnection(stateName) {
  const badge = $('connection');
  badge.dataset.state = stateName;
  badge.textContent = stateName === 'live' ? 'live' : 'reconnecting…';
}

function pngName(suffix) {
  const id = (state.selectedRun || state.experiment || 'initwatch').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${id}-${suffix}.png`;
}

function exportPng(which) {
  const name = state.detail ? state.detail.run.name : '';
  if (which === 'heatmap') {
    return exportCanvasPng($('heatmap'), `${name} · gradient norm per layer and epoch (log10, 1e${LOG_LOW}…1e${LOG_HIGH})`, [], pngName('heatmap'));
  }
  const chart = charts[which];
  if (!chart) return null;
  const titles = {
    loss: `${name} · loss`, accuracy: `${name} · accuracy`, gradients: `${name} · gradient norm per layer`,
    preflight: `${name} · pre-flight activation std per layer`, comparison: `experiment ${state.experiment} · ${$('comparison-metric').selectedOptions[0].textContent}`,
  };
  return exportChartPng(chart, titles[which], pngName(which));
}

let stream = null;

function start() {
  setupForm({ onExperimentStarted: (experimentId) => navigate({ experiment: experimentId, run: null }) });
  $('experiment-filter').addEventListener('change', (e) => navigate({ experiment: e.target.value, run: null }));
  $('loss-log').addEventListener('change', () => invalidate('detail'));
  $('comparison-metric').addEventListener('change', () => invalidate('comparison'));
  $('comparison-log').addEventListener('change', () => invalidate('comparison'));
  document.querySelectorAll('button.png').forEach((b) => b.addEventListener('click', () => exportPng(b.dataset.chart)));
  $('heatmap').addEventListener('mousemove', (e) => {
    $('heatmap-tip').textContent = heatmapLookup(e.offsetX, e.offsetY) || 'Hover a cell for its value.';
  });
  window.addEventListener('hashchange', readHash);
  window.addEventListener('resize', () => invalidate('detail', 'comparison'));
  readHash();
  stream = connectStream({ onReload: reload, onUpdate, onState: setConnection });
}

// For people poking at the page from the console (and for the browser tests): what the charts hold.
window.initwatch = {
  exportPng,
  series: (name) => (charts[name] ? charts[name].series.slice(1).map((s) => s.label) : []),
  points: (name) => (charts[name] ? charts[name].data[0].length : 0),
};
start();
