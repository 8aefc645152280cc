import { h, icon } from './dom.js';

/**
 * A modal confirmation: focus moves into it, Tab and Shift+Tab stay inside it, Escape (or the
 * secondary button, or a click on the backdrop) closes it, and focus returns to the element that
 * opened it. Resolves to true when confirmed.
 */
export function confirmDialog({ title, body, confirmLabel, cancelLabel = 'Cancel', tone = 'danger', returnFocus }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const bodyId = `${titleId}-body`;
    const keep = h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'dismiss' }, cancelLabel);
    const confirm = h('button', { type: 'button', class: `btn btn--${tone}`, 'data-action': 'confirm' }, confirmLabel);
    const panel = h('div', {
      class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'aria-describedby': bodyId,
    },
    h('div', { class: 'dialog__header' },
      h('span', { class: `dialog__icon dialog__icon--${tone}` }, icon('alert')),
      h('h2', { class: 'dialog__title', id: titleId }, title)),
    h('div', { class: 'dialog__body', id: bodyId }, body),
    h('div', { class: 'dialog__actions' }, keep, confirm));
    const backdrop = h('div', { class: 'dialog-backdrop' }, panel);
    const background = [...document.body.children].filter((element) => element !== backdrop && !element.hasAttribute('inert'));

    const close = (confirmed) => {
      document.removeEventListener('keydown', onKey, true);
      background.forEach((element) => element.removeAttribute('inert'));
      backdrop.remove();
      (returnFocus ?? opener)?.focus?.();
      resolve(confirmed);
    };
    const focusable = () => [...panel.querySelectorAll('button:not([disabled]), [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')];
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        close(false);
      } else if (event.key === 'Tab') {
        const items = focusable();
        const index = items.indexOf(document.activeElement);
        event.preventDefault();
        const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
        items[next].focus();
      }
    };
    const opener = document.activeElement;
    keep.addEventListener('click', () => close(false));
    confirm.addEventListener('click', () => close(true));
    backdrop.addEventListener('mousedown', (event) => {
      if (event.target === backdrop) {
        close(false);
      }
    });
    document.addEventListener('keydown', onKey, true);
    document.body.append(backdrop);
    // the page behind the dialog can be neither clicked, focused nor read while it is open
    background.forEach((element) => element.setAttribute('inert', ''));
    keep.focus();
  });
}
