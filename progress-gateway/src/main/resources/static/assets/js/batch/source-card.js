import { formatByteRate, formatBytes, formatCount, formatDuration, toDate } from '../format.js';
import { h } from '../ui/dom.js';

/**
 * Where a file batch's items came from: the file, its size and chunks, how long the upload took,
 * and, when lines were skipped (option skipInvalid), the report of those lines behind a
 * disclosure: "3 invalid lines skipped — view report".
 */
export class SourceCard {
  constructor() {
    this.body = h('div', { class: 'source__body' });
    this.element = h('section', { class: 'card source', 'aria-labelledby': 'source-title', hidden: true, 'data-testid': 'source' },
      h('h2', { class: 'card__title', id: 'source-title' }, 'Source file'), this.body);
  }

  update(source) {
    this.element.hidden = !source;
    const key = source ? JSON.stringify([source.uploadId, source.fileName, source.items, source.invalidLines, source.uploadFinishedAt]) : '';
    if (!source || this.body.dataset.key === key) {
      return;
    }
    this.body.dataset.key = key;
    const started = toDate(source.uploadStartedAt);
    const finished = toDate(source.uploadFinishedAt);
    const uploadMs = started && finished ? finished.getTime() - started.getTime() : NaN;
    const rows = [
      ['File', h('span', { class: 'source__name', 'data-testid': 'source-file' }, source.fileName)],
      ['Size', formatBytes(source.sizeBytes)],
      ['Format', String(source.format ?? '').toUpperCase() || '—'],
      ['Chunks', formatCount(source.chunks)],
      ['Items', formatCount(source.items)],
      ['Upload', Number.isFinite(uploadMs) && uploadMs >= 0
        ? `${formatDuration(uploadMs)}${uploadMs > 0 ? ` · ${formatByteRate(source.sizeBytes / (uploadMs / 1000))}` : ''}` : '—'],
    ];
    this.body.replaceChildren(
      h('dl', { class: 'summary' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      source.invalidLines > 0 ? invalidLinesReport(source) : h('p', { class: 'source__clean muted', 'data-testid': 'no-invalid-lines' }, 'Every line was a valid item.'));
  }
}

function invalidLinesReport(source) {
  const sample = source.invalidLineSample ?? [];
  const more = source.invalidLines - sample.length;
  const count = `${formatCount(source.invalidLines)} invalid ${source.invalidLines === 1 ? 'line' : 'lines'} skipped`;
  return h('details', { class: 'invalid-lines', 'data-testid': 'invalid-lines' },
    h('summary', { class: 'invalid-lines__summary' }, h('span', {}, count), ' — ', h('span', { class: 'invalid-lines__link' }, 'view report')),
    h('ol', { class: 'bad-lines__list', 'aria-label': 'Skipped lines' }, sample.map((entry) => h('li', { class: 'bad-line' },
      h('span', { class: 'bad-line__number mono' }, `Line ${formatCount(entry.line)}`),
      h('span', { class: 'bad-line__reason' }, entry.reason)))),
    more > 0 ? h('p', { class: 'bad-lines__more muted' }, `and ${formatCount(more)} more`) : null);
}
