import { ApiError, send } from '../api.js';
import { bearerToken, sessionRejected } from '../auth.js';

/**
 * The gateway's resumable upload API (tus 1.0 core semantics): create an upload, append chunks
 * at an offset, ask for the offset to resume from, abandon it, turn it into a batch. Chunks go
 * through XMLHttpRequest, the one browser API that reports how much of a request body was sent.
 */

const TUS_VERSION = '1.0.0';
/** A chunk whose bytes stop moving for this long is given up and sent again. */
const STALL_LIMIT_MS = 60000;

async function headers(extra = {}) {
  const token = await bearerToken();
  return { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Tus-Resumable': TUS_VERSION, ...extra };
}

/** One JSON call; resolves to {data, response}. A 204 has no data. */
async function call(path, { method = 'GET', body, signal } = {}) {
  const response = await send(`/uploads${path}`, { method, body, signal, headers: { 'Tus-Resumable': TUS_VERSION } });
  if (response.status === 204 || method === 'HEAD') {
    if (response.ok) {
      return { data: null, response };
    }
    throw refusal(response, null);
  }
  const envelope = await response.json().catch(() => null);
  if (response.ok && envelope) {
    return { data: envelope.data, response };
  }
  throw refusal(response, envelope?.error);
}

function refusal(response, error) {
  if (response.status === 401) {
    sessionRejected();
  }
  const refused = new ApiError(response.status,
    error?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : response.status === 404 ? 'NOT_FOUND' : `HTTP_${response.status}`),
    error?.message ?? `The server answered ${response.status}.`, error?.details ?? []);
  // the header says where the server is; a proxy that drops it leaves the detail ("offset: the server has 12345 bytes")
  const detail = (error?.details ?? []).map((text) => /server has (\d+) bytes/.exec(text)).find(Boolean);
  refused.serverOffset = offsetOf(response.headers.get('Upload-Offset')) ?? offsetOf(detail?.[1]);
  return refused;
}

function offsetOf(header) {
  const value = header === null || header === undefined || header === '' ? NaN : Number(header);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

export const uploadsApi = {
  /** POST /uploads: {fileName, size, format} → UploadView. */
  create: async ({ fileName, size, format }, signal) =>
    (await call('', { method: 'POST', body: { fileName, size, format, sha256: null }, signal })).data,

  get: async (id, signal) => (await call(`/${encodeURIComponent(id)}`, { signal })).data,

  /** HEAD: the number of bytes the server has, the offset to resume from. */
  offset: async (id, signal) => {
    const { response } = await call(`/${encodeURIComponent(id)}`, { method: 'HEAD', signal });
    const offset = offsetOf(response.headers.get('Upload-Offset'));
    if (offset === null) {
      throw new ApiError(response.status, 'UNAVAILABLE', 'The server did not say how much it has.');
    }
    return offset;
  },

  remove: async (id) => {
    await call(`/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },

  /** POST /uploads/{id}/batch → the batch's details (status created, stage parsing). */
  createBatch: async (id, body) => (await call(`/${encodeURIComponent(id)}/batch`, { method: 'POST', body })).data,

  /**
   * PATCH one chunk at {@code offset}; resolves to the server's new offset. onProgress(sentBytes)
   * follows the body as it leaves. Rejects with an ApiError (status 0 for a lost connection; a 409
   * carries serverOffset) or an AbortError.
   */
  patch: async (id, offset, blob, { onProgress, signal } = {}) => {
    const requestHeaders = await headers({ 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' });
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      let stall;
      const watch = () => {
        clearTimeout(stall);
        stall = setTimeout(() => xhr.abort(), STALL_LIMIT_MS);
      };
      const finish = () => {
        clearTimeout(stall);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => xhr.abort();
      xhr.open('PATCH', `/api/v1/uploads/${encodeURIComponent(id)}`);
      Object.entries(requestHeaders).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (event) => {
        watch();
        onProgress?.(event.loaded);
      };
      xhr.onload = () => {
        finish();
        const serverOffset = offsetOf(xhr.getResponseHeader('Upload-Offset'));
        if (xhr.status >= 200 && xhr.status < 300 && serverOffset !== null) {
          resolve(serverOffset);
          return;
        }
        let error = null;
        try {
          error = JSON.parse(xhr.responseText)?.error ?? null;
        } catch {
          // a proxy's HTML page: the status says enough
        }
        reject(refusal({ status: xhr.status >= 200 && xhr.status < 300 ? 502 : xhr.status, headers: { get: (name) => xhr.getResponseHeader(name) } }, error));
      };
      xhr.onerror = () => {
        finish();
        reject(new ApiError(0, 'NETWORK', 'The connection was lost while sending a chunk.'));
      };
      xhr.onabort = () => {
        finish();
        reject(signal?.aborted ? new DOMException('Upload stopped', 'AbortError')
          : new ApiError(0, 'NETWORK', 'The chunk stopped moving; it is sent again.'));
      };
      if (signal?.aborted) {
        reject(new DOMException('Upload stopped', 'AbortError'));
        return;
      }
      signal?.addEventListener('abort', onAbort);
      watch();
      xhr.send(blob);
    });
  },
};
