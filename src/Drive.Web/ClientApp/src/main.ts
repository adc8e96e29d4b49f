/*
 * Drive's single-page front end: plain TypeScript modules, no framework, built by Vite into Drive.Web's wwwroot.
 *
 * Stable hooks for browser tests (keep them when changing the markup):
 *   Sign up          #signup-email, #signup-name, #signup-password, #signup-submit
 *   Sign in          #signin-email, #signin-password, #signin-submit
 *   Form error       [data-testid=form-error]   (problem+json detail of a failed sign-in or sign-up)
 *   Drive            #new-folder (button), #file-input (input type=file, multiple), #folder-input (a whole folder)
 *                    [data-testid=breadcrumbs], #order-by, #layout-toggle, #sign-out, [data-testid=usage]
 *   Items            [data-testid=item] with data-id, data-name, data-kind (folder|file), data-thumbnail (state)
 *     inside each    img[data-testid=thumbnail] once the thumbnail has loaded,
 *                    buttons [data-testid=download] (files only), [data-testid=rename], [data-testid=move],
 *                    [data-testid=delete] (to trash)
 *   Dialogs          #dialog-input (name), #dialog-ok (confirm / "Move here"); the move picker lists folders
 *   Uploads          [data-testid=upload] rows with data-name and data-state (queued|hashing|uploading|completing|
 *                    done|failed); progress[data-testid=upload-progress] with data-name and data-state
 *   Trash (/trash)   [data-testid=trash-item] with data-id, data-name; [data-testid=restore],
 *                    [data-testid=delete-forever]
 *   Messages         [data-testid=toast] (errors carry role=alert)
 *
 * Routes: /signin, /signup, / (root folder), /folders/{id}, /trash.
 */
import './styles.css';
import { forgetThumbnails } from './content';
import { getTokens, onSessionChange } from './session';
import { type View, driveView } from './views/drive';
import { signInView, signUpView } from './views/auth';
import { trashView } from './views/trash';
import { uploadsPanel } from './views/uploads';
import { replace } from './dom';

const root = document.getElementById('app')!;
let current: View | null = null;

function navigate(path: string, replaceEntry = false): void {
  if (path !== location.pathname) {
    if (replaceEntry) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
  }
  render();
}

function render(): void {
  current?.dispose();
  current = null;
  const path = location.pathname;
  const signedIn = getTokens() !== null;

  if (path === '/signup' || path === '/signin') {
    if (signedIn) return navigate('/', true);
    document.title = path === '/signup' ? 'Create account – Drive' : 'Sign in – Drive';
    replace(root, path === '/signup' ? signUpView(navigate) : signInView(navigate));
    focusFirstInput();
    return;
  }
  if (!signedIn) return navigate('/signin', true);

  const folder = /^\/folders\/([^/]+)$/.exec(path);
  current = path === '/trash' ? trashView(navigate)
    : folder ? driveView(decodeURIComponent(folder[1]), navigate)
      : driveView(null, navigate);
  if (path !== '/trash' && !folder && path !== '/') history.replaceState(null, '', '/');
  replace(root, current.element);
}

function focusFirstInput(): void {
  root.querySelector<HTMLInputElement>('input')?.focus();
}

// Links marked data-link move within the page instead of loading it again.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.pathname);
});
window.addEventListener('popstate', render);

// Dropping a file outside the drop zone must not open it in place of the app.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

onSessionChange((signedIn) => {
  if (signedIn) return;
  forgetThumbnails();
  if (location.pathname !== '/signin' && location.pathname !== '/signup') navigate('/signin');
});

document.body.appendChild(uploadsPanel());
render();
