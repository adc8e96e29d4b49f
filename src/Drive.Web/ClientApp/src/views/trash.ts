import { api } from '../api';
import { formatBytes, formatDate, h, replace } from '../dom';
import { type IconName, icon } from '../icons';
import type { Item } from '../types';
import { type View, iconFor } from './drive';
import { confirmAction, showError, toast } from '../ui';
import { refreshUsage, shell } from './shell';

type Navigate = (path: string) => void;

/** The trash: every trashed item with restore and delete forever. */
export function trashView(navigate: Navigate): View {
  const list = h('div', { className: 'items list', 'data-testid': 'trash-items' });
  const status = h('p', { className: 'muted status' }, 'Loading…');

  async function loadAsync(): Promise<void> {
    const items = await api.trashed();
    status.textContent = items.length === 0 ? 'Trash is empty.' : '';
    replace(list, ...items.map(row));
  }

  function row(item: Item): HTMLElement {
    const restore = async () => {
      await api.restore(item.id);
      toast(`“${item.name}” restored.`);
      await loadAsync();
      refreshUsage();
    };
    const destroy = async () => {
      const message = `“${item.name}” will be gone for good.`;
      const sure = await confirmAction('Delete forever?', message, 'Delete forever');
      if (!sure) return;
      await api.deleteForever(item.id);
      toast(`“${item.name}” deleted.`);
      await loadAsync();
      refreshUsage();
    };
    const action = (label: string, testId: string, work: () => Promise<void>, className: string, glyph: IconName) =>
      h('button', { type: 'button', className, 'data-testid': testId, onclick: () => work().catch(showError) },
        icon(glyph), label);

    return h('div', { className: `item ${item.kind}`, 'data-testid': 'trash-item', 'data-id': item.id,
      'data-name': item.name, 'data-kind': item.kind },
    h('div', { className: 'visual' }, icon(iconFor(item), 44)),
    h('div', { className: 'details' },
      h('span', { className: 'name', title: item.name }, item.name),
      h('span', { className: 'meta' },
        `${item.kind === 'folder' ? 'Folder' : formatBytes(item.size ?? 0)} · ${formatDate(item.modifiedAt)}`)),
    h('div', { className: 'actions' },
      action('Restore', 'restore', restore, '', 'restore'),
      action('Delete forever', 'delete-forever', destroy, 'danger', 'trash')));
  }

  document.title = 'Trash – Drive';
  loadAsync().catch((error) => {
    status.textContent = '';
    showError(error);
  });

  const content = h('section', { className: 'drive' },
    h('div', { className: 'toolbar' }, h('h1', { className: 'title' }, 'Trash')), status, list);
  return { element: shell('trash', navigate, [], content), dispose() {} };
}
