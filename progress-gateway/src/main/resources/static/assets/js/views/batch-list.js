import { batchesApi } from '../api.js';
import { formatCount, formatPercent, formatRelative, formatDateTime } from '../format.js';
import { href, replaceRoute } from '../router.js';
import { ACTIVE_STATUSES, BATCH_STATUS_FILTERS, barTone, batchStatus } from '../status.js';
import { statusBadge, updateStatusBadge } from '../ui/badge.js';
import { h, icon, setAttr, setText } from '../ui/dom.js';

const PAGE_SIZE = 20;
const ACTIVE_REFRESH_MS = 2500;
const IDLE_REFRESH_MS = 15000;

/**
 * The caller's batches, newest first, paged. Counts of running batches stay live by refreshing
 * the page of the list periodically: one request for all rows, instead of a stream per row
 * (browsers allow only six connections per origin over HTTP/1.1).
 */
export function mountBatchList(container, route) {
  let status = BATCH_STATUS_FILTERS.includes(route.query.status) ? route.query.status : '';
  let page = Math.max(0, Number.parseInt(route.query.page ?? '0', 10) || 0);
  let timer = null;
  let controller = null;
  let alive = true;
  const rows = new Map();

  const filter = h('select', { id: 'status-filter', class: 'input input--select', 'aria-label': 'Filter by status' },
    h('option', { value: '' }, 'All statuses'),
    BATCH_STATUS_FILTERS.map((value) => h('option', { value, selected: value === status }, batchStatus(value).label)));
  const tbody = h('tbody', {});
  const table = h('table', { class: 'batch-table', 'data-testid': 'batch-table' },
    h('caption', { class: 'visually-hidden' }, 'Your batches, newest first'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Batch'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col', class: 'col-progress' }, 'Progress'),
      h('th', { scope: 'col', class: 'num' }, 'Failed'),
      h('th', { scope: 'col' }, 'Created'))),
    tbody);
  const empty = h('div', { class: 'empty', hidden: true });
  const errorBox = h('div', { class: 'banner banner--error', role: 'alert', hidden: true });
  const pageInfo = h('span', { class: 'pager__info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn--secondary btn--sm', onclick: () => go(page - 1) }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn--secondary btn--sm', onclick: () => go(page + 1) }, 'Next');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, pageInfo, next);
  const liveNote = h('span', { class: 'list-live muted' });

  container.append(
    h('div', { class: 'page-header' },
      h('div', {},
        h('h1', { class: 'page-title' }, 'Batches'),
        h('p', { class: 'page-subtitle' }, 'Your batches, newest first. Open one to watch it live.')),
      h('a', { class: 'btn btn--primary', href: href('new') }, icon('plus'), 'New batch')),
    h('section', { class: 'card card--flush', 'aria-label': 'Batch list' },
      h('div', { class: 'toolbar' },
        h('label', { class: 'toolbar__label', for: 'status-filter' }, 'Status'), filter, liveNote),
      errorBox,
      h('div', { class: 'table-wrap' }, table),
      empty,
      pager));

  filter.addEventListener('change', () => {
    status = filter.value;
    go(0);
  });

  function go(target) {
    page = Math.max(0, target);
    replaceRoute('list', { query: { status, page: page || undefined } });
    load();
  }

  async function load() {
    clearTimeout(timer);
    controller?.abort();
    controller = new AbortController();
    let nextDelay = IDLE_REFRESH_MS;
    try {
      const result = await batchesApi.list({ status, page, size: PAGE_SIZE }, controller.signal);
      if (!alive) {
        return;
      }
      errorBox.hidden = true;
      if (result.content.length === 0 && page > 0 && result.totalPages > 0) {
        go(result.totalPages - 1);
        return;
      }
      renderRows(result.content);
      renderPager(result);
      const active = result.content.some((batch) => ACTIVE_STATUSES.has(batch.status));
      nextDelay = active ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS;
      setText(liveNote, active ? 'Live counts' : '');
      liveNote.classList.toggle('list-live--on', active);
    } catch (error) {
      if (error.name === 'AbortError' || !alive) {
        return;
      }
      errorBox.hidden = false;
      setText(errorBox, `Could not load batches: ${error.message} Retrying…`);
      nextDelay = ACTIVE_REFRESH_MS * 2;
    }
    timer = setTimeout(load, document.hidden ? Math.max(nextDelay, IDLE_REFRESH_MS) : nextDelay);
  }

  function renderRows(batches) {
    const seen = new Set();
    batches.forEach((batch, position) => {
      seen.add(batch.id);
      let row = rows.get(batch.id);
      if (!row) {
        row = createRow(batch);
        rows.set(batch.id, row);
      }
      updateRow(row, batch);
      if (tbody.children[position] !== row.element) {
        tbody.insertBefore(row.element, tbody.children[position] ?? null);
      }
    });
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.element.remove();
        rows.delete(id);
      }
    }
    table.hidden = batches.length === 0;
    empty.hidden = batches.length > 0;
    empty.replaceChildren(...(status
      ? [h('p', {}, `No ${batchStatus(status).label.toLowerCase()} batches.`)]
      : [h('div', { class: 'empty__icon' }, icon('list')),
        h('h2', { class: 'empty__title' }, 'No batches yet'),
        h('p', { class: 'muted' }, 'Create a batch from a list of items, then watch it run here.'),
        h('a', { class: 'btn btn--primary', href: href('new') }, icon('plus'), 'Create your first batch')]));
  }

  function createRow(batch) {
    const link = h('a', { class: 'batch-link', href: href('batch', { id: batch.id }) });
    const id = h('span', { class: 'batch-id mono' });
    const badge = statusBadge(batch.status);
    const fill = h('span', { class: 'mini-bar__fill' });
    const bar = h('span', { class: 'mini-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
    const counts = h('span', { class: 'mini-counts' });
    const failed = h('td', { class: 'num', 'data-label': 'Failed' });
    const created = h('td', { 'data-label': 'Created' });
    const element = h('tr', { class: 'batch-row', 'data-batch-id': batch.id },
      h('td', { class: 'cell-name' }, link, id),
      h('td', { 'data-label': 'Status' }, badge),
      h('td', { class: 'col-progress', 'data-label': 'Progress' }, h('span', { class: 'mini-progress' }, bar, counts)),
      failed, created);
    // the whole row opens the batch for pointer users; keyboard users use the name link
    element.addEventListener('click', (event) => {
      if (!event.target.closest('a') && !window.getSelection()?.toString()) {
        link.click();
      }
    });
    return { element, link, id, badge, bar, fill, counts, failed, created };
  }

  function updateRow(row, batch) {
    const finished = batch.completedItems + batch.failedItems + batch.cancelledItems;
    const percent = batch.totalItems > 0 ? Math.floor((finished / batch.totalItems) * 1000) / 10 : 0;
    setText(row.link, batch.name || 'Untitled batch');
    setText(row.id, batch.id.slice(0, 8));
    updateStatusBadge(row.badge, batch.status);
    row.fill.style.width = `${percent}%`;
    row.bar.dataset.tone = barTone(batch.status);
    setAttr(row.bar, 'aria-valuenow', percent);
    setAttr(row.bar, 'aria-label', `${batch.name || 'Batch'} progress`);
    setAttr(row.bar, 'aria-valuetext', `${formatCount(finished)} of ${formatCount(batch.totalItems)} (${formatPercent(percent)})`);
    setText(row.counts, `${formatCount(finished)} / ${formatCount(batch.totalItems)}`);
    setText(row.failed, batch.failedItems > 0 ? formatCount(batch.failedItems) : '—');
    row.failed.classList.toggle('text-error', batch.failedItems > 0);
    setText(row.created, formatRelative(batch.createdAt));
    setAttr(row.created, 'title', formatDateTime(batch.createdAt));
  }

  function renderPager(result) {
    const pages = Math.max(1, result.totalPages);
    setText(pageInfo, `Page ${formatCount(result.page + 1)} of ${formatCount(pages)} · ${formatCount(result.totalElements)} batches`);
    prev.disabled = result.page <= 0;
    next.disabled = result.page + 1 >= pages;
    pager.hidden = result.totalElements === 0;
  }

  const onVisible = () => {
    if (!document.hidden) {
      load();
    }
  };
  document.addEventListener('visibilitychange', onVisible);
  load();
  return () => {
    alive = false;
    clearTimeout(timer);
    controller?.abort();
    document.removeEventListener('visibilitychange', onVisible);
  };
}
