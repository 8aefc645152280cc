/**
 * Hash routes, so every page has a URL that can be shared and survives a refresh without any
 * server-side routing: #/batches, #/batches?status=running&page=1, #/batches/new, #/batches/{id}.
 */

export function parseRoute(hash = window.location.hash) {
  const raw = hash.replace(/^#/, '') || '/batches';
  const [path, queryString = ''] = raw.split('?');
  const query = Object.fromEntries(new URLSearchParams(queryString));
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'batches') {
    return { name: 'list', query: {} };
  }
  if (parts.length === 1) {
    return { name: 'list', query };
  }
  if (parts[1] === 'new') {
    return { name: 'new', query };
  }
  return { name: 'batch', id: decodeURIComponent(parts[1]), query };
}

export function href(name, { id, query } = {}) {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  const path = name === 'new' ? '/batches/new' : name === 'batch' ? `/batches/${encodeURIComponent(id)}` : '/batches';
  return `#${path}${search ? `?${search}` : ''}`;
}

export function navigate(name, options) {
  const target = href(name, options);
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

/** Replaces the URL without a new history entry (filters, paging). */
export function replaceRoute(name, options) {
  const target = href(name, options);
  if (window.location.hash !== target) {
    history.replaceState(null, '', target);
  }
}
