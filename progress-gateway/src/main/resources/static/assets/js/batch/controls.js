import { batchStatus, isTerminal } from '../status.js';
import { h, icon, setText } from '../ui/dom.js';

/**
 * Pause / Resume / Cancel / Retry failed, and Run again on a finished batch. Which buttons show
 * follows the status; in a final status the others are disabled and say so ("Batch completed");
 * the button whose request is in flight shows a spinner and the others wait for it.
 */
export class BatchControls {
  /** confirm(action, button) may veto an action before its request (the cancel dialog). */
  constructor(onAction, confirm = async () => true) {
    this.onAction = onAction;
    this.confirm = confirm;
    this.busy = null;
    this.status = null;
    this.failed = 0;
    this.buttons = {
      pause: button('pause', 'Pause', 'pause', 'btn--secondary'),
      resume: button('resume', 'Resume', 'play', 'btn--success'),
      cancel: button('cancel', 'Cancel', 'xCircle', 'btn--danger-outline'),
      'retry-failed': button('retry-failed', 'Retry failed', 'retry', 'btn--secondary'),
      rerun: button('rerun', 'Run again', 'play', 'btn--secondary'),
    };
    this.buttons.rerun.title = 'A new batch with the same items, settings, processor and callbacks';
    this.note = h('span', { class: 'controls__note', 'data-testid': 'controls-note', role: 'status' });
    this.element = h('div', { class: 'controls', role: 'group', 'aria-label': 'Batch controls' },
      this.note, ...Object.values(this.buttons));
    for (const [action, element] of Object.entries(this.buttons)) {
      element.addEventListener('click', () => this.run(action, element));
    }
  }

  async run(action, element) {
    if (this.busy || !(await this.confirm(action, element))) {
      return;
    }
    this.busy = action;
    element.setAttribute('aria-busy', 'true');
    this.update(this.status, this.failed);
    try {
      await this.onAction(action, element);
    } finally {
      this.busy = null;
      element.removeAttribute('aria-busy');
      this.update(this.status, this.failed);
    }
  }

  update(status, failed) {
    this.status = status;
    this.failed = failed;
    const terminal = isTerminal(status);
    const show = {
      pause: status !== 'paused',
      resume: status === 'paused',
      cancel: true,
      'retry-failed': failed > 0 && (status === 'completed_with_errors' || status === 'failed'),
      rerun: terminal,
    };
    const enabled = {
      pause: status === 'running',
      resume: status === 'paused',
      cancel: status === 'running' || status === 'paused' || status === 'created',
      'retry-failed': show['retry-failed'],
      rerun: terminal,
    };
    for (const [action, element] of Object.entries(this.buttons)) {
      element.hidden = !show[action];
      element.disabled = Boolean(this.busy) || !enabled[action];
    }
    setText(this.note, terminal ? `Batch ${batchStatus(status).label.toLowerCase()}` : '');
    this.note.hidden = !terminal;
  }
}

function button(action, label, iconName, variant) {
  return h('button', { type: 'button', class: `btn ${variant}`, 'data-action': action },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), icon(iconName, 'btn__icon'), h('span', { class: 'btn__label' }, label));
}
