import { batchesApi } from '../api.js';

const PAGE_SIZE = 200;
const MAX_PAGES_PER_POLL = 3;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The item feed without a stream: reads the items API (ordered by index) from the first item not
 * yet seen finished, a few pages per poll, and reports each finished attempt once. Failed items
 * are also read on their own, so a failure always reaches the feed even when the walk lags.
 */
export class ItemWalker {
  constructor(batchId, seen) {
    this.batchId = batchId;
    this.seen = seen;
    this.cursor = 0;
    this.failedPage = 0;
  }

  /** Starts over, e.g. after retry-failed put failed items back to pending. */
  rewind() {
    this.cursor = 0;
    this.failedPage = 0;
  }

  /** Returns {finished: [...new entries, oldest first], current: [labels in progress]}. */
  async poll(signal, finishedCount) {
    const found = [];
    const current = [];
    // when far behind (a fast batch), jump close to the front: the feed shows the newest anyway
    if (finishedCount - this.cursor > PAGE_SIZE * MAX_PAGES_PER_POLL) {
      this.cursor = Math.max(this.cursor, finishedCount - PAGE_SIZE * 2);
    }
    for (let i = 0; i < MAX_PAGES_PER_POLL; i++) {
      const page = Math.floor(this.cursor / PAGE_SIZE);
      const result = await batchesApi.items(this.batchId, { page, size: PAGE_SIZE }, signal);
      let firstOpen = null;
      for (const item of result.content) {
        if (FINISHED.has(item.status)) {
          this.collect(item, found);
        } else {
          if (item.index >= this.cursor && firstOpen === null) {
            firstOpen = item.index;
          }
          if (item.status === 'in_progress') {
            current.push(item);
          }
        }
      }
      const lastPage = page + 1 >= result.totalPages;
      this.cursor = firstOpen ?? (lastPage ? this.cursor : (page + 1) * PAGE_SIZE);
      if (firstOpen !== null || lastPage) {
        break;
      }
    }
    const failed = await batchesApi.items(this.batchId, { status: 'failed', page: this.failedPage, size: PAGE_SIZE }, signal);
    failed.content.forEach((item) => this.collect(item, found));
    if (failed.content.length === PAGE_SIZE && this.failedPage + 1 < failed.totalPages) {
      this.failedPage++;
    }
    found.sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || a.index - b.index);
    current.sort((a, b) => Date.parse(b.startedAt ?? 0) - Date.parse(a.startedAt ?? 0));
    return { finished: found, current: current.map((item) => item.label).filter(Boolean) };
  }

  collect(item, found) {
    const entry = entryFromItem(item);
    if (this.seen.add(entry)) {
      found.push(entry);
    }
  }
}

/** Feed entries keyed by item and attempt, so stream and reads never show one result twice. */
export class SeenItems {
  constructor(limit = 50000) {
    this.keys = new Set();
    this.limit = limit;
  }

  add(entry) {
    const key = `${entry.itemId}:${entry.attempt}:${entry.status}`;
    if (this.keys.has(key)) {
      return false;
    }
    if (this.keys.size >= this.limit) {
      this.keys.delete(this.keys.values().next().value);
    }
    this.keys.add(key);
    return true;
  }
}

export function entryFromItem(item) {
  return {
    itemId: item.id,
    index: item.index,
    label: item.label,
    status: item.status,
    attempt: item.attempt,
    durationMs: item.durationMs ?? null,
    score: item.score ?? null,
    result: item.result ?? null,
    error: item.error ?? null,
    at: Date.parse(item.finishedAt ?? item.startedAt ?? '') || null,
  };
}

/** item.completed / item.failed as the stream sends them (the contract's ItemEvent JSON). */
export function entryFromEvent(type, event) {
  return {
    itemId: event.itemId,
    index: event.index,
    label: event.label,
    status: type === 'item.failed' ? 'failed' : 'completed',
    attempt: event.attempt ?? 1,
    durationMs: event.durationMs ?? null,
    score: event.score ?? null,
    result: event.result ?? null,
    error: typeof event.error === 'string' ? { code: 'ERROR', message: event.error, details: [] } : event.error ?? null,
    at: Date.parse(event.occurredAt ?? event.timestamp ?? '') || Date.now(),
  };
}
