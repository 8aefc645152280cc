import { currentSession, listenForHostTokens, onAuthChange, signOut } from './auth.js';
import { parseRoute } from './router.js';
import { h, clear, icon } from './ui/dom.js';
import { mountSignIn } from './views/sign-in.js';
import { mountBatchList } from './views/batch-list.js';
import { mountNewBatch } from './views/new-batch.js';
import { mountBatchPage } from './views/batch-page.js';

/** The app shell: picks the view for the URL, remounts on navigation and on sign-in changes. */
const main = document.getElementById('main');
const userSlot = document.getElementById('user');
let unmount = null;
let mountedKey = null;

function render({ force = false } = {}) {
  const session = currentSession();
  const route = parseRoute();
  const key = session ? `${route.name}:${route.id ?? ''}:${window.location.hash}` : 'sign-in';
  if (!force && key === mountedKey) {
    return;
  }
  mountedKey = key;
  unmount?.();
  unmount = null;
  clear(main);
  renderUser(session);
  document.querySelectorAll('[data-nav]').forEach((link) => {
    link.toggleAttribute('aria-current', session && link.dataset.nav === route.name);
    if (link.hasAttribute('aria-current')) {
      link.setAttribute('aria-current', 'page');
    }
  });
  document.body.dataset.route = session ? route.name : 'sign-in';
  if (!session) {
    unmount = mountSignIn(main);
    return;
  }
  const views = { list: mountBatchList, new: mountNewBatch, batch: mountBatchPage };
  unmount = views[route.name](main, route);
}

function renderUser(session) {
  clear(userSlot);
  if (!session) {
    return;
  }
  userSlot.append(
    h('span', { class: 'user__chip', title: session.admin ? 'Administrator' : 'Signed in' },
      icon('user'), h('span', { class: 'user__name', 'data-testid': 'current-user' }, session.subject),
      session.admin ? h('span', { class: 'user__badge' }, 'admin') : null),
    session.source === 'dev'
      ? h('button', { type: 'button', class: 'btn btn--ghost btn--sm', onclick: () => signOut() }, 'Switch user')
      : null);
}

listenForHostTokens();
onAuthChange(() => render({ force: true }));
window.addEventListener('hashchange', () => {
  render();
  main.focus({ preventScroll: true });
});
render();
