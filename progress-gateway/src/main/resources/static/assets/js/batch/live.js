import { ApiError, batchesApi } from '../api.js';
import { isTerminal } from '../status.js';
import { Backoff } from './backoff.js';
import { ItemWalker, SeenItems, entryFromEvent } from './item-walker.js';

const POLL_INTERVAL_MS = 2000;
const SILENCE_LIMIT_MS = 45000;
/** Reads of a finished batch whose snapshot lags the orchestrator before the page shows it as it is. */
const SETTLE_READS = 15;
const FEED_EVENTS = ['item.completed', 'item.failed'];
const CONTROL_EVENTS = ['batch.paused', 'batch.resumed', 'batch.cancelled'];

/**
 * Keeps a batch page up to date. It prefers the SSE stream (native EventSource with a stream
 * ticket) and falls back to reading the batch every 2 s when the stream is unavailable.
 *
 * A native EventSource retries by itself only after a network error; after any non-200 answer
 * (a proxy's 502 while a gateway restarts, an expired ticket) it closes for good. So on every
 * error this class closes it and opens a new one itself, with backoff, a fresh ticket and the
 * last event id it saw, while the batch read keeps the numbers moving in between.
 *
 * A gateway at its stream capacity answers the ticket with 503 STREAMS_FULL and Retry-After: the
 * page then waits that long (±20 % jitter, so refused pages do not all come back at once) before
 * the next stream, state `busy`, reading the batch every 2 s meanwhile.
 *
 * States: connecting → live ⇄ reconnecting / busy → ended (the batch reached a final status and
 * has no item in flight any more).
 */
export class LiveConnection {
  constructor(batchId, handlers) {
    this.batchId = batchId;
    this.handlers = handlers;
    this.seen = new SeenItems();
    this.walker = new ItemWalker(batchId, this.seen);
    this.backoff = new Backoff({ initialMs: 1000, maxMs: 8000 });
    this.state = 'connecting';
    this.mode = 'stream';
    this.streamSupported = true;
    this.lastEventId = null;
    this.source = null;
    this.timer = null;
    this.watchdog = null;
    this.controller = new AbortController();
    this.stopped = false;
    this.status = null;
    this.finishedCount = 0;
    this.inFlight = 0;
    this.caughtUp = true;
    this.settleReads = 0;
    this.streamRetryAt = 0;
  }

  /** Whole seconds until the next stream attempt while busy. */
  get busyRetryInSeconds() {
    return Math.max(1, Math.ceil((this.streamRetryAt - Date.now()) / 1000));
  }

  start() {
    this.pollOnce().then(() => this.afterPoll(true));
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    this.controller.abort();
    this.closeStream();
  }

  /** Reads the batch now (after a control action); restarts updates if the batch runs again. */
  async refresh() {
    const wasEnded = this.state === 'ended';
    await this.pollOnce();
    if (wasEnded && !isTerminal(this.status)) {
      this.walker.rewind();
      this.setState('connecting');
      this.afterPoll(true);
    }
  }

  /** Test and diagnostics hook: drop the stream as if the network failed. */
  simulateDrop() {
    if (this.source) {
      this.source.close();
      this.onStreamError(null);
    } else {
      this.setState('reconnecting');
    }
  }

  /** True while an open stream delivers the batch's events. */
  get streaming() {
    return Boolean(this.source) && this.state === 'live';
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.handlers.onState?.(state, this.mode);
    }
  }

  /** One read of the batch (and, without a stream, of its items). False when it failed. */
  async pollOnce() {
    try {
      const details = await batchesApi.get(this.batchId, this.controller.signal);
      this.status = details.status;
      this.finishedCount = details.completedItems + details.failedItems + details.cancelledItems;
      this.inFlight = details.inProgressItems;
      this.caughtUp = snapshotCaughtUp(details);
      this.handlers.onDetails(details, { countsFromDetails: !this.streaming || isTerminal(details.status) });
      if (!this.streaming) {
        const { finished, current } = await this.walker.poll(this.controller.signal, this.finishedCount);
        this.handlers.onItems(finished, current);
      }
      return true;
    } catch (error) {
      if (error.name === 'AbortError' || this.stopped) {
        return false;
      }
      if (error instanceof ApiError && !error.transient) {
        this.handlers.onFatal?.(error);
        this.stop();
        return false;
      }
      this.setState('reconnecting');
      return false;
    }
  }

  afterPoll(ok) {
    if (this.stopped) {
      return;
    }
    // a cancelled batch lets its items in progress finish: the numbers are final once none is
    // left. A retry that is over before the page reads the batch again is final in the
    // orchestrator before the gateway's snapshot (the failure groups, the best result) has folded
    // it: the page waits for the snapshot too, unless it lags for good.
    const settled = this.caughtUp || this.settleReads >= SETTLE_READS;
    if (ok && isTerminal(this.status) && this.inFlight === 0 && settled) {
      this.backoff.reset();
      this.closeStream();
      this.setState('ended');
      return;
    }
    if (ok && isTerminal(this.status)) {
      // final status, items still finishing or the snapshot behind: read until they are done (no new stream for that)
      this.settleReads += this.inFlight === 0 ? 1 : 0;
      this.closeStream();
      this.setState('live');
      this.schedulePoll(POLL_INTERVAL_MS);
      return;
    }
    this.settleReads = 0;
    if (ok && this.mode === 'stream' && this.streamSupported && !this.source) {
      if (Date.now() < this.streamRetryAt) {
        // the countdown in the indicator moves with every read
        this.setState('busy');
        this.handlers.onState?.(this.state, this.mode);
        this.schedulePoll(Math.min(POLL_INTERVAL_MS, this.streamRetryAt - Date.now()));
        return;
      }
      this.openStream();
      return;
    }
    if (ok && this.mode === 'poll') {
      this.backoff.reset();
      this.setState('live');
    }
    this.schedulePoll(ok ? POLL_INTERVAL_MS : this.backoff.next());
  }

  schedulePoll(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      // while the stream is live it carries everything; the reads are its fallback
      if (this.streaming) {
        return;
      }
      const ok = await this.pollOnce();
      this.afterPoll(ok);
    }, delay);
  }

  async openStream() {
    this.setState(this.state === 'live' ? 'reconnecting' : this.state);
    let ticket;
    try {
      ticket = await batchesApi.streamTicket(this.batchId);
    } catch (error) {
      if (this.stopped || error.name === 'AbortError') {
        return;
      }
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
        // this gateway has no stream: read the batch every 2 s instead
        this.streamSupported = false;
        this.mode = 'poll';
        this.handlers.onState?.(this.state, this.mode);
        this.afterPoll(true);
        return;
      }
      if (error instanceof ApiError && error.code === 'STREAMS_FULL') {
        const wait = error.retryAfterMs ?? this.backoff.next();
        this.streamRetryAt = Date.now() + Math.round(wait * (0.8 + Math.random() * 0.4));
        this.setState('busy');
        this.schedulePoll(Math.min(POLL_INTERVAL_MS, this.streamRetryAt - Date.now()));
        return;
      }
      this.setState('reconnecting');
      this.schedulePoll(this.backoff.next());
      return;
    }
    if (this.stopped) {
      return;
    }
    const query = new URLSearchParams({ ticket: ticket?.ticket ?? ticket?.token ?? '' });
    if (this.lastEventId) {
      // a new EventSource cannot send Last-Event-ID itself: the resume position goes in the URL
      query.set('lastEventId', this.lastEventId);
    }
    const source = new EventSource(`/api/v1/batches/${encodeURIComponent(this.batchId)}/progress?${query}`);
    this.source = source;
    source.addEventListener('open', () => {
      this.backoff.reset();
      this.setState('live');
      this.armWatchdog();
    });
    source.addEventListener('batch.progress', (event) => {
      this.remember(event);
      this.handlers.onSnapshot(JSON.parse(event.data));
    });
    FEED_EVENTS.forEach((type) => source.addEventListener(type, (event) => {
      this.remember(event);
      const entry = entryFromEvent(type, JSON.parse(event.data));
      if (this.seen.add(entry)) {
        this.handlers.onItems([entry], null);
      }
    }));
    source.addEventListener('item.started', (event) => {
      this.remember(event);
      const data = JSON.parse(event.data);
      this.handlers.onStarted?.(data.label);
    });
    CONTROL_EVENTS.forEach((type) => source.addEventListener(type, (event) => {
      this.remember(event);
      this.handlers.onBatchEvent?.(type, JSON.parse(event.data || '{}'));
      this.pollOnce();
    }));
    source.addEventListener('batch.complete', (event) => {
      this.remember(event);
      this.handlers.onBatchEvent?.('batch.complete', JSON.parse(event.data || '{}'));
      this.closeStream();
      // the exact final counts come from the orchestrator
      this.pollOnce().then((ok) => this.afterPoll(ok));
    });
    source.addEventListener('batch.stage', (event) => {
      this.remember(event);
      this.handlers.onStage?.(JSON.parse(event.data || '{}'));
    });
    source.addEventListener('heartbeat', () => this.armWatchdog());
    source.addEventListener('feed.gap', (event) => {
      this.remember(event);
      this.handlers.onGap?.(JSON.parse(event.data || '{}'));
    });
    // a crowded batch: item events come as a sample, and this counts the ones left out
    source.addEventListener('feed.sampled', (event) => {
      this.remember(event);
      this.handlers.onSampled?.(JSON.parse(event.data || '{}'));
    });
    source.addEventListener('error', (event) => {
      if (event.data) {
        // the server's own "error" event: {code, message}
        this.handlers.onStreamMessage?.(JSON.parse(event.data));
        return;
      }
      this.onStreamError(source);
    });
  }

  remember(event) {
    if (event.lastEventId) {
      this.lastEventId = event.lastEventId;
    }
    this.armWatchdog();
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.onStreamError(this.source), SILENCE_LIMIT_MS);
  }

  /** Closed for good or merely retrying, the page takes over: new ticket, last id, backoff. */
  onStreamError(source) {
    if (this.stopped || (source && source !== this.source)) {
      return;
    }
    this.closeStream();
    this.setState('reconnecting');
    this.schedulePoll(this.backoff.next());
  }

  closeStream() {
    clearTimeout(this.watchdog);
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }
}

/** The batch's snapshot has folded every item the orchestrator counts as finished (or there is none). */
function snapshotCaughtUp(details) {
  const snapshot = details.snapshot;
  return !snapshot || (snapshot.status === details.status && snapshot.completed === details.completedItems
    && snapshot.failed === details.failedItems);
}
