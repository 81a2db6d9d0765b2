// A run and its repair side by side: when the selected run was repaired (a run's config names it in repairOf) or
// is itself a repair, both runs' training loss on one chart with the diagnosis epoch marked, the per-layer gradient
// norms of both before the first update and at the verification epoch, the original's stop reason, and the
// monitor's verdict on the repair (its repair-verification alert, docs/alerts.md). The page judges nothing itself.
import { num, fmt, plottable, el, SEVERITY_COLOURS } from './format.js';
import { upsertChart } from './charts.js';
import { state } from './store.js';
import { floorFor, compactList } from './run-view.js';

const $ = (id) => document.getElementById(id);
export const VERIFICATION_RULE = 'repair-verification';
const ORIGINAL_COLOUR = '#f85149';
const REPAIR_COLOUR = '#3fb950';

export const charts = {};

export function destroyRepairCharts() {
  for (const name of ['repairLoss', 'repairGradients']) {
    if (charts[name]) charts[name].destroy();
    charts[name] = null;
  }
}

/** {original, repair, repairOf}: either detail may be null (an original the dashboard no longer holds). */
function pair() {
  const d = state.detail;
  if (!d) return null;
  const p = state.partner && state.partner.runId !== d.runId ? state.partner : null;
  if (d.config && d.config.repairOf) return { original: p, repair: d, repairOf: d.config.repairOf };
  if (p && p.config && p.config.repairOf && p.config.repairOf.runId === d.runId) {
    return { original: d, repair: p, repairOf: p.config.repairOf };
  }
  return null;
}

function runLink(runId, text) {
  return el('a', { href: '#' + new URLSearchParams({ run: runId }).toString(), className: 'run-link' }, text);
}

function sorted(detail) {
  return detail ? [...detail.metrics.values()].sort((a, b) => a.epoch - b.epoch) : [];
}

/** The verification: the repair run's repair-verification alert (the newest, should there be several). */
function verification(repair) {
  return [...repair.alerts.values(), ...[...state.alerts.values()].filter((a) => a.runId === repair.runId)]
    .filter((a) => a.rule === VERIFICATION_RULE)
    .sort((a, b) => b.timestampMs - a.timestampMs)[0] || null;
}

export function renderRepair() {
  const p = pair();
  $('repair-panel').hidden = !p;
  if (!p) return;
  const { original, repair, repairOf } = p;
  const verificationEpoch = Math.max(1, repairOf.epoch);
  const originalName = original ? original.run.name : repairOf.runId;
  const selectedIsRepair = state.detail === repair;
  // Rebuilt only when it changes: a link replaced under the mouse on every live update would lose its click.
  const role = $('repair-role');
  const roleKey = JSON.stringify([selectedIsRepair, repairOf.runId, originalName, repair.runId, repair.run.name, repairOf.alertId]);
  if (role.dataset.key !== roleKey) {
    role.dataset.key = roleKey;
    role.replaceChildren(...(selectedIsRepair
      ? ['This run repairs ', runLink(repairOf.runId, originalName), ` with the prescription of its alert ${repairOf.alertId}.`]
      : ['This run was repaired by ', runLink(repair.runId, repair.run.name), ` with the prescription of its alert ${repairOf.alertId}.`]));
  }
  $('repair-diagnosis').textContent = `Diagnosis: ${repairOf.rule} at ${repairOf.epoch === 0 ? 'pre-flight (epoch 0)' : `epoch ${repairOf.epoch}`}`
    + (repairOf.trainLoss !== null && repairOf.trainLoss !== undefined
      ? `; the original's training loss at epoch ${verificationEpoch} was ${fmt(repairOf.trainLoss)}.` : '.');
  const stop = $('repair-stop');
  const ended = original && (original.run.status === 'CANCELLED' || original.run.status === 'FAILED') && original.run.reason;
  stop.hidden = !ended;
  stop.replaceChildren(...(ended ? [el('span', { className: 'label' },
    original.run.status === 'CANCELLED' ? 'Original stopped: ' : 'Original failed: '), original.run.reason] : []));
  renderVerdict(repair, verificationEpoch);
  renderLoss(original, repair, repairOf, originalName, verificationEpoch);
  renderGradients(original, repair, verificationEpoch);
}

function renderVerdict(repair, verificationEpoch) {
  const v = verification(repair);
  const box = $('repair-verdict');
  box.className = 'repair-verdict' + (v ? ` severity-${v.severity}` : '');
  box.dataset.severity = v ? v.severity : '';
  box.replaceChildren(...(v
    ? [el('div', { className: 'alert-head' }, el('span', { className: 'severity' }, v.severity), ' ',
      el('span', { className: 'verdict-title' }, v.title)),
    el('p', { className: 'diagnosis' }, v.diagnosis),
    el('p', { className: 'recommendation' }, v.recommendation)]
    : [el('p', { className: 'muted' }, `Verification: the monitor judges the repair at epoch ${verificationEpoch}`
      + ` (${VERIFICATION_RULE}); the repair run is at epoch ${repair.run.epoch}.`)]));
}

function renderLoss(original, repair, repairOf, originalName, verificationEpoch) {
  const log = $('repair-log').checked;
  const a = sorted(original);
  const b = sorted(repair);
  const xs = [...new Set([...a, ...b].map((m) => m.epoch))].sort((x, y) => x - y);
  const byEpoch = (ms) => new Map(ms.map((m) => [m.epoch, m]));
  const ia = byEpoch(a);
  const ib = byEpoch(b);
  const labels = [`Original: ${originalName}${original && original.run.weightInit ? ` (${original.run.weightInit})` : ''}`,
    `Repair: ${repair.run.name}${repair.run.weightInit ? ` (${repair.run.weightInit})` : ''}`];
  const planned = Math.max(1, ...xs, original ? original.run.totalEpochs || 0 : 0, repair.run.totalEpochs || 0);
  const markers = () => {
    const current = pair();
    if (!current) return [];
    const list = [{ x: repairOf.epoch, colour: SEVERITY_COLOURS.CRITICAL, label: `diagnosed: ${repairOf.rule} (epoch ${repairOf.epoch})` }];
    const o = current.original;
    if (o && o.run.status === 'CANCELLED') list.push({ x: o.run.epoch, colour: '#9aa4ae', label: `original stopped (epoch ${o.run.epoch})` });
    const v = verification(current.repair);
    if (v) list.push({ x: v.epoch, colour: SEVERITY_COLOURS[v.severity], label: `${v.severity === 'INFO' ? '✓' : '✗'} ${VERIFICATION_RULE}` });
    else if (verificationEpoch !== repairOf.epoch) list.push({ x: verificationEpoch, colour: '#58a6ff', label: `verified at epoch ${verificationEpoch}` });
    return list;
  };
  upsertChart(charts, 'repairLoss', $('repair-loss-chart'), `${repair.runId}:${original ? original.runId : '-'}:${log}`, {
    xLabel: 'epoch', yLabel: 'training loss', log, xRange: () => [0, planned], markers,
    series: [{ label: labels[0], colour: ORIGINAL_COLOUR, width: 2.5 }, { label: labels[1], colour: REPAIR_COLOUR, width: 2.5 }],
    data: [xs, xs.map((e) => (ia.has(e) ? plottable(ia.get(e).trainLoss, log) : null)),
      xs.map((e) => (ib.has(e) ? plottable(ib.get(e).trainLoss, log) : null))],
  });
}

/** The snapshot at this epoch, else the latest before it ({epoch, stats}); null when there is none. */
function snapshotAt(detail, epoch) {
  if (!detail) return null;
  const candidates = [...detail.epochLayers.values()].filter((s) => s.epoch <= epoch).sort((x, y) => y.epoch - x.epoch);
  return candidates[0] || null;
}

function layerIndexes(...snapshots) {
  const set = new Set();
  snapshots.filter(Boolean).forEach((s) => s.layers.forEach((l) => set.add(l.index)));
  return [...set].sort((x, y) => x - y);
}

function normsOf(snapshot, indexes) {
  return indexes.map((i) => {
    const stat = snapshot ? snapshot.layers.find((l) => l.index === i) : null;
    return stat ? stat.gradientNorm : null;
  });
}

function describe(who, where, norms, indexes) {
  if (!norms.some((v) => v !== null)) return null;
  const zero = indexes.filter((idx, k) => num(norms[k]) === 0);
  const finite = norms.map(num).filter((v) => v !== null && Number.isFinite(v) && v > 0);
  const broken = indexes.filter((idx, k) => norms[k] !== null && !Number.isFinite(num(norms[k])));
  const parts = [];
  if (zero.length) parts.push(`exactly 0 in ${zero.length === 1 ? 'layer' : 'layers'} ${compactList(zero)}`);
  if (broken.length) parts.push(`NaN/∞ in ${compactList(broken)}`);
  if (finite.length) parts.push(`${zero.length || broken.length ? 'elsewhere ' : ''}${fmt(Math.min(...finite))} to ${fmt(Math.max(...finite))}`);
  return `${who} ${where}: ${parts.join(', ')}.`;
}

function renderGradients(original, repair, verificationEpoch) {
  // Before the first update (pre-flight), and at the epoch the repair is judged (or the latest each run reached).
  const after = snapshotAt(repair, verificationEpoch);
  const epoch = after ? after.epoch : verificationEpoch;
  const before = snapshotAt(original, epoch);
  const snaps = [
    { who: 'Original', where: 'pre-flight', s: original ? original.preflight : null, colour: ORIGINAL_COLOUR, dash: [6, 4] },
    { who: 'Repair', where: 'pre-flight', s: repair.preflight, colour: REPAIR_COLOUR, dash: [6, 4] },
    { who: 'Original', where: before ? `epoch ${before.epoch}` : `epoch ${epoch}`, s: before, colour: ORIGINAL_COLOUR },
    { who: 'Repair', where: after ? `epoch ${after.epoch}` : `epoch ${epoch}`, s: after, colour: REPAIR_COLOUR },
  ];
  const indexes = layerIndexes(...snaps.map((x) => x.s));
  const table = snaps.map((x) => normsOf(x.s, indexes));
  const hasZero = table.some((row) => row.some((v) => num(v) === 0));
  const floor = hasZero ? floorFor(table) : null;
  const onLogAxis = (v) => (floor !== null && num(v) === 0 ? floor : plottable(v, true));
  upsertChart(charts, 'repairGradients', $('repair-gradient-chart'),
    `${repair.runId}:${original ? original.runId : '-'}:${indexes.length}:${snaps.map((x) => x.where).join(',')}`, {
      xLabel: 'layer', yLabel: '‖∇W‖', log: true,
      lines: () => (floor !== null ? [{ y: floor, colour: '#9aa4ae', label: 'exactly 0' }] : []),
      series: snaps.map((x) => ({ label: `${x.who}, ${x.where}`, colour: x.colour, dash: x.dash, width: x.dash ? 1.5 : 2.5 })),
      data: [indexes, ...table.map((row) => row.map(onLogAxis))],
    });
  $('repair-gradient-note').textContent = snaps.slice(2).map((x, k) => describe(x.who, x.where, table[k + 2], indexes))
    .filter(Boolean).join(' ') || 'No end-of-epoch layer snapshots yet.';
}
