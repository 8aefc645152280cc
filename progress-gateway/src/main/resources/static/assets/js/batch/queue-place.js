/**
 * The place of a batch waiting for its shared limit (snapshot.queue, from batch.queued), for
 * people: "Queued: 3rd, expected start in ~2 min". The expected start is a time, so the text is
 * made anew at every render and counts down between snapshots.
 */
import { formatDuration } from '../format.js';

const ordinalRules = new Intl.PluralRules('en-US', { type: 'ordinal' });
const SUFFIXES = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

export function ordinal(n) {
  return `${n}${SUFFIXES[ordinalRules.select(n)]}`;
}

/** Null when the batch does not wait in a queue. */
export function queueText(queue, now = Date.now()) {
  if (!queue || !Number.isFinite(queue.position)) {
    return null;
  }
  const place = `Queued: ${ordinal(queue.position)}`;
  const at = queue.expectedStartAt ? Date.parse(queue.expectedStartAt) : NaN;
  if (!Number.isFinite(at)) {
    return `${place}, expected start not known yet`;
  }
  const ms = at - now;
  if (ms < 5_000) {
    return `${place}, starting any moment`;
  }
  if (ms < 60_000) {
    return `${place}, expected start in ~${Math.round(ms / 1000)} s`;
  }
  if (ms < 3_600_000) {
    return `${place}, expected start in ~${Math.round(ms / 60_000)} min`;
  }
  return `${place}, expected start in ~${formatDuration(ms)}`;
}
