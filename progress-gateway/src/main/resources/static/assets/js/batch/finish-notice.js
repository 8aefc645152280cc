import { batchStatus, isTerminal } from '../status.js';
import { h, icon, setText } from '../ui/dom.js';

/**
 * "Notify me when done": a browser notification when the batch this page watches reaches a final
 * status. Permission is asked only when the button is pressed, never on load; the notice fires for
 * a finish seen live on this page, never for a batch that was already finished when it opened.
 * Hidden where the browser has no Notification API and once the batch has finished.
 */
export class FinishNotice {
  constructor() {
    this.supported = typeof window.Notification === 'function';
    this.watching = false;
    this.lastStatus = null;
    this.name = '';
    this.button = h('button', {
      type: 'button', class: 'btn btn--secondary btn--sm', 'aria-pressed': 'false', 'data-testid': 'notify-when-done', hidden: true,
    }, icon('info', 'btn__icon'), h('span', { class: 'btn__label' }, 'Notify me when done'));
    this.element = this.button;
    this.button.addEventListener('click', () => this.toggle());
  }

  async toggle() {
    if (this.watching) {
      this.watching = false;
    } else if (window.Notification.permission === 'granted') {
      this.watching = true;
    } else if (window.Notification.permission !== 'denied') {
      this.watching = (await window.Notification.requestPermission()) === 'granted';
    }
    this.render();
  }

  /** Called on every render with the batch's status; fires once on the step into a final status. */
  update(status, name, counts) {
    this.name = name;
    const finishedNow = this.lastStatus !== null && !isTerminal(this.lastStatus) && isTerminal(status);
    this.lastStatus = status;
    if (finishedNow && this.watching && window.Notification.permission === 'granted') {
      this.watching = false;
      const body = `${counts.completed.toLocaleString()} completed, ${counts.failed.toLocaleString()} failed of ${counts.total.toLocaleString()} items`;
      new window.Notification(`${name || 'Batch'}: ${batchStatus(status).label.toLowerCase()}`, { body, tag: `batchpulse-${name}` });
    }
    this.render();
  }

  render() {
    this.button.hidden = !this.supported || this.lastStatus === null || isTerminal(this.lastStatus);
    if (this.button.hidden) {
      return;
    }
    const denied = window.Notification.permission === 'denied';
    this.button.disabled = denied;
    this.button.setAttribute('aria-pressed', String(this.watching));
    this.button.title = denied ? 'Notifications are blocked for this site in the browser settings' : '';
    setText(this.button.querySelector('.btn__label'), denied ? 'Notifications blocked'
      : this.watching ? 'Will notify when done' : 'Notify me when done');
  }
}
