import { formatItemTime, formatTime } from '../format.js';
import { h, icon, setText } from '../ui/dom.js';

const MAX_ROWS = 500;
const FLUSH_INTERVAL_MS = 100;
const ROWS_PER_FLUSH = 100;

/**
 * The scrolling item feed: one row per finished item, newest at the bottom, a pass or fail mark,
 * and failed rows that expand to their error (code, message, details). Rows arrive in bursts
 * (thousands per second on a fast batch), so they are queued and drawn once per animation frame,
 * and only the newest MAX_ROWS stay in the page.
 */
export class ItemFeed {
  /** onRetryItem(index, button), if given, retries one failed item from its expanded row. */
  constructor(onRetryItem = null) {
    this.onRetryItem = onRetryItem;
    this.queue = [];
    this.lastFlush = 0;
    this.skipped = 0;
    this.autoScroll = true;
    this.total = 0;
    this.unseen = 0;
    this.list = h('ol', { class: 'feed__list', 'data-testid': 'item-feed', 'aria-label': 'Finished items, newest last' });
    this.scroller = h('div', { class: 'feed__scroller', tabindex: 0, 'aria-label': 'Item feed' }, this.list);
    this.emptyNote = h('p', { class: 'feed__empty muted' }, 'Finished items appear here as they complete.');
    this.sampleNote = h('p', { class: 'feed__sample muted', role: 'status', 'data-testid': 'feed-sampled', hidden: true });
    this.leftOut = 0;
    this.toggle = h('button', {
      type: 'button', class: 'btn btn--secondary btn--sm feed__toggle', 'aria-pressed': 'true', 'data-testid': 'autoscroll-toggle',
    }, h('span', { class: 'toggle-dot', 'aria-hidden': 'true' }), h('span', { class: 'btn__label' }, 'Auto-scroll on'));
    this.failuresOnly = h('input', { type: 'checkbox', class: 'checkbox', id: 'feed-failures-only' });
    this.jump = h('button', { type: 'button', class: 'feed__jump', hidden: true }, icon('chevronDown'), h('span', {}));
    this.countNote = h('span', { class: 'feed__count muted' });
    this.element = h('section', { class: 'card feed', 'aria-labelledby': 'feed-title' },
      h('div', { class: 'card__header' },
        h('h2', { class: 'card__title', id: 'feed-title' }, 'Items'),
        this.countNote,
        h('div', { class: 'feed__tools' },
          h('label', { class: 'check check--sm' }, this.failuresOnly, h('span', {}, 'Failures only')),
          this.toggle)),
      this.sampleNote,
      h('div', { class: 'feed__body' }, this.emptyNote, this.scroller, this.jump));
    this.toggle.addEventListener('click', () => this.setAutoScroll(!this.autoScroll));
    this.jump.addEventListener('click', () => {
      this.scrollToNewest();
      this.unseen = 0;
      this.jump.hidden = true;
    });
    this.failuresOnly.addEventListener('change', () => {
      this.element.classList.toggle('feed--failures-only', this.failuresOnly.checked);
    });
    this.list.addEventListener('click', (event) => {
      const retry = event.target.closest('[data-action=retry-item]');
      if (retry && this.onRetryItem && !retry.disabled) {
        this.onRetryItem(Number(retry.dataset.index), retry);
        return;
      }
      const button = event.target.closest('.feed-row__toggle');
      if (button) {
        this.toggleRow(button);
      }
    });
  }

  setAutoScroll(on) {
    this.autoScroll = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    setText(this.toggle.querySelector('.btn__label'), on ? 'Auto-scroll on' : 'Auto-scroll paused');
    if (on) {
      this.scrollToNewest();
      this.unseen = 0;
      this.jump.hidden = true;
    }
  }

  push(entries) {
    this.queue.push(...entries);
    if (this.queue.length > MAX_ROWS) {
      this.skipped += this.queue.length - MAX_ROWS;
      this.queue.splice(0, this.queue.length - MAX_ROWS);
    }
  }

  get pending() {
    return this.queue.length > 0;
  }

  /**
   * Draws what arrived since the last draw. Rows are drawn at most every FLUSH_INTERVAL_MS: nobody
   * reads rows faster, and redrawing a scrolling list every frame is what costs a page its frames.
   * Returns true when rows are still waiting (the caller asks for another frame).
   */
  flush(now = performance.now()) {
    if (!this.queue.length) {
      return false;
    }
    if (now - this.lastFlush < FLUSH_INTERVAL_MS) {
      return true;
    }
    this.lastFlush = now;
    const entries = this.pickForDrawing(this.queue);
    this.skipped += this.queue.length - entries.length;
    this.queue = [];
    const fragment = document.createDocumentFragment();
    entries.forEach((entry) => fragment.append(this.row(entry)));
    this.list.append(fragment);
    this.total += entries.length;
    const excess = this.list.childElementCount - MAX_ROWS;
    if (excess > 0) {
      // one range removal instead of one removal per row
      const range = document.createRange();
      range.setStartBefore(this.list.firstElementChild);
      range.setEndBefore(this.list.children[excess]);
      range.deleteContents();
    }
    this.emptyNote.hidden = true;
    setText(this.countNote, [
      this.total > MAX_ROWS ? `newest ${MAX_ROWS.toLocaleString()} shown` : '',
      this.skipped > 0 ? `${this.skipped.toLocaleString()} passed too fast to list` : '',
    ].filter(Boolean).join(' · '));
    if (this.autoScroll) {
      this.scrollToNewest();
    } else {
      this.unseen += entries.length;
      this.jump.hidden = false;
      setText(this.jump.lastChild, `${this.unseen.toLocaleString()} new`);
    }
    return false;
  }

  /**
   * At most ROWS_PER_FLUSH rows per draw (ten draws a second): a screen shows a dozen rows, and
   * drawing more only costs frames. Failures are kept first, then the newest completions.
   */
  pickForDrawing(queue) {
    if (queue.length <= ROWS_PER_FLUSH) {
      return queue;
    }
    const failures = queue.filter((entry) => entry.status === 'failed').slice(-ROWS_PER_FLUSH);
    const keep = new Set(failures);
    for (let i = queue.length - 1; i >= 0 && keep.size < ROWS_PER_FLUSH; i--) {
      keep.add(queue[i]);
    }
    return queue.filter((entry) => keep.has(entry));
  }

  /** A notice that the stream skipped some rows for this slow client; counts stay exact. */
  gap(skipped) {
    this.list.append(h('li', { class: 'feed-row feed-row--gap' },
      h('span', { class: 'muted' }, `${Number(skipped) > 0 ? Number(skipped).toLocaleString() + ' ' : ''}items not shown here (the feed caught up)`)));
  }

  /**
   * A crowded batch sends its viewers a sample of its item events (failures first) and counts the
   * rest: one line says so, with the running count. The counts above come from snapshots, exact.
   */
  sampled(notice) {
    this.leftOut += Number(notice.skipped) || 0;
    const viewers = Number(notice.viewers) > 0 ? ` (${Number(notice.viewers).toLocaleString()} viewers)` : '';
    setText(this.sampleNote, `Showing a sample of the item feed${viewers}: ${this.leftOut.toLocaleString()} item updates not shown here. `
      + 'Search the labels or download the results for all of them.');
    this.sampleNote.hidden = false;
  }

  scrollToNewest() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  row(entry) {
    const failed = entry.status === 'failed';
    const mark = h('span', { class: `feed-mark feed-mark--${failed ? 'fail' : entry.status === 'completed' ? 'pass' : 'muted'}`,
      role: 'img', 'aria-label': failed ? 'Failed' : entry.status === 'completed' ? 'Passed' : 'Cancelled' },
    icon(failed ? 'x' : entry.status === 'completed' ? 'check' : 'pause'));
    const main = [
      mark,
      h('span', { class: 'feed-row__index mono' }, `#${(entry.index + 1).toLocaleString()}`),
      h('span', { class: 'feed-row__label', title: entry.label }, entry.label || 'Item'),
      h('span', { class: 'feed-row__meta' },
        entry.attempt > 1 ? h('span', { class: 'pill pill--muted' }, `attempt ${entry.attempt}`) : null,
        failed && entry.error?.code ? h('span', { class: 'pill pill--error mono' }, entry.error.code) : null,
        Number.isFinite(entry.durationMs) ? h('span', { class: 'feed-row__time' }, formatItemTime(entry.durationMs)) : null,
        h('span', { class: 'feed-row__clock' }, entry.at ? formatTime(entry.at) : '')),
    ];
    const element = h('li', { class: `feed-row feed-row--${entry.status}`, 'data-item-id': entry.itemId, 'data-status': entry.status });
    if (!failed) {
      element.append(h('div', { class: 'feed-row__line' }, main));
      return element;
    }
    const detailsId = `err-${entry.itemId}-${entry.attempt}`;
    element.append(h('button', { type: 'button', class: 'feed-row__line feed-row__toggle', 'aria-expanded': 'false', 'aria-controls': detailsId },
      main, icon('chevronRight', 'feed-row__chevron')));
    element.append(errorDetails(detailsId, entry));
    return element;
  }

  toggleRow(button) {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    document.getElementById(button.getAttribute('aria-controls')).hidden = !open;
  }
}

function errorDetails(id, entry) {
  const error = entry.error ?? {};
  return h('div', { class: 'feed-error', id, hidden: true, 'data-testid': 'error-details' },
    h('dl', { class: 'feed-error__grid' },
      h('dt', {}, 'Code'), h('dd', { class: 'mono' }, error.code ?? 'UNKNOWN'),
      h('dt', {}, 'Message'), h('dd', {}, error.message ?? 'No message'),
      h('dt', {}, 'Attempt'), h('dd', {}, String(entry.attempt ?? 1))),
    error.details?.length
      ? h('div', {}, h('p', { class: 'feed-error__subtitle' }, 'Details'),
        h('ul', { class: 'feed-error__details' }, error.details.map((detail) => h('li', { class: 'mono' }, detail))))
      : null,
    h('button', {
      type: 'button', class: 'btn btn--secondary btn--sm feed-error__retry', 'data-action': 'retry-item', 'data-index': String(entry.index),
    }, 'Retry this item'));
}
