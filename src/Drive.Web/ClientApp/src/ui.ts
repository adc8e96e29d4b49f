import { api, describeError } from './api';
import { h, replace } from './dom';
import { icon } from './icons';
import type { Item } from './types';

/** Messages, dialogs and the folder picker shared by the screens. */

/** Shows a message for a few seconds (errors for longer), or until dismissed. */
export function toast(message: string, kind: 'info' | 'error' = 'info'): void {
  const area = document.getElementById('toasts') ?? document.body.appendChild(h('div', { id: 'toasts' }));
  const close = () => note.remove();
  const note = h(
    'div',
    { className: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'toast' },
    h('span', {}, message),
    h('button', { type: 'button', className: 'link', 'aria-label': 'Dismiss', onclick: close }, icon('close', 16)),
  );
  area.appendChild(note);
  setTimeout(close, kind === 'info' ? 4000 : 15000);
}

/** Shows the error's problem+json detail. */
export function showError(error: unknown): void {
  toast(describeError(error), 'error');
}

function openDialog(title: string, body: Node, actions: HTMLButtonElement[]): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { className: 'dialog' },
    h('form', { method: 'dialog' }, h('h2', {}, title), body, h('div', { className: 'actions' }, ...actions)),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  return dialog;
}

/** Asks for a name; resolves to the trimmed text, or null when cancelled. */
export function askText(title: string, initial = '', confirmLabel = 'OK'): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', { id: 'dialog-input', type: 'text', value: initial, required: true, autocomplete: 'off' });
    const ok = h('button', { type: 'submit', value: 'ok', className: 'primary', id: 'dialog-ok' }, confirmLabel);
    const cancel = h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel');
    const dialog = openDialog(title, h('label', {}, input), [cancel, ok]);
    const dot = initial.lastIndexOf('.');
    input.setSelectionRange(0, dot > 0 ? dot : initial.length);
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : null));
  });
}

/** Asks yes or no. */
export function confirmAction(title: string, message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'submit', value: 'ok', className: 'danger', id: 'dialog-ok' }, confirmLabel);
    const cancel = h('button', { type: 'submit', value: 'cancel' }, 'Cancel');
    const dialog = openDialog(title, h('p', {}, message), [cancel, ok]);
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'));
  });
}

/**
 * Lets the person walk the folder tree and pick a destination. Folders in `excluded` (the items being moved) cannot be
 * entered or chosen. Resolves to the chosen folder's id, or null.
 */
export function pickFolder(title: string, excluded: Set<string>): Promise<string | null> {
  return new Promise((resolve) => {
    const path = h('div', { className: 'picker-path' });
    const list = h('ul', { className: 'picker-list' });
    const ok = h('button', { type: 'submit', value: 'ok', className: 'primary', id: 'dialog-ok' }, 'Move here');
    const cancel = h('button', { type: 'submit', value: 'cancel' }, 'Cancel');
    const dialog = openDialog(title, h('div', { className: 'picker' }, path, list), [cancel, ok]);
    const trail: Item[] = [];

    const show = async (folder: Item) => {
      ok.disabled = true;
      replace(list, h('li', { className: 'muted' }, 'Loading…'));
      replace(path, ...trail.flatMap((step, index) => [
        index > 0 ? ' / ' : '',
        h('button', { type: 'button', className: 'link', onclick: () => back(index) },
          index === 0 ? 'My Drive' : step.name),
      ]));
      try {
        const folders = await allChildFolders(folder.id);
        replace(list, ...folders.map((child) => h('li', {},
          h('button', {
            type: 'button', className: 'picker-folder', disabled: excluded.has(child.id),
            onclick: () => { trail.push(child); void show(child); },
          }, icon('folder'), child.name))));
        if (folders.length === 0) replace(list, h('li', { className: 'muted' }, 'No folders here.'));
        ok.disabled = false;
      } catch (error) {
        replace(list, h('li', { className: 'error' }, describeError(error)));
      }
    };
    const back = (index: number) => {
      trail.splice(index + 1);
      void show(trail[index]);
    };

    dialog.addEventListener('close', () =>
      resolve(dialog.returnValue === 'ok' && trail.length > 0 ? trail[trail.length - 1].id : null));
    api.root().then((root) => { trail.push(root); return show(root); }).catch(showError);
  });
}

async function allChildFolders(folderId: string): Promise<Item[]> {
  const folders: Item[] = [];
  let pageToken: string | null = null;
  let pages = 0;
  do {
    const page = await api.children(folderId, 'name', pageToken);
    folders.push(...page.items.filter((item) => item.kind === 'folder'));
    pageToken = page.nextPageToken;
  } while (pageToken && ++pages < 20);
  return folders;
}
