import { formatCount } from '../format.js';
import { h, icon, setText } from '../ui/dom.js';

/** Statuses from which the orchestrator takes a retry-failed (its status machine decides; this only mirrors it). */
const RETRYABLE = new Set(['completed_with_errors', 'failed']);

/**
 * The batch's failed items by failure group, live from the snapshot (its five largest groups):
 * "37 × TIMEOUT: upstream took longer than …ms", each with [Retry these], which retries only that
 * group. Hidden while nothing failed.
 */
export class FailuresCard {
  /** onRetry(group, button) sends the retry and reports its outcome. */
  constructor(onRetry) {
    this.onRetry = onRetry;
    this.busy = null;
    this.list = h('ul', { class: 'failure-groups', 'aria-label': 'Failure groups' });
    this.rest = h('p', { class: 'failure-groups__rest muted', 'data-testid': 'failure-groups-rest', hidden: true });
    this.element = h('section', { class: 'card failures', 'aria-labelledby': 'failures-title', hidden: true, 'data-testid': 'failures' },
      h('h2', { class: 'card__title', id: 'failures-title' }, icon('alert', 'card__icon'), 'Failures'), this.list, this.rest);
  }

  update(groups, failed, status) {
    const shown = groups ?? [];
    this.element.hidden = shown.length === 0;
    const retryable = RETRYABLE.has(status);
    const key = JSON.stringify([shown, retryable, this.busy]);
    if (this.list.dataset.key !== key) {
      this.list.dataset.key = key;
      this.list.replaceChildren(...shown.map((group) => this.row(group, retryable)));
    }
    const others = failed - shown.reduce((sum, group) => sum + group.count, 0);
    this.rest.hidden = shown.length === 0 || others <= 0;
    setText(this.rest, `and ${formatCount(others)} more failed ${others === 1 ? 'item' : 'items'} in smaller groups`);
  }

  row(group, retryable) {
    const button = h('button', {
      type: 'button', class: 'btn btn--secondary btn--sm', 'data-action': 'retry-group', 'data-group': group.key,
      title: retryable ? `Run the ${formatCount(group.count)} failed items of this group again`
        : 'Failed items can be retried once the batch has finished',
    }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), icon('retry', 'btn__icon'), h('span', { class: 'btn__label' }, 'Retry these'));
    button.disabled = !retryable || Boolean(this.busy);
    if (this.busy === group.key) {
      button.setAttribute('aria-busy', 'true');
    }
    button.addEventListener('click', () => this.retry(group, button));
    const text = `${formatCount(group.count)} × ${group.code}${group.signature ? `: ${group.signature}` : ''}`;
    return h('li', { class: 'failure-group', 'data-testid': 'failure-group', 'data-group': group.key },
      h('span', { class: 'failure-group__text', title: text }, text), button);
  }

  async retry(group, button) {
    if (this.busy) {
      return;
    }
    this.busy = group.key;
    button.setAttribute('aria-busy', 'true');
    try {
      await this.onRetry(group, button);
    } finally {
      this.busy = null;
      this.list.dataset.key = '';
    }
  }
}
