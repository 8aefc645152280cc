import { batchesApi } from '../api.js';
import { h, icon } from '../ui/dom.js';

/**
 * "Download results" as JSONL or CSV. The file comes from a plain link, so the browser streams it
 * to disk however large it is (a fetch into a Blob would hold a million-item export in the page's
 * memory). A link cannot send the bearer token, so each click first asks for a single-use download
 * ticket valid for a minute and follows the URL the gateway answers; the long-lived token never
 * appears in a URL.
 */
export class ResultsDownload {
  constructor(batchId, onError) {
    this.batchId = batchId;
    this.onError = onError;
    this.buttons = [format('jsonl', 'JSONL'), format('csv', 'CSV')];
    this.element = h('div', { class: 'download', role: 'group', 'aria-label': 'Download results' },
      h('span', { class: 'download__label' }, icon('download', 'btn__icon'), 'Download results'), ...this.buttons);
    for (const button of this.buttons) {
      button.addEventListener('click', () => this.download(button));
    }
  }

  async download(button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const { url } = await batchesApi.resultsTicket(this.batchId, button.dataset.format);
      const link = h('a', { href: url, download: '', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      this.onError(error);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}

function format(value, label) {
  return h('button', { type: 'button', class: 'btn btn--secondary btn--sm', 'data-format': value,
    'data-testid': `download-${value}`, title: `Download every item as ${label}` },
  h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { class: 'btn__label' }, label));
}
