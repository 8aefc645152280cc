import { h } from './dom.js';
import { batchStatus } from '../status.js';

/** A status badge; its colour is the status's token role. */
export function statusBadge(status, extraClass = '') {
  const badge = h('span', { class: `badge ${extraClass}`.trim(), 'data-testid': 'status-badge' });
  updateStatusBadge(badge, status);
  return badge;
}

export function updateStatusBadge(badge, status) {
  const { label, tone } = batchStatus(status);
  if (badge.dataset.status === status) {
    return;
  }
  badge.dataset.status = status;
  badge.className = badge.className.replace(/\bbadge--(success|error|info|warning|muted)\b/g, '').trim() + ` badge--${tone}`;
  badge.replaceChildren(h('span', { class: 'badge__dot', 'aria-hidden': 'true' }), label);
}
