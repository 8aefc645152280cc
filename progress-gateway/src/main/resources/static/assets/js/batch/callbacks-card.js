import { batchesApi } from '../api.js';
import { formatCount, formatDateTime, formatRelative, toDate } from '../format.js';
import { h, icon } from '../ui/dom.js';

const DELIVERY_LABELS = { pending: 'Retrying', delivered: 'Delivered', failed: 'Gave up' };
const DELIVERY_TONES = { pending: 'warning', delivered: 'success', failed: 'error' };

/**
 * The batch's completion callbacks: each URL with the events it listens for, and every delivery
 * made to it — delivered, retrying (with the next attempt's time) or given up — with its attempts
 * behind a disclosure and a [Resend] button. Read from the API whenever the batch's status changes
 * (a delivery is enqueued with the change) and while a delivery is still pending. Hidden for a
 * batch without callbacks.
 */
export class CallbacksCard {
  /** onResent(delivery) hears of a resend the server took; onError(error) of a read or resend that failed. */
  constructor(batchId, { onResent, onError }) {
    this.batchId = batchId;
    this.onResent = onResent;
    this.onError = onError;
    this.status = null;
    this.timer = 0;
    this.busy = null;
    this.view = null;
    this.body = h('div', { class: 'callbacks__body' });
    this.element = h('section', { class: 'card callbacks', 'aria-labelledby': 'callbacks-title', hidden: true, 'data-testid': 'callbacks' },
      h('h2', { class: 'card__title', id: 'callbacks-title' }, icon('bolt', 'card__icon'), 'Callbacks'), this.body);
  }

  /** Called on every render; reads again only when the status moved. */
  update(status) {
    if (status && status !== this.status) {
      this.status = status;
      this.refresh();
    }
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      this.view = await batchesApi.callbacks(this.batchId);
      this.element.dataset.loaded = 'true';
      this.render();
    } catch (error) {
      this.onError(error);
    }
    this.scheduleNextRead();
  }

  /** While a delivery is pending, read again when its next attempt is due (every 2 to 30 seconds). */
  scheduleNextRead() {
    const pending = this.deliveries().filter((delivery) => delivery.status === 'pending');
    if (pending.length === 0) {
      return;
    }
    const due = Math.min(...pending.map((delivery) => toDate(delivery.nextAttemptAt)?.getTime() ?? Date.now()));
    const wait = Math.min(30000, Math.max(2000, due - Date.now() + 500));
    this.timer = setTimeout(() => this.refresh(), wait);
  }

  deliveries() {
    return (this.view?.callbacks ?? []).flatMap((target) => target.deliveries);
  }

  render() {
    const targets = this.view?.callbacks ?? [];
    this.element.hidden = targets.length === 0;
    this.body.replaceChildren(...targets.map((target) => this.target(target)));
  }

  target(target) {
    const events = target.events.join(', ');
    return h('div', { class: 'callback', 'data-testid': 'callback' },
      h('p', { class: 'callback__url mono', title: target.url }, target.url),
      h('p', { class: 'callback__meta muted' }, `On ${events} · ${target.secretSet ? 'signed' : 'not signed'}`),
      target.deliveries.length === 0
        ? h('p', { class: 'callback__none muted', 'data-testid': 'callback-none' }, 'Nothing sent yet.')
        : h('ul', { class: 'deliveries', 'aria-label': `Deliveries to ${target.url}` },
          target.deliveries.map((delivery) => this.delivery(delivery))));
  }

  delivery(delivery) {
    const attempts = delivery.attempts ?? [];
    const last = attempts[attempts.length - 1];
    const tone = DELIVERY_TONES[delivery.status] ?? 'muted';
    const when = delivery.status === 'delivered' ? `delivered ${formatRelative(delivery.deliveredAt)}`
      : delivery.status === 'pending' ? (delivery.nextAttemptAt ? `next attempt ${formatRelative(delivery.nextAttemptAt)}` : 'sending')
        : `last tried ${formatRelative(last?.attemptedAt)}`;
    const button = h('button', {
      type: 'button', class: 'btn btn--secondary btn--sm', 'data-action': 'resend', 'data-delivery': delivery.id,
      title: 'Send this event again now (same delivery id, so the receiver can recognise a repeat)',
    }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), icon('retry', 'btn__icon'), h('span', { class: 'btn__label' }, 'Resend'));
    button.disabled = Boolean(this.busy);
    if (this.busy === delivery.id) {
      button.setAttribute('aria-busy', 'true');
    }
    button.addEventListener('click', () => this.resend(delivery));
    return h('li', { class: 'delivery', 'data-testid': 'delivery', 'data-status': delivery.status, 'data-delivery': delivery.id },
      h('div', { class: 'delivery__row' },
        h('span', { class: 'delivery__event' }, delivery.event),
        h('span', { class: 'pill', 'data-tone': tone, 'data-testid': 'delivery-status' }, DELIVERY_LABELS[delivery.status] ?? delivery.status),
        button),
      h('details', { class: 'delivery__attempts' },
        h('summary', { class: 'muted', 'data-testid': 'delivery-summary' },
          `${formatCount(attempts.length)} ${attempts.length === 1 ? 'attempt' : 'attempts'}`
            + `${last ? ` · last: ${outcome(last)}` : ''} · ${when}`),
        h('ol', { class: 'attempts' }, attempts.map((attempt) => h('li', { class: 'attempt', 'data-testid': 'attempt' },
          h('span', { class: 'mono' }, `#${attempt.attempt}`), ' ', formatDateTime(attempt.attemptedAt), ' — ', outcome(attempt),
          ` (${formatCount(attempt.durationMs)} ms)`)))));
  }

  async resend(delivery) {
    if (this.busy) {
      return;
    }
    this.busy = delivery.id;
    this.render();
    try {
      this.view = await batchesApi.resendCallback(this.batchId, delivery.id);
      this.onResent(delivery);
    } catch (error) {
      this.onError(error);
    } finally {
      this.busy = null;
      this.render();
      this.scheduleNextRead();
    }
  }

  stop() {
    clearTimeout(this.timer);
  }
}

function outcome(attempt) {
  return attempt.httpStatus != null ? `HTTP ${attempt.httpStatus}` : attempt.error ?? 'no answer';
}
