import { h, icon } from './dom.js';

/** Short notices in a polite live region, so screen readers announce them too. */
let region;

export function toast(message, tone = 'info', timeoutMs = 5000) {
  region ??= document.getElementById('toasts');
  const note = h('div', { class: `toast toast--${tone}`, role: tone === 'error' ? 'alert' : 'status' },
    icon(tone === 'error' ? 'alert' : tone === 'success' ? 'check' : 'info'), h('span', {}, message));
  region.append(note);
  setTimeout(() => {
    note.classList.add('toast--leaving');
    setTimeout(() => note.remove(), 300);
  }, timeoutMs);
}
