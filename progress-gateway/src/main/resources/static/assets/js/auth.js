/**
 * Who the browser acts as. A token comes from, in this order:
 * 1. the hosting app: `window.batchpulseToken` (a string, or a function returning a string or a
 *    promise of one, asked before every request so the host can refresh it), or a
 *    `postMessage({type: 'batchpulse:token', token})` from the embedding window;
 * 2. this tab's session (sessionStorage), filled by the local-mode user picker, which asks the
 *    gateway's dev token endpoint (it exists only in the `local` profile).
 * Tokens live in memory and sessionStorage only, never in a URL or a cookie.
 */

const STORAGE_KEY = 'batchpulse.session';
const listeners = new Set();
let session = readStored();

export function onAuthChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session {token, subject, admin, source} or null; hosting-app tokens win. */
export function currentSession() {
  const hosted = window.batchpulseToken;
  if (typeof hosted === 'string' && hosted) {
    return describe(hosted, 'host');
  }
  if (typeof hosted === 'function') {
    return { token: null, subject: 'signed in', admin: false, source: 'host' };
  }
  if (session && session.expiresAt && Date.parse(session.expiresAt) < Date.now()) {
    signOut();
  }
  return session;
}

/** The bearer token to send now, or null. */
export async function bearerToken() {
  const hosted = window.batchpulseToken;
  if (typeof hosted === 'function') {
    return (await hosted()) || null;
  }
  return currentSession()?.token ?? null;
}

export async function signInAsDevUser(subject, admin = false) {
  const query = new URLSearchParams({ sub: subject });
  if (admin) {
    query.set('admin', 'true');
  }
  const response = await fetch(`/api/v1/dev/token?${query}`, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body?.data?.token) {
    const message = body?.error?.details?.join('; ') || body?.error?.message || `HTTP ${response.status}`;
    throw new Error(response.status === 401 || response.status === 404
      ? 'Local sign-in is not available on this server: the hosting app must provide a token.'
      : message);
  }
  setSession({ ...describe(body.data.token, 'dev'), expiresAt: body.data.expiresAt });
  return session;
}

/** True when the gateway runs in local mode (its dev token endpoint answers). */
export async function devSignInAvailable() {
  try {
    const response = await fetch('/api/v1/dev/token?sub=probe', { headers: { Accept: 'application/json' } });
    return response.ok;
  } catch {
    return false;
  }
}

export function signOut() {
  setSession(null);
}

/** The API answered 401: the token expired or was revoked. */
export function sessionRejected() {
  if (session) {
    signOut();
  } else {
    notify();
  }
}

/** Accepts tokens posted by the embedding window (same origin, or origins the host allowed). */
export function listenForHostTokens() {
  window.addEventListener('message', (event) => {
    const allowed = window.batchpulseTokenOrigins ?? [window.location.origin];
    if (event.source !== window.parent || !allowed.includes(event.origin)) {
      return;
    }
    const data = event.data;
    if (data && data.type === 'batchpulse:token' && typeof data.token === 'string') {
      setSession({ ...describe(data.token, 'host'), expiresAt: data.expiresAt ?? null });
    }
  });
  if (window.parent !== window) {
    window.parent.postMessage({ type: 'batchpulse:ready' }, '*');
  }
}

function setSession(next) {
  session = next;
  try {
    if (next) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  } catch {
    // storage can be disabled (private mode); the session then lives for this page only
  }
  notify();
}

function notify() {
  listeners.forEach((listener) => listener(currentSession()));
}

function readStored() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.token === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** Reads sub and scope from the JWT payload for display only; the gateway verifies the token. */
function describe(token, source) {
  let claims = {};
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    claims = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
  } catch {
    // an opaque token: show no name
  }
  const scopes = String(claims.scope ?? claims.scp ?? '').split(/\s+/);
  return {
    token,
    subject: claims.sub ?? 'signed in',
    admin: scopes.some((scope) => scope.endsWith(':admin')),
    source,
    expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : null,
  };
}
