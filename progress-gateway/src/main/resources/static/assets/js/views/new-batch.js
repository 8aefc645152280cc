import { ApiError, batchesApi } from '../api.js';
import { formatCount } from '../format.js';
import { ItemsParseError, parseItems, sampleItems } from '../items-parser.js';
import { href, navigate } from '../router.js';
import { toast } from '../ui/toast.js';
import { h, icon, setAttr } from '../ui/dom.js';
import { uploadsApi } from '../upload/upload-client.js';
import { fieldErrorsByPath } from './field-errors.js';
import { FileUpload } from './file-upload.js';

const ACCEPTED_FILES = '.json,.jsonl,.ndjson,.csv,.tsv,application/json,text/csv';
const CALLBACK_EVENTS = ['completed', 'failed', 'cancelled', 'paused'];

/**
 * The new batch form. The API is the judge of what is valid (the form has no rules of its own
 * beyond parsing pasted items), and each of its validation messages appears next to the field
 * whose JSON path it names. Pasted JSON goes in the create request itself; a JSONL or CSV file is
 * uploaded in chunks (FileUpload) and the batch is then created from the upload.
 */
export function mountNewBatch(container) {
  const fields = new Map();
  let fileItems = null;
  let alive = true;

  const field = (path, label, input, { hint, wide } = {}) => {
    const id = `f-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
    input.id = id;
    input.name ??= path;
    const error = h('p', { class: 'field__error', id: `${id}-error`, 'data-error-for': path });
    const hintElement = hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null;
    input.setAttribute('aria-describedby', [hintElement?.id, error.id].filter(Boolean).join(' '));
    const wrapper = h('div', { class: `field${wide ? ' field--wide' : ''}`, 'data-field': path },
      h('label', { class: 'field__label', for: id }, label), input, hintElement, error);
    fields.set(path, { wrapper, input, error });
    return wrapper;
  };
  const number = (attrs) => h('input', { type: 'number', class: 'input', inputmode: 'decimal', ...attrs });

  const name = h('input', { class: 'input', autocomplete: 'off', placeholder: 'e.g. Sweep NVDA/TSLA', maxlength: 200 });
  const processorSimulated = h('input', { type: 'radio', name: 'processor', value: 'simulated', checked: true, id: 'processor-simulated' });
  const processorHttp = h('input', { type: 'radio', name: 'processor', value: 'http', id: 'processor-http' });
  const processorError = h('p', { class: 'field__error', 'data-error-for': 'processor', id: 'f-processor-error' });

  const latency = number({ min: 0, step: 1, value: 50 });
  const jitter = number({ min: 0, step: 1, value: 25 });
  const failureRate = number({ min: 0, max: 1, step: 0.01, value: 0.05 });
  const seed = number({ step: 1, placeholder: 'random' });
  const url = h('input', { type: 'url', class: 'input', placeholder: 'https://example.com/process', autocomplete: 'off' });
  const timeoutMs = number({ min: 1, step: 1, placeholder: '30000' });

  const maxInFlight = number({ step: 1, value: 32 });
  const maxAttempts = number({ step: 1, value: 3 });
  const itemTimeout = number({ step: 1, placeholder: '300' });
  const itemsPerSecond = number({ step: 'any', placeholder: 'unlimited' });
  const deadline = number({ step: 1, placeholder: 'none' });
  const priority = h('select', { class: 'input input--select' },
    h('option', { value: 'high' }, 'High'), h('option', { value: 'normal', selected: true }, 'Normal'),
    h('option', { value: 'low' }, 'Low'));
  const sharedLimit = h('input', { class: 'input', autocomplete: 'off', placeholder: 'none', maxlength: 100 });
  const policyOn = h('input', { type: 'checkbox', class: 'checkbox', id: 'policy-on' });
  const maxFailureRatio = number({ min: 0, max: 1, step: 0.01, value: 0.2 });
  const minFinished = number({ step: 1, value: 10 });
  const policyAction = h('select', { class: 'input input--select' },
    h('option', { value: 'pause' }, 'Pause the batch'), h('option', { value: 'fail' }, 'Fail the batch'));

  const callbackUrl = h('input', { type: 'url', class: 'input', placeholder: 'https://example.com/hooks/batchpulse', autocomplete: 'off' });
  const callbackSecret = h('input', { type: 'password', class: 'input', autocomplete: 'new-password', placeholder: 'optional, 8+ characters' });
  const callbackEvents = CALLBACK_EVENTS.map((event) => h('input', {
    type: 'checkbox', class: 'checkbox', value: event, checked: event === 'completed' || event === 'failed', 'data-callback-event': event,
  }));
  const callbackEventsError = h('p', { class: 'field__error', 'data-error-for': 'callbacks.events', id: 'f-callbacks-events-error' });

  const itemsText = h('textarea', {
    class: 'input textarea mono', rows: 8, spellcheck: 'false',
    placeholder: '[{"label": "NVDA beta=2.1", "payload": {"symbol": "NVDA", "beta": 2.1}}]\n\nor one JSON object per line (JSONL)',
  });
  const itemsLabel = h('label', { class: 'field__label', for: 'f-items' }, 'Paste items as JSON or JSONL');
  const itemsSummary = h('p', { class: 'items-summary', 'aria-live': 'polite' });
  const fileInput = h('input', { type: 'file', accept: ACCEPTED_FILES, class: 'visually-hidden', id: 'items-file', tabindex: -1 });
  const fileButton = h('button', { type: 'button', class: 'btn btn--secondary btn--sm', onclick: () => fileInput.click() }, icon('file'), 'Choose file');
  const dropzone = h('div', { class: 'dropzone', 'data-testid': 'dropzone' },
    icon('upload', 'dropzone__icon'),
    h('p', { class: 'dropzone__text' }, h('strong', {}, 'Drop a JSONL or CSV file'), ' or ', fileButton),
    h('p', { class: 'field__hint' }, 'Any size: uploaded in chunks and read on the server. JSONL: one {"label", "payload"} per line; '
      + 'CSV: a header row and a "label" column. A JSON array file is read here (up to 10,000 items).'));
  const fileUpload = new FileUpload({ onFile: (file) => readFile(file), onChange: () => onFileChange() });
  const filePill = h('div', { class: 'file-pill', hidden: true });
  const sampleCount = number({ min: 1, max: 10000, step: 1, value: 200, 'aria-label': 'Number of sample items', class: 'input input--narrow' });
  const sampleButton = h('button', { type: 'button', class: 'btn btn--ghost btn--sm' }, icon('bolt'), 'Fill with sample items');
  const itemsTools = h('div', { class: 'items-tools' }, h('span', { class: 'muted' }, 'or'), sampleCount, sampleButton);

  const summary = h('div', { class: 'banner banner--error', role: 'alert', hidden: true, tabindex: -1 });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { class: 'btn__label' }, 'Start batch'));

  const simulatedSection = h('div', { class: 'grid grid--3' },
    field('config.latencyMs', 'Latency (ms)', latency, { hint: 'Time each item takes' }),
    field('config.latencyJitterMs', 'Jitter (ms)', jitter, { hint: '± random spread' }),
    field('config.failureRate', 'Failure rate (0–1)', failureRate, { hint: '0.05 = 5 % of attempts fail' }),
    field('config.seed', 'Seed', seed, { hint: 'Same seed, same outcomes' }));
  const httpSection = h('div', { class: 'grid grid--3', hidden: true },
    field('config.url', 'Endpoint URL', url, { wide: true, hint: 'Each item is POSTed here as JSON' }),
    field('config.timeoutMs', 'Timeout (ms)', timeoutMs));
  const policySection = h('div', { class: 'grid grid--3 policy', hidden: true },
    field('options.failurePolicy.maxFailureRatio', 'Max failure ratio (0–1)', maxFailureRatio),
    field('options.failurePolicy.minFinished', 'Judge after (items)', minFinished),
    field('options.failurePolicy.action', 'Then', policyAction));

  const form = h('form', { class: 'new-batch', novalidate: true, 'aria-labelledby': 'new-title' },
    summary,
    h('section', { class: 'card form-section' },
      h('h2', { class: 'section-title' }, 'Basics'),
      field('name', 'Batch name', name, { wide: true }),
      h('fieldset', { class: 'field field--wide' },
        h('legend', { class: 'field__label' }, 'Processor'),
        h('div', { class: 'segmented', role: 'radiogroup' },
          h('label', { class: 'segmented__option', for: 'processor-simulated' }, processorSimulated,
            h('span', {}, h('strong', {}, 'Simulated'), h('small', {}, 'Latency and failures you choose'))),
          h('label', { class: 'segmented__option', for: 'processor-http' }, processorHttp,
            h('span', {}, h('strong', {}, 'HTTP'), h('small', {}, 'Calls your endpoint per item')))),
        processorError),
      simulatedSection, httpSection),
    h('section', { class: 'card form-section' },
      h('h2', { class: 'section-title' }, 'Items'),
      h('div', { class: 'field field--wide', 'data-field': 'items' },
        itemsLabel,
        itemsText, filePill, fileUpload.element, dropzone, fileInput,
        itemsTools,
        itemsSummary,
        h('p', { class: 'field__error', id: 'f-items-error', 'data-error-for': 'items' }))),
    h('section', { class: 'card form-section' },
      h('h2', { class: 'section-title' }, 'Flow options'),
      h('div', { class: 'grid grid--3' },
        field('options.maxInFlight', 'Max in flight', maxInFlight, { hint: 'Items processed at once' }),
        field('options.maxAttempts', 'Max attempts', maxAttempts, { hint: 'Per item, retries included' }),
        field('options.itemTimeout', 'Item timeout (s)', itemTimeout, { hint: 'Default 300 s' }),
        field('options.itemsPerSecond', 'Rate limit (items/s)', itemsPerSecond),
        field('options.deadline', 'Deadline (minutes)', deadline, { hint: 'Stops the batch with TIMEOUT' }),
        field('priority', 'Priority', priority, { hint: 'Higher priorities are dispatched first' }),
        field('options.limit', 'Shared limit', sharedLimit, { hint: 'A limit named in the orchestrator\'s configuration, e.g. one API key' })),
      h('label', { class: 'check' }, policyOn, h('span', {}, h('strong', {}, 'Failure policy'),
        ' — stop early when too many items fail')),
      policySection),
    h('section', { class: 'card form-section' },
      h('h2', { class: 'section-title' }, 'Callback (optional)'),
      h('p', { class: 'field__hint' }, 'A signed POST to your URL when the batch ends or pauses (header Batchpulse-Signature: '
        + 't=…,v1=HMAC-SHA256 of "t.body" with the secret), retried for up to a day until it answers 2xx.'),
      h('div', { class: 'grid grid--3' },
        field('callbacks.url', 'Callback URL', callbackUrl, { wide: true }),
        field('callbacks.secret', 'Signing secret', callbackSecret, { hint: 'Never shown again' })),
      h('fieldset', { class: 'field field--wide', 'data-field': 'callbacks.events' },
        h('legend', { class: 'field__label' }, 'When'),
        h('div', { class: 'callback-events' }, callbackEvents.map((box) => h('label', { class: 'check check--sm' }, box, h('span', {}, box.value)))),
        callbackEventsError)),
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn btn--ghost', href: href('list') }, 'Cancel'), submit));

  itemsText.id = 'f-items';
  itemsText.setAttribute('aria-describedby', 'f-items-error');
  fields.set('items', { wrapper: form.querySelector('[data-field="items"]'), input: itemsText, error: form.querySelector('#f-items-error') });
  fields.set('processor', { wrapper: processorError.parentElement, input: processorSimulated, error: processorError });
  fields.set('callbacks.events', { wrapper: callbackEventsError.parentElement, input: callbackEvents[0], error: callbackEventsError });

  container.append(
    h('div', { class: 'page-header' },
      h('div', {},
        h('a', { class: 'back-link', href: href('list') }, icon('arrowLeft'), 'Batches'),
        h('h1', { class: 'page-title', id: 'new-title' }, 'New batch'),
        h('p', { class: 'page-subtitle' }, 'Describe the work, add the items, and watch it run.'))),
    form);

  const onProcessorChange = () => {
    const http = processorHttp.checked;
    simulatedSection.hidden = http;
    httpSection.hidden = !http;
  };
  processorSimulated.addEventListener('change', onProcessorChange);
  processorHttp.addEventListener('change', onProcessorChange);
  policyOn.addEventListener('change', () => {
    policySection.hidden = !policyOn.checked;
  });

  let parseTimer;
  itemsText.addEventListener('input', () => {
    clearTimeout(parseTimer);
    parseTimer = setTimeout(() => describeItems(), 250);
  });
  sampleButton.addEventListener('click', () => {
    const count = Math.min(10000, Math.max(1, Number.parseInt(sampleCount.value, 10) || 200));
    clearFile();
    itemsText.value = sampleItems(count).map((item) => JSON.stringify(item)).join('\n');
    describeItems();
  });
  fileInput.addEventListener('change', () => {
    if (fileInput.files[0]) {
      fileUpload.choose(fileInput.files[0]);
    }
    // the same file chosen again (to resume) must fire change again
    fileInput.value = '';
  });
  ['dragenter', 'dragover'].forEach((type) => dropzone.addEventListener(type, (event) => {
    event.preventDefault();
    dropzone.classList.add('dropzone--over');
  }));
  ['dragleave', 'drop'].forEach((type) => dropzone.addEventListener(type, () => dropzone.classList.remove('dropzone--over')));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files?.[0];
    if (file) {
      fileUpload.choose(file);
    }
  });

  async function readFile(file) {
    fileUpload.remove();
    const text = await file.text();
    if (!alive) {
      return;
    }
    try {
      fileItems = parseItems(text, file.name);
      setItemsError('');
      filePill.hidden = false;
      filePill.replaceChildren(icon('file'), h('span', { class: 'file-pill__name' }, file.name),
        h('span', { class: 'muted' }, `${formatCount(fileItems.length)} items`),
        h('button', { type: 'button', class: 'btn btn--ghost btn--sm', onclick: clearFile, 'aria-label': `Remove ${file.name}` }, icon('x')));
      itemsText.hidden = true;
      dropzone.hidden = true;
      describe(fileItems);
    } catch (error) {
      fileItems = null;
      setItemsError(`${file.name}: ${error.message}`);
    }
  }

  function clearFile() {
    fileItems = null;
    fileInput.value = '';
    filePill.hidden = true;
    fileUpload.remove();
    itemsText.hidden = false;
    dropzone.hidden = false;
    itemsTools.hidden = false;
    describeItems();
  }

  /** An uploading file replaces the pasted items and the in-browser file. */
  function onFileChange() {
    const uploading = fileUpload.active;
    if (uploading) {
      fileItems = null;
      filePill.hidden = true;
      setItemsError('');
      // the upload panel says what happens to the file
      itemsSummary.replaceChildren();
    }
    itemsText.hidden = uploading;
    dropzone.hidden = uploading;
    itemsTools.hidden = uploading;
    itemsLabel.textContent = uploading ? 'Items from a file' : 'Paste items as JSON or JSONL';
    // the textarea is hidden then: the label names the file below instead of pointing at it
    itemsLabel.htmlFor = uploading ? '' : 'f-items';
    if (!uploading) {
      describeItems();
    }
  }

  function currentItems() {
    return fileItems ?? parseItems(itemsText.value);
  }

  function describeItems() {
    if (!itemsText.value.trim() && !fileItems) {
      itemsSummary.textContent = '';
      setItemsError('');
      return;
    }
    try {
      describe(currentItems());
      setItemsError('');
    } catch (error) {
      itemsSummary.textContent = '';
      setItemsError(error.message);
    }
  }

  function describe(items) {
    itemsSummary.replaceChildren(icon('check'),
      `${formatCount(items.length)} ${items.length === 1 ? 'item' : 'items'} ready`,
      ...(items.length ? [h('span', { class: 'muted' }, ` · first: ${items[0].label}`)] : []));
  }

  function setItemsError(message) {
    const entry = fields.get('items');
    entry.error.textContent = message;
    entry.wrapper.classList.toggle('field--invalid', Boolean(message));
  }

  const value = (input) => (input.value.trim() === '' ? undefined : Number(input.value));

  function buildBody(items) {
    return { ...settings(), items };
  }

  function settings() {
    const http = processorHttp.checked;
    const config = http
      ? { url: url.value.trim() || undefined, timeoutMs: value(timeoutMs) }
      : { latencyMs: value(latency), latencyJitterMs: value(jitter), failureRate: value(failureRate), seed: value(seed) };
    const options = {
      maxInFlight: value(maxInFlight),
      maxAttempts: value(maxAttempts),
      itemTimeout: value(itemTimeout) === undefined ? undefined : `PT${value(itemTimeout)}S`,
      itemsPerSecond: value(itemsPerSecond),
      deadline: value(deadline) === undefined ? undefined : `PT${value(deadline)}M`,
      limit: sharedLimit.value.trim() || undefined,
      failurePolicy: policyOn.checked
        ? { maxFailureRatio: value(maxFailureRatio), minFinished: value(minFinished), action: policyAction.value }
        : undefined,
    };
    return {
      name: name.value.trim() || undefined,
      processor: http ? 'http' : 'simulated',
      config,
      options,
      priority: priority.value,
      callbacks: callbacks(),
    };
  }

  /** One callback when a URL is given; the API judges the rest (URL, events, secret). */
  function callbacks() {
    const target = callbackUrl.value.trim();
    if (!target) {
      return undefined;
    }
    const events = callbackEvents.filter((box) => box.checked).map((box) => box.value);
    return [{ url: target, events, secret: callbackSecret.value || undefined }];
  }

  function clearErrors() {
    fileUpload.clearErrors();
    summary.hidden = true;
    summary.replaceChildren();
    for (const { wrapper, input, error } of fields.values()) {
      error.textContent = '';
      wrapper?.classList.remove('field--invalid');
      input.removeAttribute('aria-invalid');
    }
  }

  function showErrors(message, details) {
    const { byField, unmatched } = fieldErrorsByPath(details, [...fields.keys()]);
    for (const [path, messages] of byField) {
      const entry = fields.get(path);
      entry.error.textContent = messages.join(' · ');
      entry.wrapper?.classList.add('field--invalid');
      entry.input.setAttribute('aria-invalid', 'true');
    }
    // the first problem in reading order, not in the API's (alphabetical) order
    const first = [...form.querySelectorAll('[aria-invalid="true"]')].find((input) => !input.closest('[hidden]'));
    summary.hidden = false;
    summary.replaceChildren(icon('alert'), h('div', {},
      h('strong', {}, message),
      byField.size ? h('p', {}, `Check the ${byField.size === 1 ? 'field' : `${byField.size} fields`} marked below.`) : null,
      unmatched.length ? h('ul', {}, unmatched.map((detail) => h('li', {}, detail))) : null));
    (first ?? summary).focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    if (fileUpload.active) {
      await submitFile();
      return;
    }
    let items;
    try {
      items = currentItems();
    } catch (error) {
      if (!(error instanceof ItemsParseError)) {
        throw error;
      }
      showErrors('The items could not be read.', [`items: ${error.message}`]);
      return;
    }
    busy('Starting…');
    try {
      const batch = await batchesApi.create(buildBody(items));
      toast(`Batch “${batch.name ?? 'Untitled'}” started with ${formatCount(batch.totalItems)} items.`, 'success');
      navigate('batch', { id: batch.id });
    } catch (error) {
      refused(error);
    } finally {
      busy(null);
    }
  });

  /** Waits for the upload (it started when the file was chosen), then creates the batch from it. */
  async function submitFile() {
    busy('Uploading…');
    let uploadId;
    try {
      uploadId = await fileUpload.ready();
    } catch (error) {
      busy(null);
      if (alive && error.name !== 'AbortError') {
        showErrors('The file did not finish uploading.', [error.message]);
      }
      return;
    }
    busy('Starting…');
    try {
      const batch = await uploadsApi.createBatch(uploadId, { ...settings(), ...fileUpload.options });
      fileUpload.created();
      toast(`Batch “${batch.name ?? 'Untitled'}” created from the file: its items are being read.`, 'success');
      navigate('batch', { id: batch.id });
    } catch (error) {
      if (alive && error instanceof ApiError && error.code === 'VALIDATION_FAILED' && fileUpload.showBadLines(error)) {
        summary.hidden = false;
        summary.replaceChildren(icon('alert'), h('div', {}, h('strong', {}, 'The batch was not created: the file has invalid lines.'),
          h('p', {}, 'They are listed under the file.')));
        return;
      }
      refused(error);
    } finally {
      busy(null);
    }
  }

  function refused(error) {
    if (!alive) {
      return;
    }
    if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
      showErrors('The batch was not created: please fix the highlighted fields.', error.details);
    } else if (error instanceof ApiError) {
      showErrors(`The batch was not created: ${error.message}`, error.details);
    } else {
      showErrors('The batch was not created.', [String(error.message ?? error)]);
    }
  }

  function busy(label) {
    submit.disabled = Boolean(label);
    setAttr(submit, 'aria-busy', label ? 'true' : null);
    submit.querySelector('.btn__label').textContent = label ?? 'Start batch';
  }

  name.focus();
  return () => {
    alive = false;
    clearTimeout(parseTimer);
    fileUpload.dispose();
  };
}
