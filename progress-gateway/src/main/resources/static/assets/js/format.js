/** Numbers, durations and times formatted for people, in the browser's locale. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const compactDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const relative = typeof Intl.RelativeTimeFormat === 'function'
  ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

export function formatCount(value) {
  return Number.isFinite(value) ? integer.format(value) : '—';
}

/** 49.2 % style: one decimal, 100 only when really finished (the caller passes the exact value). */
export function formatPercent(value) {
  return Number.isFinite(value) ? `${oneDecimal.format(value)} %` : '—';
}

export function formatNumber(value) {
  return Number.isFinite(value) ? compactDecimal.format(value) : '—';
}

/** 6m 23s, 1h 02m, 45s, 820 ms. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < 1000) {
    return `${integer.format(Math.round(ms))} ms`;
  }
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  if (minutes > 0) {
    return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  }
  return `${seconds}s`;
}

/** Per-item time: 149 ms, 1.4 s, then durations. */
export function formatItemTime(ms) {
  if (!Number.isFinite(ms)) {
    return '—';
  }
  if (ms < 1000) {
    return `${integer.format(Math.round(ms))} ms`;
  }
  if (ms < 10000) {
    return `${oneDecimal.format(ms / 1000)} s`;
  }
  return formatDuration(ms);
}

export function formatThroughput(perSecond) {
  if (!Number.isFinite(perSecond)) {
    return '—';
  }
  if (perSecond > 0 && perSecond < 1) {
    return `${compactDecimal.format(perSecond * 60)} / min`;
  }
  return `${perSecond >= 100 ? integer.format(perSecond) : oneDecimal.format(perSecond)} / s`;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 512 bytes, 24.0 MB, 7.0 GB: binary multiples (1 MB = 1,048,576 bytes), as the API's messages. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '—';
  }
  if (bytes < 1024) {
    return `${integer.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  }
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${oneDecimal.format(value)} ${BYTE_UNITS[unit]}`;
}

/** 12.3 MB/s. */
export function formatByteRate(bytesPerSecond) {
  return Number.isFinite(bytesPerSecond) && bytesPerSecond >= 0 ? `${formatBytes(bytesPerSecond)}/s` : '—';
}

/** "about 10 s left", "about 3m 20s left"; empty while it cannot be estimated. */
export function formatTimeLeft(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return 'less than a second left';
  }
  return ms < 60000 ? `about ${Math.ceil(ms / 1000)} s left` : `about ${formatDuration(ms)} left`;
}

export function formatDateTime(iso) {
  const date = toDate(iso);
  return date ? dateTime.format(date) : '—';
}

export function formatTime(iso) {
  const date = toDate(iso);
  return date ? timeOnly.format(date) : '';
}

export function formatRelative(iso, now = Date.now()) {
  const date = toDate(iso);
  if (!date) {
    return '—';
  }
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (!relative) {
    return dateTime.format(date);
  }
  const abs = Math.abs(seconds);
  if (abs < 45) {
    return relative.format(0, 'second') === 'now' ? 'just now' : relative.format(seconds, 'second');
  }
  if (abs < 3600) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 86400) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  if (abs < 86400 * 30) {
    return relative.format(Math.round(seconds / 86400), 'day');
  }
  return dateTime.format(date);
}

/** ISO-8601 durations as the API sends them (PT15M, PT1H30M, PT0.5S) → milliseconds. */
export function parseIsoDuration(text) {
  if (typeof text !== 'string') {
    return NaN;
  }
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match) {
    return NaN;
  }
  const [, d, hh, mm, ss] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return (((d * 24 + hh) * 60 + mm) * 60 + ss) * 1000;
}

export function toDate(value) {
  if (!value) {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
