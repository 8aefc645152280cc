import { devSignInAvailable, signInAsDevUser } from '../auth.js';
import { h, icon } from '../ui/dom.js';

const SUGGESTED_USERS = ['alice', 'bob', 'carol'];

/**
 * No token yet. In local mode: pick a user name and get a dev token from the gateway. Otherwise:
 * explain that the hosting app provides the token.
 */
export function mountSignIn(container) {
  const card = h('section', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', class: 'signin__title' }, 'Sign in to Batchpulse'),
    h('p', { class: 'muted' }, 'Checking how this server signs people in…'));
  container.append(h('div', { class: 'signin-wrap' }, card));
  let alive = true;

  devSignInAvailable().then((available) => {
    if (!alive) {
      return;
    }
    card.lastChild.remove();
    if (!available) {
      card.append(h('p', { class: 'signin__text' },
        'This page needs an access token from the application that embeds it. ',
        'Ask your administrator, or open Batchpulse from within your application.'));
      return;
    }
    const name = h('input', {
      id: 'signin-user', name: 'user', class: 'input', autocomplete: 'username', required: true,
      placeholder: 'e.g. alice', pattern: '[A-Za-z0-9._@-]{1,100}', value: 'alice',
    });
    const admin = h('input', { id: 'signin-admin', type: 'checkbox', class: 'checkbox' });
    const error = h('p', { class: 'field__error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, 'Continue');
    const form = h('form', { class: 'signin__form', novalidate: true },
      h('p', { class: 'signin__text' },
        h('span', { class: 'pill pill--info' }, 'Local mode'),
        ' Choose who you are. Each user sees only their own batches; admins see all.'),
      h('div', { class: 'field' },
        h('label', { class: 'field__label', for: 'signin-user' }, 'User name'), name,
        h('div', { class: 'chips', role: 'group', 'aria-label': 'Suggested users' },
          SUGGESTED_USERS.map((user) => h('button', {
            type: 'button', class: 'chip', onclick: () => {
              name.value = user;
              name.focus();
            },
          }, icon('user'), user)))),
      h('label', { class: 'check' }, admin, h('span', {}, 'Administrator (sees every batch)')),
      error, submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      submit.disabled = true;
      try {
        await signInAsDevUser(name.value.trim(), admin.checked);
      } catch (failure) {
        error.textContent = failure.message;
        submit.disabled = false;
      }
    });
    card.append(form);
    name.focus();
    name.select();
  });
  return () => {
    alive = false;
  };
}
