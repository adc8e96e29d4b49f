import { api, describeError } from '../api';
import { h } from '../dom';
import { setTokens } from '../session';

type Navigate = (path: string) => void;

function field(id: string, label: string, attrs: Record<string, string | boolean>): HTMLElement {
  return h('label', { for: id }, label, h('input', { id, name: id, required: true, ...attrs }));
}

function authCard(title: string, form: HTMLFormElement, footer: Node): HTMLElement {
  return h('main', { className: 'auth' },
    h('div', { className: 'auth-card' },
      h('div', { className: 'brand' }, h('span', { className: 'logo', 'aria-hidden': 'true' }), 'Drive'),
      h('h1', {}, title),
      form,
      h('p', { className: 'muted' }, footer)));
}

/** Disables the form while `work` runs and shows its error under the fields. */
function submitting(form: HTMLFormElement, work: () => Promise<void>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    const error = form.querySelector<HTMLElement>('.form-error')!;
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    error.textContent = '';
    button.disabled = true;
    work()
      .catch((failure) => { error.textContent = describeError(failure); })
      .finally(() => { button.disabled = false; });
  };
}

export function signInView(navigate: Navigate): HTMLElement {
  const form = h('form', { className: 'stack' },
    field('signin-email', 'Email', { type: 'email', autocomplete: 'username' }),
    field('signin-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    h('p', { className: 'form-error', role: 'alert', 'data-testid': 'form-error' }),
    h('button', { id: 'signin-submit', type: 'submit', className: 'primary' }, 'Sign in'));

  form.addEventListener('submit', submitting(form, async () => {
    const email = (form.querySelector('#signin-email') as HTMLInputElement).value.trim();
    const password = (form.querySelector('#signin-password') as HTMLInputElement).value;
    setTokens(await api.login(email, password));
    navigate('/');
  }));

  const link = h('a', { href: '/signup', 'data-link': true }, 'Create an account');
  return authCard('Sign in', form, h('span', {}, 'New here? ', link));
}

export function signUpView(navigate: Navigate): HTMLElement {
  const form = h('form', { className: 'stack' },
    field('signup-email', 'Email', { type: 'email', autocomplete: 'email' }),
    field('signup-name', 'Display name', { type: 'text', autocomplete: 'name', maxlength: '100' }),
    field('signup-password', 'Password', { type: 'password', autocomplete: 'new-password' }),
    h('p', { className: 'form-error', role: 'alert', 'data-testid': 'form-error' }),
    h('button', { id: 'signup-submit', type: 'submit', className: 'primary' }, 'Create account'));

  form.addEventListener('submit', submitting(form, async () => {
    const email = (form.querySelector('#signup-email') as HTMLInputElement).value.trim();
    const name = (form.querySelector('#signup-name') as HTMLInputElement).value.trim();
    const password = (form.querySelector('#signup-password') as HTMLInputElement).value;
    await api.register(email, password, name);
    setTokens(await api.login(email, password));
    navigate('/');
  }));

  const link = h('a', { href: '/signin', 'data-link': true }, 'Sign in');
  return authCard('Create your Drive', form, h('span', {}, 'Already have an account? ', link));
}
