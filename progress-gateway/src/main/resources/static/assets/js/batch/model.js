import { isTerminal } from '../status.js';
import { parseIsoDuration, toDate } from '../format.js';
import { StageTracker, durationsFromSpans } from './stages.js';

const THROUGHPUT_WINDOW_MS = 10000;

/**
 * What the batch page knows about one batch, from whichever source is freshest: the progress
 * snapshots of the stream, or (without a stream) the batch read every few seconds plus the
 * items seen. Figures the snapshot does not carry yet are estimated here from what was seen.
 */
export class BatchModel {
  constructor(id) {
    this.id = id;
    this.loaded = false;
    this.details = null;
    this.snapshot = null;
    this.snapshotReceivedAt = 0;
    this.counts = { total: 0, completed: 0, failed: 0, cancelled: 0, inProgress: 0, pending: 0 };
    this.status = null;
    this.statusReason = null;
    this.current = [];
    this.best = null;
    this.samples = [];
    this.durationSum = 0;
    this.durationCount = 0;
    this.segments = [];
    this.stageTracker = new StageTracker();
    this.version = 0;
  }

  /** A live batch.stage event. */
  applyStage(event) {
    this.stageTracker.apply(event);
    this.version++;
  }

  /** The stage now: {stage, message, percentage}, or null for a batch without stages. */
  stage() {
    return this.stageTracker.current(this.snapshot, this.details);
  }

  /** The stage spans (uploading, parsing, queued, …) or an empty list for a batch without them. */
  stageSpans() {
    return this.stageTracker.spans(this.snapshot);
  }

  /** The duration breakdown: the API's once the batch is final, else counted live from the spans. */
  durations(now = Date.now()) {
    const exact = this.details?.durations;
    if (exact && isTerminal(this.status)) {
      return exact;
    }
    return durationsFromSpans(this.stageSpans(), now) ?? exact ?? null;
  }

  /** The uploaded file the items came from, or null. */
  get source() {
    return this.details?.source ?? null;
  }

  /** GET /batches/{id}: exact counts from the orchestrator. */
  applyDetails(details, { countsFromDetails = true } = {}) {
    this.details = details;
    this.loaded = true;
    if (details.snapshot) {
      this.applySnapshot(details.snapshot, { counts: false });
    }
    if (countsFromDetails || !this.snapshot) {
      this.counts = {
        total: details.totalItems,
        completed: details.completedItems,
        failed: details.failedItems,
        cancelled: details.cancelledItems,
        inProgress: details.inProgressItems,
        pending: details.pendingItems,
      };
      this.setStatus(details.status, details.statusReason);
    }
    this.sample();
    this.version++;
  }

  /** A ProgressSnapshot (stream, snapshot endpoint or the batch's own snapshot field). */
  applySnapshot(snapshot, { counts = true } = {}) {
    if (this.snapshot && snapshot.version !== undefined && snapshot.version < this.snapshot.version) {
      return;
    }
    this.snapshot = snapshot;
    this.snapshotReceivedAt = Date.now();
    if (counts) {
      this.counts = {
        total: snapshot.total,
        completed: snapshot.completed,
        failed: snapshot.failed,
        cancelled: snapshot.cancelled,
        inProgress: snapshot.inProgress,
        pending: snapshot.pending,
      };
      this.setStatus(snapshot.status, snapshot.statusReason);
      this.sample();
    }
    if (snapshot.current?.length) {
      this.current = snapshot.current;
    }
    if (snapshot.bestSoFar) {
      this.best = { label: snapshot.bestSoFar.label, score: snapshot.bestSoFar.score, summary: snapshot.bestSoFar.summary,
        index: snapshot.bestSoFar.index };
    }
    this.version++;
  }

  /** A status the page learned first-hand (a control's answer), ahead of the next read. */
  setStatus(status, reason = this.statusReason) {
    if (!status) {
      return;
    }
    if (status !== this.status) {
      const now = new Date();
      const last = this.segments.at(-1);
      if (last && !last.endedAt) {
        last.endedAt = isTerminal(status) ? (toDate(this.details?.finishedAt) ?? now) : now;
      }
      if (!last) {
        this.seedSegments(status);
      } else {
        this.segments.push({ name: status, startedAt: now, endedAt: isTerminal(status) ? now : null });
      }
      this.status = status;
    }
    this.statusReason = reason ?? null;
    this.version++;
  }

  seedSegments(status) {
    const created = toDate(this.details?.createdAt ?? this.snapshot?.createdAt);
    const started = toDate(this.details?.startedAt ?? this.snapshot?.startedAt);
    const finished = toDate(this.details?.finishedAt ?? this.snapshot?.finishedAt);
    if (created) {
      this.segments.push({ name: 'created', startedAt: created, endedAt: started ?? created });
    }
    if (started) {
      this.segments.push({ name: isTerminal(status) ? 'running' : status, startedAt: started, endedAt: isTerminal(status) ? finished : null });
    }
    if (isTerminal(status)) {
      this.segments.push({ name: status, startedAt: finished ?? new Date(), endedAt: finished ?? new Date() });
    }
  }

  /** Items seen finishing feed the estimates the snapshot would otherwise give. */
  noteItems(entries) {
    for (const entry of entries) {
      if (entry.status === 'completed' && Number.isFinite(entry.durationMs)) {
        this.durationSum += entry.durationMs;
        this.durationCount++;
      }
      if (entry.status === 'completed' && Number.isFinite(entry.score) && (!this.best || entry.score > this.best.score)
          && !this.snapshot?.bestSoFar) {
        this.best = { label: entry.label, score: entry.score, summary: summarize(entry.result), index: entry.index };
      }
    }
    this.version++;
  }

  noteCurrent(labels) {
    if (!this.snapshot?.current?.length) {
      this.current = labels;
      this.version++;
    }
  }

  sample() {
    const now = Date.now();
    this.samples.push({ at: now, finished: this.finished });
    while (this.samples.length > 2 && now - this.samples[0].at > THROUGHPUT_WINDOW_MS) {
      this.samples.shift();
    }
  }

  get finished() {
    return this.counts.completed + this.counts.failed + this.counts.cancelled;
  }

  get percent() {
    if (Number.isFinite(this.snapshot?.percentage) && this.snapshot.total === this.counts.total
        && this.snapshot.completed === this.counts.completed) {
      return this.snapshot.percentage;
    }
    const { total } = this.counts;
    return total > 0 ? Math.floor((this.finished / total) * 1000) / 10 : 0;
  }

  get startedAt() {
    return this.details?.startedAt ?? this.snapshot?.startedAt ?? null;
  }

  get finishedAt() {
    return this.details?.finishedAt ?? this.snapshot?.finishedAt ?? null;
  }

  get createdAt() {
    return this.details?.createdAt ?? this.snapshot?.createdAt ?? null;
  }

  /** Ticks on the page's own clock while the batch runs (the snapshot's time is its last event's). */
  elapsedMs(now = Date.now()) {
    const started = toDate(this.startedAt);
    if (!started && this.status === 'created') {
      // a file batch being read has not started yet: nothing has elapsed to show
      return NaN;
    }
    const finished = toDate(this.finishedAt);
    if (this.snapshot && Number.isFinite(this.snapshot.elapsedMs)) {
      return this.status === 'running' ? this.snapshot.elapsedMs + (now - this.snapshotReceivedAt) : this.snapshot.elapsedMs;
    }
    if (!started) {
      return NaN;
    }
    return (finished ?? (isTerminal(this.status) ? toDate(this.snapshot?.updatedAt) : null) ?? new Date(now)).getTime()
      - started.getTime();
  }

  /** Items per second: the snapshot's rolling figure, else the change seen over the last seconds. */
  throughput() {
    if (Number.isFinite(this.snapshot?.throughputPerSec)) {
      return this.snapshot.throughputPerSec;
    }
    if (isTerminal(this.status)) {
      const elapsed = this.elapsedMs();
      return elapsed > 0 ? this.finished / (elapsed / 1000) : NaN;
    }
    if (this.samples.length < 2) {
      return NaN;
    }
    const first = this.samples[0];
    const last = this.samples.at(-1);
    const seconds = (last.at - first.at) / 1000;
    return seconds >= 1 ? (last.finished - first.finished) / seconds : NaN;
  }

  averageItemMs() {
    if (Number.isFinite(this.snapshot?.avgItemMs)) {
      return this.snapshot.avgItemMs;
    }
    return this.durationCount > 0 ? this.durationSum / this.durationCount : NaN;
  }

  /** Seconds left, or NaN while it cannot be estimated (not running, or no rate yet). */
  etaSeconds() {
    if (this.status !== 'running') {
      return isTerminal(this.status) ? 0 : NaN;
    }
    if (this.snapshot && this.snapshot.etaSeconds !== null && this.snapshot.etaSeconds !== undefined
        && this.snapshot.total === this.counts.total) {
      return this.snapshot.etaSeconds;
    }
    const rate = this.throughput();
    const remaining = this.counts.total - this.finished;
    return rate > 0 ? Math.ceil(remaining / rate) : NaN;
  }

  /** The batch's stages when it has them, else the status changes this page saw. */
  stages() {
    const spans = this.stageSpans();
    if (!spans.length) {
      return this.segments;
    }
    if (this.status === 'paused') {
      // a pause is not a stage, but while it lasts it is what the batch is doing
      const seen = this.segments.findLast((segment) => segment.name === 'paused' && !segment.endedAt);
      spans.push({ name: 'paused', startedAt: seen?.startedAt ?? toDate(this.snapshot?.updatedAt) ?? new Date(), endedAt: null, message: null });
    }
    return spans;
  }

  /** The batch's settings for the summary card. */
  recap() {
    const recap = this.snapshot?.configRecap;
    const options = this.details?.options ?? {};
    return {
      processor: recap?.processor ?? this.details?.processor,
      config: this.details?.config ?? null,
      maxInFlight: recap?.maxInFlight ?? options.maxInFlight,
      maxAttempts: recap?.maxAttempts ?? options.maxAttempts,
      itemTimeoutMs: parseIsoDuration(recap?.itemTimeout ?? options.itemTimeout),
      itemsPerSecond: recap?.itemsPerSecond ?? options.itemsPerSecond,
      deadlineMs: parseIsoDuration(recap?.deadline ?? options.deadline),
      failurePolicy: recap?.failurePolicy ?? options.failurePolicy ?? null,
      limit: options.limit ?? null,
      priority: options.priority ?? 'normal',
    };
  }
}

/** A short text for a result object: its summary field, else its first few fields. */
export function summarize(result) {
  if (result === null || result === undefined) {
    return '';
  }
  if (typeof result !== 'object') {
    return String(result);
  }
  if (typeof result.summary === 'string') {
    return result.summary;
  }
  return Object.entries(result).slice(0, 3)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(', ');
}
