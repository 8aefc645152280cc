import { bearerToken, sessionRejected } from './auth.js';

/** An API refusal ({code, message, details}) or a transport failure (status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(status, code, message, details = [], retryAfterMs = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    // the server's Retry-After (seconds), when it said how long to wait
    this.retryAfterMs = retryAfterMs;
  }

  /**
   * True when trying again later may work: the gateway is down, restarting or overloaded, or it
   * stopped waiting for a request that came too slowly (408: an upload chunk past its deadline).
   */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/**
 * One request to the gateway's /api/v1 with the bearer token (and a JSON body if given); resolves
 * to the fetch Response whatever its status. A network failure becomes an ApiError NETWORK.
 */
export async function send(path, { method = 'GET', body, signal, headers: extra = {} } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  const token = await bearerToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
  }
}

/** Calls the gateway's /api/v1 with the bearer token; resolves to the envelope's data. */
export async function api(path, options = {}) {
  const response = await send(path, options);
  const envelope = await response.json().catch(() => null);
  if (response.ok && envelope) {
    return envelope.data;
  }
  const error = envelope?.error;
  if (response.status === 401) {
    sessionRejected();
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  throw new ApiError(response.status, error?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : 'HTTP_' + response.status),
    error?.message ?? `The server answered ${response.status}.`, error?.details ?? [],
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : null);
}

export const batchesApi = {
  list: ({ status, page = 0, size = 20 } = {}, signal) => {
    const query = new URLSearchParams({ page, size });
    if (status) {
      query.set('status', status);
    }
    return api(`/batches?${query}`, { signal });
  },
  get: (id, signal) => api(`/batches/${encodeURIComponent(id)}`, { signal }),
  items: (id, { status, label, page = 0, size = 100 } = {}, signal) => {
    const query = new URLSearchParams({ page, size });
    if (status) {
      query.set('status', status);
    }
    if (label) {
      query.set('label', label);
    }
    return api(`/batches/${encodeURIComponent(id)}/items?${query}`, { signal });
  },
  snapshot: (id, signal) => api(`/batches/${encodeURIComponent(id)}/snapshot`, { signal }),
  create: (body) => api('/batches', { method: 'POST', body }),
  rerun: (id) => api(`/batches/${encodeURIComponent(id)}/rerun`, { method: 'POST' }),
  control: (id, action) => api(`/batches/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
  retryItem: (id, index) => api(`/batches/${encodeURIComponent(id)}/items/${index}/retry`, { method: 'POST' }),
  retryGroup: (id, group) => api(`/batches/${encodeURIComponent(id)}/retry-failed`, { method: 'POST', body: { group } }),
  callbacks: (id, signal) => api(`/batches/${encodeURIComponent(id)}/callbacks`, { signal }),
  resendCallback: (id, deliveryId) => api(`/batches/${encodeURIComponent(id)}/callbacks/${encodeURIComponent(deliveryId)}/resend`,
    { method: 'POST' }),
  failures: (id, signal) => api(`/batches/${encodeURIComponent(id)}/failures`, { signal }),
  streamTicket: (id) => api(`/batches/${encodeURIComponent(id)}/stream-ticket`, { method: 'POST' }),
  resultsTicket: (id, format) => api(`/batches/${encodeURIComponent(id)}/results-ticket?${new URLSearchParams({ format })}`,
    { method: 'POST' }),
};
