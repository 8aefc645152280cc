import { toDate } from '../format.js';
import { TERMINAL_STAGES } from '../status.js';

/** Which part of the duration breakdown each stage counts in (the API's `durations` names). */
export const DURATION_PARTS = [
  ['uploading', 'uploadMs', 'Upload'],
  ['parsing', 'parseMs', 'Parse'],
  ['queued', 'queuedMs', 'Queued'],
  ['processing', 'processingMs', 'Processing'],
  ['finalizing', 'finalizingMs', 'Finalizing'],
];

/**
 * A batch's stages from the two places they arrive: the snapshot (spans with start and end, the
 * current stage's message and percentage) and the live batch.stage events, which come first
 * (parsing moves a file batch's stage many times before any snapshot changes). The newer wins.
 */
export class StageTracker {
  constructor() {
    this.live = null;
    this.messages = new Map();
  }

  /** A batch.stage event {stage, message, percentage, occurredAt}. */
  apply(event) {
    if (!event?.stage) {
      return;
    }
    const at = toDate(event.occurredAt ?? event.timestamp) ?? new Date();
    if (this.live && at < this.live.at) {
      return;
    }
    this.live = { stage: event.stage, message: event.message ?? null, percentage: numberOrNull(event.percentage), at };
    if (event.message) {
      this.messages.set(event.stage, event.message);
    }
  }

  /** {stage, message, percentage} of now, or null for a batch without stages. */
  current(snapshot, details) {
    const fromSnapshot = snapshot?.stage
      ? { stage: snapshot.stage, message: snapshot.stageMessage ?? null, percentage: numberOrNull(snapshot.stagePercentage), at: toDate(snapshot.updatedAt) }
      : null;
    const base = fromSnapshot ?? (details?.stage ? { stage: details.stage, message: null, percentage: null, at: null } : null);
    const live = this.live;
    if (!live) {
      return base;
    }
    if (!base || !base.at || live.at >= base.at) {
      // the same stage: the snapshot may know a message the event's age hides, never the other way
      return live.stage === base?.stage && !live.message ? { ...live, message: base.message } : live;
    }
    return base;
  }

  /** The spans [{name, startedAt, endedAt, message}] of the snapshot, with a live stage not in it yet. */
  spans(snapshot) {
    const spans = (snapshot?.stages ?? []).map((span) => ({
      name: span.name, startedAt: toDate(span.startedAt), endedAt: toDate(span.endedAt),
    })).filter((span) => span.startedAt);
    const live = this.live;
    const last = spans.at(-1);
    if (live && (!last || (live.stage !== last.name && live.at > last.startedAt))) {
      if (last && !last.endedAt) {
        last.endedAt = live.at;
      }
      spans.push({ name: live.stage, startedAt: live.at, endedAt: TERMINAL_STAGES.has(live.stage) ? live.at : null });
    }
    return spans.map((span) => ({ ...span, message: this.messages.get(span.name) ?? null }));
  }
}

/**
 * {totalMs, uploadMs, parseMs, queuedMs, processingMs, finalizingMs} from stage spans, as the API
 * computes it (a stage's time is summed over its spans; total is the sum of the parts; parts of
 * stages not reached are null). An open span counts up to {@code now}.
 */
export function durationsFromSpans(spans, now = Date.now()) {
  const durations = { totalMs: null };
  for (const [, key] of DURATION_PARTS) {
    durations[key] = null;
  }
  for (const span of spans) {
    const part = DURATION_PARTS.find(([stage]) => stage === span.name);
    if (!part) {
      continue;
    }
    const end = span.endedAt ? span.endedAt.getTime() : now;
    const ms = Math.max(0, end - span.startedAt.getTime());
    durations[part[1]] = (durations[part[1]] ?? 0) + ms;
    durations.totalMs = (durations.totalMs ?? 0) + ms;
  }
  return durations.totalMs === null ? null : durations;
}

function numberOrNull(value) {
  return Number.isFinite(value) ? value : null;
}
