// The form that starts a run or an experiment on the trainer, through the dashboard's /api/trainer proxy.
import { postJson } from './stream.js';

// The contract's WeightInit wire names (events/WeightInit.java), worst first as a comparison reads best.
export const WEIGHT_INITS = ['zeros', 'ones', 'small-normal', 'standard-normal', 'uniform', 'xavier-normal',
  'xavier-uniform', 'xavier-caffe', 'he-normal', 'he-uniform', 'lecun-normal', 'lecun-uniform'];
const DEFAULT_COMPARISON = ['zeros', 'small-normal', 'standard-normal', 'xavier-normal', 'he-normal'];

export function setupForm({ onExperimentStarted }) {
  const dialog = document.getElementById('run-form-dialog');
  const form = document.getElementById('run-form');
  const result = document.getElementById('form-result');
  const select = form.elements.weightInit;
  const boxes = document.getElementById('init-checkboxes');

  for (const init of WEIGHT_INITS) {
    const option = document.createElement('option');
    option.value = init;
    option.textContent = init;
    option.selected = init === 'he-normal';
    select.append(option);
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'weightInits';
    box.value = init;
    box.checked = DEFAULT_COMPARISON.includes(init);
    label.append(box, ' ' + init);
    boxes.append(label);
  }

  const mode = () => form.elements.mode.value;
  const showMode = () => {
    form.querySelector('.experiment-only').hidden = mode() !== 'experiment';
    form.querySelector('.single-only').hidden = mode() === 'experiment';
  };
  form.querySelectorAll('input[name="mode"]').forEach((r) => r.addEventListener('change', showMode));
  showMode();

  document.getElementById('new-run-button').addEventListener('click', () => {
    result.textContent = '';
    result.className = 'form-result';
    dialog.showModal();
  });
  document.getElementById('form-cancel').addEventListener('click', () => dialog.close());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = form.elements;
    const run = {
      name: f.name.value.trim(),
      dataset: f.dataset.value.trim(),
      activation: f.activation.value,
      hiddenLayers: Number(f.hiddenLayers.value),
      width: Number(f.width.value),
      weightInit: f.weightInit.value,
      optimizer: f.optimizer.value,
      learningRate: Number(f.learningRate.value),
      epochs: Number(f.epochs.value),
      seed: Number(f.seed.value),
    };
    let url = 'api/trainer/runs';
    let body = run;
    if (mode() === 'experiment') {
      const inits = [...form.querySelectorAll('input[name="weightInits"]:checked')].map((b) => b.value);
      if (inits.length < 2) {
        show('error', 'Pick at least two initializations to compare.');
        return;
      }
      const { weightInit, name, ...base } = run;
      url = 'api/trainer/experiments';
      body = { name, base: { ...base, name }, weightInits: inits, seeds: [run.seed] };
    }
    document.getElementById('form-submit').disabled = true;
    show('', 'Sending to the trainer…');
    try {
      const answer = await postJson(url, body);
      if (answer.ok) {
        const b = answer.body || {};
        if (b.runIds) {
          show('ok', `Experiment ${b.experimentId} queued: ${b.runIds.length} runs. They appear on the left as they start.`);
          onExperimentStarted(b.experimentId);
        } else {
          show('ok', `Run ${b.runId} ${String(b.status || 'queued').toLowerCase()}. It appears on the left as it starts.`);
        }
      } else {
        const reason = answer.body && answer.body.error ? answer.body.error : `HTTP ${answer.status}`;
        show('error', `The trainer refused (${answer.status}): ${reason}`);
      }
    } catch (e) {
      show('error', `Could not reach the dashboard: ${e.message}`);
    } finally {
      document.getElementById('form-submit').disabled = false;
    }
  });

  function show(kind, text) {
    result.className = 'form-result' + (kind ? ' ' + kind : '');
    result.textContent = text;
  }
}
