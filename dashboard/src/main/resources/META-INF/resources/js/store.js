// The page's state: runs, alerts, the selected run's detail and the comparison's curves. It comes from
// GET /api/runs, /api/alerts, /api/runs/{id} and /api/runs/{id}/metrics, then stays current through the SSE stream. Every update is
// applied by key (epoch, alertId, iteration), so applying one twice changes nothing. The views only read it;
// after each change the store says which parts of the page are stale (onChange), and the wiring redraws them.
import { getJson } from './stream.js';

export const ALERT_FEED_LIMIT = 200;

export const state = {
  runs: new Map(),
  alerts: new Map(),
  selectedRun: null,
  experiment: '',
  // 'selection': the alert feed follows the selected run or experiment; 'all': every run's alerts.
  alertScope: 'selection',
  detail: null,
  // The selected run's partner in a repair: the run it repairs (config.repairOf), or the newest run repairing it.
  partner: null,
  comparison: new Map(),
  loading: 0,
  buffered: [],
};

let changed = () => {};

/** parts: 'runs', 'experiments', 'alerts', 'detail', 'comparison'. */
export function onChange(listener) {
  changed = listener;
}

function invalidate(...parts) {
  changed(parts);
}

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

export async function withUpdatesHeld(load) {
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

export function reload() {
  return withUpdatesHeld(async () => {
    const [runs, alerts] = await Promise.all([getJson('api/runs'), getJson('api/alerts?limit=' + ALERT_FEED_LIMIT)]);
    state.runs = new Map(runs.map((r) => [r.runId, r]));
    state.alerts = new Map(alerts.map((a) => [a.alertId, a]));
    invalidate('runs', 'experiments', 'alerts');
    await Promise.all([loadDetail(), loadComparison()]);
  });
}

export async function loadDetail() {
  const runId = state.selectedRun;
  if (!runId) return;
  try {
    const detail = await getJson('api/runs/' + encodeURIComponent(runId));
    if (state.selectedRun === runId) state.detail = toDetail(detail);
  } catch {
    if (state.selectedRun === runId) state.detail = null;
  }
  await loadPartner();
  // The run's own alerts may be older than the feed's first page: the feed for this run shows them too.
  invalidate('detail', 'alerts');
}

/** The run the selected one repairs (its config's repairOf), else the newest run whose repairOf names it. */
export function partnerId(detail) {
  if (!detail) return null;
  if (detail.config && detail.config.repairOf) return detail.config.repairOf.runId;
  const repairs = [...state.runs.values()].filter((r) => r.repairOf === detail.runId)
    .sort((a, b) => (b.startedAtMs ?? b.updatedAtMs) - (a.startedAtMs ?? a.updatedAtMs));
  return repairs.length ? repairs[0].runId : null;
}

export async function loadPartner() {
  const runId = state.selectedRun;
  const id = partnerId(state.detail);
  if (!id) {
    state.partner = null;
  } else {
    try {
      const d = await getJson('api/runs/' + encodeURIComponent(id));
      if (state.selectedRun === runId) state.partner = toDetail(d);
    } catch {
      // An original the dashboard has forgotten (or never saw): the repair's config still says what it was.
      if (state.selectedRun === runId) state.partner = null;
    }
  }
  invalidate('detail');
}

export async function loadComparison() {
  const experiment = state.experiment;
  if (!experiment) return;
  const ids = [...state.runs.values()].filter((r) => r.experimentId === experiment).map((r) => r.runId);
  // Only the epochs' losses and accuracies: the comparison draws nothing else of a run.
  const points = await Promise.all(ids.map((id) => getJson(`api/runs/${encodeURIComponent(id)}/metrics`).catch(() => null)));
  if (state.experiment !== experiment) return;
  state.comparison = new Map();
  ids.forEach((id, i) => {
    if (points[i]) state.comparison.set(id, new Map(points[i].map((m) => [m.epoch, m])));
  });
  invalidate('comparison');
}

export function onUpdate(update) {
  if (state.loading > 0) state.buffered.push(update);
  else applyUpdate(update);
}

function applyUpdate(u) {
  const known = state.runs.get(u.runId);
  state.runs.set(u.runId, u.run);
  invalidate('runs');
  if (!known || known.experimentId !== u.run.experimentId || known.experimentName !== u.run.experimentName) {
    invalidate('experiments', 'comparison');
  }
  const detail = state.detail && state.detail.runId === u.runId ? state.detail : null;
  if (!detail && u.runId === state.selectedRun) {
    // The page was opened on this run before it existed: its history starts now.
    withUpdatesHeld(loadDetail);
    state.buffered.push(u);
    return;
  }
  const partner = state.partner && state.partner.runId === u.runId ? state.partner : null;
  // A repair of the selected run appeared, or the selected run's config (with its repairOf) arrived: load the pair.
  // Only on a run's first update or its run events, so a partner that cannot be loaded is not asked for each time.
  const startsPair = Boolean(detail || state.detail) && !state.partner && (u.runId === state.selectedRun
    ? u.kind === 'run' && Boolean(u.data.config && u.data.config.repairOf)
    : u.run.repairOf === state.selectedRun && (!known || u.kind === 'run'));
  for (const d of [detail, partner]) {
    if (d) {
      applyToDetail(d, u);
      invalidate('detail');
    }
  }
  const inComparison = state.experiment && u.run.experimentId === state.experiment;
  if (inComparison && !state.comparison.has(u.runId)) state.comparison.set(u.runId, new Map());
  if (inComparison) invalidate('comparison');
  const data = u.data;
  if (u.kind === 'metrics' && inComparison) state.comparison.get(u.runId).set(data.epoch, data);
  if (u.kind === 'alert') {
    state.alerts.set(data.alertId, data);
    invalidate('alerts');
  }
  if (startsPair) withUpdatesHeld(loadPartner);
}

/** One update applied to a run's detail, by key. */
function applyToDetail(detail, u) {
  detail.run = u.run;
  const data = u.data;
  switch (u.kind) {
    case 'run':
      if (data.config) detail.config = data.config;
      break;
    case 'metrics':
      detail.metrics.set(data.epoch, data);
      break;
    case 'layers':
      if (data.phase === 'PREFLIGHT') detail.preflight = data;
      else if (data.phase === 'EPOCH') detail.epochLayers.set(data.epoch, data);
      else detail.iterationLayers.set(data.iteration, data);
      break;
    case 'alert':
      detail.alerts.set(data.alertId, data);
      break;
    default:
      break;
  }
}

/** The experiment's human name when the trainer gave one, else its id. */
export function experimentLabel(experimentId) {
  for (const r of state.runs.values()) {
    if (r.experimentId === experimentId && r.experimentName) return r.experimentName;
  }
  return experimentId;
}

/** The alerts the feed shows: the selected run's, else the selected experiment's, else all (newest first). */
export function visibleAlerts() {
  const all = new Map(state.alerts);
  if (state.detail) state.detail.alerts.forEach((a, id) => all.set(id, a));
  let alerts = [...all.values()];
  if (state.alertScope === 'selection') {
    if (state.selectedRun) {
      alerts = alerts.filter((a) => a.runId === state.selectedRun);
    } else if (state.experiment) {
      alerts = alerts.filter((a) => (a.experimentId ?? state.runs.get(a.runId)?.experimentId) === state.experiment);
    }
  }
  return alerts.sort((a, b) => b.timestampMs - a.timestampMs).slice(0, ALERT_FEED_LIMIT);
}
