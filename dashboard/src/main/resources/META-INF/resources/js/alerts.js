// The right column: the monitor's alerts, newest first. The feed follows what is selected (a run, else an
// experiment) and says so; one button switches to every run's alerts and back.
import { el, epochRange } from './format.js';
import { state, visibleAlerts, experimentLabel } from './store.js';
import { postJson } from './stream.js';

const $ = (id) => document.getElementById(id);

// The monitor's machine-readable causes (events/Cause.java). The first four are initialization problems.
const CAUSES = {
  'symmetry': { text: 'symmetry: identical units', initialization: true },
  'vanishing': { text: 'vanishing signal', initialization: true },
  'exploding': { text: 'exploding signal', initialization: true },
  'init-mismatch': { text: 'initializer meant for another activation', initialization: true },
  'learning-rate': { text: 'learning rate', initialization: false },
  'data-scaling': { text: 'unscaled data', initialization: false },
  'overfitting': { text: 'overfitting', initialization: false },
  'training-setup': { text: 'training setup', initialization: false },
};

function causeLine(cause) {
  if (!cause) return null;
  const known = CAUSES[cause];
  const verdict = !known ? '' : known.initialization ? ' — an initialization problem' : ' — not the initialization';
  return el('p', { className: 'cause' + (known && !known.initialization ? ' not-init' : ''), dataset: { cause } },
    el('span', { className: 'cause-label' }, 'Cause: '), known ? known.text : cause, verdict);
}

// What "Apply fix" answered, by alert id: the feed is re-rendered on every update and must not forget it.
const fixResults = new Map();

// Whether the trainer can apply the alert's machine-readable prescription (events.md, Prescription): a new
// initializer for some layer, or a learning rate to try.
function applicable(a) {
  const p = a.prescription;
  if (!p) return false;
  const layers = (p.layers || []).some((l) => !l.keep && l.weightInit);
  const rate = p.run && p.run.parameter === 'learningRate' && p.run.suggested > 0;
  return layers || Boolean(rate);
}

async function applyFix(a, rerender) {
  // The token the run form keeps for this tab (form.js); without one the dashboard answers 401 and says so.
  const token = sessionStorage.getItem('initwatch.dashboardToken');
  fixResults.set(a.alertId, { kind: '', text: 'Asking the trainer to repair the run…' });
  rerender();
  try {
    const answer = await postJson(`api/trainer/runs/${encodeURIComponent(a.runId)}/repair`, {},
      token ? { Authorization: `Bearer ${token}` } : {});
    const reason = answer.body && answer.body.error ? answer.body.error : `HTTP ${answer.status}`;
    fixResults.set(a.alertId, answer.ok
      ? { kind: 'ok', text: `Repair run ${answer.body.runId} queued with this prescription. It appears on the left as it starts.` }
      : answer.status === 401
        ? { kind: 'error', text: 'The dashboard needs its token: open “Start a run”, enter it once, then apply the fix again.' }
        : { kind: 'error', text: `The trainer refused (${answer.status}): ${reason}` });
  } catch (e) {
    fixResults.set(a.alertId, { kind: 'error', text: `Could not reach the dashboard: ${e.message}` });
  }
  rerender();
}

function fixControls(a, rerender) {
  if (!applicable(a)) return null;
  const result = fixResults.get(a.alertId);
  return el('div', { className: 'fix' },
    el('button', { type: 'button', className: 'apply-fix', onclick: () => applyFix(a, rerender) }, 'Apply fix'),
    result ? el('p', { className: 'fix-result' + (result.kind ? ' ' + result.kind : '') }, result.text) : null);
}

function scopeText() {
  if (state.alertScope === 'all' || (!state.selectedRun && !state.experiment)) return 'all runs';
  if (state.selectedRun) {
    const run = state.runs.get(state.selectedRun);
    return `run ${run ? run.name : state.selectedRun}`;
  }
  return `experiment ${experimentLabel(state.experiment)}`;
}

export function renderAlerts({ showAlert, setScope }) {
  const rerender = () => renderAlerts({ showAlert, setScope });
  const alerts = visibleAlerts();
  const following = state.alertScope === 'selection' && (state.selectedRun || state.experiment);
  $('alert-scope-text').textContent = `for ${scopeText()}`;
  const scope = $('alert-scope');
  scope.hidden = !state.selectedRun && !state.experiment;
  scope.textContent = following ? 'Show all runs' : `Only this ${state.selectedRun ? 'run' : 'experiment'}`;
  scope.onclick = () => setScope(following ? 'all' : 'selection');
  $('alert-feed-empty').textContent = following
    ? `No alerts for this ${state.selectedRun ? 'run' : 'experiment'}.`
    : 'No alerts. The monitor raises them when an initialization goes wrong.';
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
    causeLine(a.cause),
    el('p', { className: 'diagnosis' }, a.diagnosis),
    el('p', { className: 'recommendation' }, a.recommendation),
    fixControls(a, rerender));
  }));
}
