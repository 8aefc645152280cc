import { ApiError } from '../api.js';
import { Backoff } from '../batch/backoff.js';

export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
/** Tests shrink chunks with this localStorage key, so a small file still takes many chunks. */
export const CHUNK_OVERRIDE_KEY = 'batchpulse.uploadChunkBytes';
const MAX_FAILURES_IN_A_ROW = 8;
const SPEED_WINDOW_MS = 5000;

/** The upload is gone on the server (expired, discarded, or never this user's). */
export class UploadGoneError extends Error {
  constructor() {
    super('The upload is no longer on the server: choose the file again to start over.');
    this.name = 'UploadGoneError';
  }
}

/** The chunk size this browser uses: 8 MB, or the test override, never above the server's limit. */
export function chunkBytes(maxChunkSize, storage = globalThis.localStorage) {
  let wanted = DEFAULT_CHUNK_BYTES;
  try {
    const override = Number.parseInt(storage?.getItem(CHUNK_OVERRIDE_KEY) ?? '', 10);
    if (Number.isSafeInteger(override) && override > 0) {
      wanted = override;
    }
  } catch {
    // storage may be blocked: the default it is
  }
  return Number.isSafeInteger(maxChunkSize) && maxChunkSize > 0 ? Math.min(wanted, maxChunkSize) : wanted;
}

export function uploadFormat(fileName) {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    return 'csv';
  }
  return lower.endsWith('.jsonl') || lower.endsWith('.ndjson') ? 'jsonl' : null;
}

/**
 * Sends one file in chunks, tus style: each chunk at the offset the server confirmed. A chunk
 * that fails (lost connection, 5xx) is sent again after an exponential backoff, from the offset
 * the server reports (HEAD), since a cut chunk keeps the bytes that arrived; a 409 says where
 * the server is and the upload goes on from there.
 *
 * onProgress({sent, size, chunk, chunks, bytesPerSecond, msLeft, event}) follows every byte;
 * onRetry({attempt, delayMs, error}) tells about a failed chunk before its next try.
 */
export class ChunkedUpload {
  constructor(file, { client, upload = null, format, onCreated, onProgress, onRetry, sleep = delay, now = () => performance.now(), storage } = {}) {
    this.file = file;
    this.client = client;
    this.view = upload;
    this.format = format ?? uploadFormat(file.name);
    this.onCreated = onCreated;
    this.onProgress = onProgress;
    this.onRetry = onRetry;
    this.sleep = sleep;
    this.now = now;
    this.storage = storage;
    this.controller = new AbortController();
    this.backoff = new Backoff({ initialMs: 1000, maxMs: 16000 });
    this.offset = 0;
    this.samples = [];
    this.bytesSent = 0;
  }

  get id() {
    return this.view?.id ?? null;
  }

  /** Stops sending (the page goes away); what the server has stays there to resume. */
  abort() {
    this.controller.abort();
  }

  /** Resolves once the server has every byte; rejects with ApiError, UploadGoneError or AbortError. */
  async run() {
    const signal = this.controller.signal;
    let needsOffset = Boolean(this.view);
    if (!this.view) {
      this.view = await this.client.create({ fileName: this.file.name, size: this.file.size, format: this.format }, signal);
      this.offset = this.view.offset ?? 0;
      this.onCreated?.(this.view);
    }
    this.chunkSize = chunkBytes(this.view.maxChunkSize, this.storage);
    this.chunks = Math.max(1, Math.ceil(this.file.size / this.chunkSize));
    let failures = 0;
    while (needsOffset || this.offset < this.file.size) {
      try {
        if (needsOffset) {
          this.offset = await this.client.offset(this.id, signal);
          needsOffset = false;
          this.report(0, 'offset');
          continue;
        }
        // to the next chunk boundary: after a cut chunk the numbering stays that of whole chunks
        const end = Math.min(this.file.size, (Math.floor(this.offset / this.chunkSize) + 1) * this.chunkSize);
        const start = this.offset;
        const confirmed = await this.client.patch(this.id, start, this.file.slice(start, end), {
          signal, onProgress: (loaded) => this.report(loaded, 'bytes'),
        });
        this.bytesSent += end - start;
        this.offset = confirmed;
        this.report(0, 'chunk');
        failures = 0;
        this.backoff.reset();
      } catch (error) {
        if (error.name === 'AbortError' || signal.aborted) {
          throw error.name === 'AbortError' ? error : new DOMException('Upload stopped', 'AbortError');
        }
        if (error instanceof ApiError && error.status === 404) {
          throw new UploadGoneError();
        }
        if (error instanceof ApiError && error.code === 'OFFSET_MISMATCH' && error.serverOffset !== null
            && error.serverOffset !== undefined) {
          this.offset = error.serverOffset;
          continue;
        }
        if (!(error instanceof ApiError) || !error.transient || ++failures > MAX_FAILURES_IN_A_ROW) {
          throw error;
        }
        const delayMs = this.backoff.next();
        this.onRetry?.({ attempt: failures, delayMs, error });
        await this.sleep(delayMs, signal);
        needsOffset = true;
      }
    }
    this.report(0, 'end');
    return this.view;
  }

  /** event: bytes (a chunk is moving), chunk (the server confirmed one), offset (after a HEAD), end. */
  report(inFlight, event) {
    const sent = Math.min(this.file.size, this.offset + inFlight);
    const at = this.now();
    this.samples.push({ at, sent });
    while (this.samples.length > 2 && at - this.samples[0].at > SPEED_WINDOW_MS) {
      this.samples.shift();
    }
    const first = this.samples[0];
    const seconds = (at - first.at) / 1000;
    const bytesPerSecond = seconds >= 0.25 && sent >= first.sent ? (sent - first.sent) / seconds : NaN;
    const left = this.file.size - sent;
    this.onProgress?.({
      sent,
      size: this.file.size,
      chunk: Math.min(this.chunks, Math.floor(Math.max(0, Math.min(this.offset, this.file.size - 1)) / this.chunkSize) + 1),
      chunks: this.chunks,
      bytesPerSecond,
      msLeft: left === 0 ? 0 : bytesPerSecond > 0 ? (left / bytesPerSecond) * 1000 : NaN,
      event,
    });
  }
}

function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Upload stopped', 'AbortError'));
    }, { once: true });
  });
}
