// The form that starts a run or an experiment on the trainer, through the dashboard's /api/trainer proxy.
import { getJson, postJson } from './stream.js';

// The contract's WeightInit wire names (events/WeightInit.java), worst first as a comparison reads best.
export const WEIGHT_INITS = ['zeros', 'ones', 'small-normal', 'standard-normal', 'uniform', 'xavier-normal',
  'xavier-uniform', 'xavier-caffe', 'he-normal', 'he-uniform', 'lecun-normal', 'lecun-uniform'];
const DEFAULT_COMPARISON = ['zeros', 'small-normal', 'standard-normal', 'xavier-normal', 'he-normal'];
// The dashboard's token lives in this tab's sessionStorage: asked for once, gone when the tab closes, and
// never readable by another site's page.
const TOKEN_KEY = 'initwatch.dashboardToken';

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

  const submit = document.getElementById('form-submit');
  const tokenField = document.getElementById('token-field');
  const tokenInput = form.elements.token;
  const storedToken = () => sessionStorage.getItem(TOKEN_KEY) || '';
  const askForToken = (ask) => {
    tokenField.hidden = !ask;
    tokenInput.required = ask;
    if (ask) tokenInput.value = '';
  };

  // Whether starting runs is switched on and needs the dashboard's token; asked each time the form opens.
  async function checkAccess() {
    let access;
    try {
      access = await getJson('api/trainer/access');
    } catch {
      return; // the answer to the start itself will say what is wrong
    }
    submit.disabled = !access.startsAllowed;
    if (!access.startsAllowed) {
      show('error', `Starting runs from this dashboard is switched off: ${access.reason}`);
    }
    askForToken(access.startsAllowed && access.tokenRequired && !storedToken());
  }

  document.getElementById('new-run-button').addEventListener('click', () => {
    result.textContent = '';
    result.className = 'form-result';
    dialog.showModal();
    checkAccess();
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
    const typed = tokenField.hidden ? '' : tokenInput.value.trim();
    const token = typed || storedToken();
    submit.disabled = true;
    show('', 'Sending to the trainer…');
    try {
      const answer = await postJson(url, body, token ? { Authorization: `Bearer ${token}` } : {});
      const reason = answer.body && answer.body.error ? answer.body.error : `HTTP ${answer.status}`;
      if (answer.status === 401 && answer.authenticate.includes('initwatch-dashboard')) {
        sessionStorage.removeItem(TOKEN_KEY);
        askForToken(true);
        show('error', `The dashboard refused (401): ${reason}`);
        tokenInput.focus();
        return;
      }
      if (typed) {
        sessionStorage.setItem(TOKEN_KEY, typed);
        askForToken(false);
      }
      if (answer.ok) {
        const b = answer.body || {};
        if (b.runIds) {
          show('ok', `Experiment “${f.name.value.trim()}” (${b.experimentId}) queued: ${b.runIds.length} runs. They appear on the left as they start.`);
          onExperimentStarted(b.experimentId);
        } else {
          show('ok', `Run ${b.runId} ${String(b.status || 'queued').toLowerCase()}. It appears on the left as it starts.`);
        }
      } else if (answer.status === 403 || answer.status === 415) {
        // The trainer never answers these: they are the dashboard's own refusals.
        show('error', `The dashboard refused (${answer.status}): ${reason}`);
      } else {
        show('error', `The trainer refused (${answer.status}): ${reason}`);
      }
    } catch (e) {
      show('error', `Could not reach the dashboard: ${e.message}`);
    } finally {
      submit.disabled = false;
    }
  });

  function show(kind, text) {
    result.className = 'form-result' + (kind ? ' ' + kind : '');
    result.textContent = text;
  }
}
