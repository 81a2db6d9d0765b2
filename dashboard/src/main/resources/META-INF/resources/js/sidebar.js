// The left column: the experiment filter and the run list, where a person chooses what to look at. Runs and
// experiments are shown by the names people gave them; ids only when there is no name.
import { fmt, el } from './format.js';
import { state, experimentLabel } from './store.js';

const $ = (id) => document.getElementById(id);

export function runLine(r) {
  const parts = [r.activation, r.weightInit, r.hiddenLayers != null && r.width != null ? `${r.hiddenLayers}×${r.width}` : null, r.dataset];
  return parts.filter(Boolean).join(' · ');
}

export function progressText(r) {
  return r.totalEpochs ? `epoch ${r.epoch} of ${r.totalEpochs}` : `epoch ${r.epoch}`;
}

export function renderRunList(navigate) {
  const list = $('run-list');
  const runs = [...state.runs.values()]
    .filter((r) => !state.experiment || r.experimentId === state.experiment)
    .sort((a, b) => (b.startedAtMs ?? b.updatedAtMs) - (a.startedAtMs ?? a.updatedAtMs));
  $('run-list-empty').hidden = runs.length > 0;
  list.replaceChildren(...runs.map((r) => {
    const progress = el('i');
    progress.style.width = `${r.totalEpochs ? Math.min(100, (100 * r.epoch) / r.totalEpochs) : 0}%`;
    // Which experiment a run belongs to matters only while runs of several are listed together.
    const experiment = !state.experiment && r.experimentId ? experimentLabel(r.experimentId) : null;
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
    experiment ? el('div', { className: 'run-meta run-experiment', title: r.experimentId }, `in ${experiment}`) : null,
    el('div', { className: 'run-meta' }, runLine(r)),
    el('div', { className: 'run-meta' },
      el('span', { className: 'run-progress' }, progressText(r)),
      r.lastTrainLoss != null ? ` · loss ${fmt(r.lastTrainLoss)}` : '',
      r.alertCount ? ` · ${r.alertCount} alert${r.alertCount > 1 ? 's' : ''}` : ''),
    el('div', { className: 'progress' }, progress));
  }));
}

export function renderExperimentFilter() {
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
    options.push(el('option', { value: id, title: id }, `${experimentLabel(id)}${what ? ' · ' + what : ''} (${e.count} runs)`));
  }
  select.replaceChildren(...options);
  select.value = state.experiment;
}
