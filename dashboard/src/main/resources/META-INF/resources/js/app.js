// initwatch dashboard: wiring only. The state and its updates are in store.js; each view draws one part of the
// page: sidebar.js (experiment filter, run list), run-view.js (one run), comparison.js (an experiment's runs),
// alerts.js (the feed). This file turns the URL into a selection, coalesces redraws, and connects the stream.
import { connectStream } from './stream.js';
import { exportChartPng, exportCanvasPng } from './charts.js';
import { LOG_LOW, LOG_HIGH } from './heatmap.js';
import { setupForm } from './form.js';
import { state, onChange, onUpdate, reload, withUpdatesHeld, loadDetail, loadComparison, experimentLabel } from './store.js';
import { renderRunList, renderExperimentFilter } from './sidebar.js';
import { charts as runCharts, renderDetail, destroyRunCharts, heatmapCell, flashEpochOnce } from './run-view.js';
import { charts as comparisonCharts, renderComparison, destroyComparisonChart } from './comparison.js';
import { charts as repairCharts, renderRepair, destroyRepairCharts } from './repair-view.js';
import { renderAlerts } from './alerts.js';

const RENDER_DELAY_MS = 40;
const $ = (id) => document.getElementById(id);
let stream = null;

// ---------------------------------------------------------------- redraws, coalesced
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
  if (parts.has('runs')) renderRunList(navigate);
  if (parts.has('experiments')) renderExperimentFilter();
  if (parts.has('alerts') || parts.has('runs')) renderAlerts({ showAlert, setScope });
  if (parts.has('detail')) {
    renderDetail();
    renderRepair();
  }
  if (parts.has('comparison')) renderComparison();
  document.body.dataset.seq = String(stream ? stream.lastSeq() ?? '' : '');
}
onChange((parts) => invalidate(...parts));

// ---------------------------------------------------------------- navigation (#experiment=…&run=…&alerts=all)
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const run = params.get('run');
  const experiment = params.get('experiment') || '';
  const runChanged = run !== state.selectedRun;
  const experimentChanged = experiment !== state.experiment;
  state.selectedRun = run;
  state.experiment = experiment;
  state.alertScope = params.get('alerts') === 'all' ? 'all' : 'selection';
  // Before the stream's first hello there is nothing to load yet: that hello reloads everything (store.reload),
  // and loading here as well would fetch every run of the view twice.
  if (runChanged) {
    state.detail = null;
    state.partner = null;
    destroyRunCharts();
    destroyRepairCharts();
    if (stream) withUpdatesHeld(loadDetail);
  }
  if (experimentChanged) {
    state.comparison = new Map();
    destroyComparisonChart();
    if (stream) withUpdatesHeld(loadComparison);
  }
  invalidate('runs', 'experiments', 'detail', 'comparison', 'alerts');
}

function navigate({ run = state.selectedRun, experiment = state.experiment, alerts = state.alertScope } = {}) {
  const params = new URLSearchParams();
  if (experiment) params.set('experiment', experiment);
  if (run) params.set('run', run);
  // Choosing another run or experiment makes the feed follow it again.
  const same = run === state.selectedRun && experiment === state.experiment;
  if (alerts === 'all' && same) params.set('alerts', 'all');
  location.hash = params.toString();
}

function setScope(scope) {
  navigate({ alerts: scope });
}

function showAlert(alert) {
  flashEpochOnce(alert.epoch);
  navigate({ run: alert.runId });
  invalidate('detail');
}

// ---------------------------------------------------------------- export
function chart(name) {
  return runCharts[name] || repairCharts[name] || comparisonCharts[name] || null;
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
  const c = chart(which);
  if (!c) return null;
  const titles = {
    loss: `${name} · loss`, accuracy: `${name} · accuracy`, gradients: `${name} · gradient norm per layer`,
    preflight: `${name} · pre-flight activation std per layer`,
    repairLoss: `${name} · training loss, original vs repair`,
    repairGradients: `${name} · gradient norm per layer, original vs repair`,
    comparison: `experiment ${experimentLabel(state.experiment)} · ${$('comparison-metric').selectedOptions[0].textContent}`,
  };
  return exportChartPng(c, titles[which], pngName(which));
}

// ---------------------------------------------------------------- start
function setConnection(stateName) {
  const badge = $('connection');
  badge.dataset.state = stateName;
  badge.textContent = stateName === 'live' ? 'live' : 'reconnecting…';
}

function start() {
  setupForm({ onExperimentStarted: (experimentId) => navigate({ experiment: experimentId, run: null }) });
  $('experiment-filter').addEventListener('change', (e) => navigate({ experiment: e.target.value, run: null }));
  $('loss-log').addEventListener('change', () => invalidate('detail'));
  $('repair-log').addEventListener('change', () => invalidate('detail'));
  $('comparison-metric').addEventListener('change', () => invalidate('comparison'));
  $('comparison-log').addEventListener('change', () => invalidate('comparison'));
  document.querySelectorAll('button.png').forEach((b) => b.addEventListener('click', () => exportPng(b.dataset.chart)));
  $('heatmap').addEventListener('mousemove', (e) => {
    $('heatmap-tip').textContent = heatmapCell(e.offsetX, e.offsetY) || 'Hover a cell for its value.';
  });
  window.addEventListener('hashchange', readHash);
  window.addEventListener('resize', () => invalidate('detail', 'comparison'));
  readHash();
  stream = connectStream({ onReload: reload, onUpdate, onState: setConnection });
}

// For people poking at the page from the console (and for the browser tests): what the charts hold.
window.initwatch = {
  exportPng,
  series: (name) => (chart(name) ? chart(name).series.slice(1).map((s) => s.label) : []),
  points: (name) => (chart(name) ? chart(name).data[0].length : 0),
  // How many series have at least one point drawn: a series of nulls is a line nobody sees.
  drawnSeries: (name) => (chart(name) ? chart(name).data.slice(1).filter((ys) => ys.some((y) => y !== null)).length : 0),
  markers: (name) => (chart(name) ? chart(name).markerLabels || [] : []),
  lines: (name) => (chart(name) ? chart(name).lineLabels || [] : []),
};
start();
