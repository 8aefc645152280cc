import { batchesApi } from '../api.js';
import { formatCount } from '../format.js';
import { h, setText } from '../ui/dom.js';

const PAGE_SIZE = 100;
const TYPING_PAUSE_MS = 300;

/**
 * The items card's search box: items whose label contains the text (any case), read from the
 * items API (`?label=`), shown in place of the live feed until the box is cleared. Only the
 * answer to the latest text is shown; an older, slower one is dropped.
 */
export class ItemSearch {
  constructor(batchId, feedElement) {
    this.batchId = batchId;
    this.feed = feedElement;
    this.timer = 0;
    this.controller = null;
    this.input = h('input', {
      type: 'search', class: 'input input--sm item-search__input', placeholder: 'Search labels', 'aria-label': 'Search items by label',
      'data-testid': 'item-search', maxlength: '500', autocomplete: 'off',
    });
    this.note = h('p', { class: 'item-search__note muted', role: 'status', 'data-testid': 'item-search-note' });
    this.list = h('ol', { class: 'feed__list', 'data-testid': 'item-search-results', 'aria-label': 'Items matching the search' });
    this.element = h('div', { class: 'item-search', hidden: true }, this.note, h('div', { class: 'item-search__scroller' }, this.list));
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(this.input.value.trim()), TYPING_PAUSE_MS);
    });
  }

  async search(text) {
    this.controller?.abort();
    this.feed.classList.toggle('feed--searching', text !== '');
    this.element.hidden = text === '';
    if (!text) {
      this.list.replaceChildren();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    setText(this.note, 'Searching…');
    try {
      const page = await batchesApi.items(this.batchId, { label: text, size: PAGE_SIZE }, controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      this.list.replaceChildren(...page.content.map(row));
      const shown = page.content.length;
      setText(this.note, page.totalElements === 0 ? `No item label contains “${text}”.`
        : `${formatCount(page.totalElements)} ${page.totalElements === 1 ? 'item' : 'items'} with “${text}” in the label`
          + (page.totalElements > shown ? ` — the first ${formatCount(shown)} shown` : ''));
    } catch (error) {
      if (error.name !== 'AbortError') {
        setText(this.note, `Could not search: ${error.message}`);
      }
    }
  }
}

function row(item) {
  return h('li', { class: `feed-row feed-row--${item.status}`, 'data-status': item.status, 'data-testid': 'item-search-row' },
    h('div', { class: 'feed-row__line' },
      h('span', { class: 'feed-row__index mono' }, `#${(item.index + 1).toLocaleString()}`),
      h('span', { class: 'feed-row__label', title: item.label ?? '' }, item.label || 'Item'),
      h('span', { class: 'feed-row__meta' },
        h('span', { class: `pill pill--${item.status === 'failed' ? 'error' : 'muted'}` }, item.status),
        item.status === 'failed' && item.error?.code ? h('span', { class: 'pill pill--error mono', title: item.error.message ?? '' }, item.error.code) : null,
        item.attempt > 1 ? h('span', { class: 'pill pill--muted' }, `attempt ${item.attempt}`) : null)));
}
