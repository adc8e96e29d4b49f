import { formatBytes, h, replace } from '../dom';
import { onUploadChange, type UploadTask } from '../upload';

const stateText: Record<UploadTask['state'], string> = {
  queued: 'Waiting',
  hashing: 'Checking',
  uploading: 'Uploading',
  completing: 'Finishing',
  done: 'Done',
  failed: 'Failed',
};

/** The panel of uploads in the corner: one row and one progress bar per file. */
export function uploadsPanel(): HTMLElement {
  const rows = new Map<number, { task: UploadTask; row: HTMLElement; update(): void }>();
  const list = h('ul', { className: 'uploads-list' });
  const summary = h('span', { className: 'uploads-summary' });
  const clear = h('button', { type: 'button', className: 'link', id: 'uploads-clear' }, 'Clear finished');
  const panel = h('section', { className: 'uploads', hidden: true, 'aria-label': 'Uploads', 'data-testid': 'uploads' },
    h('header', {}, summary, clear), list);

  clear.addEventListener('click', () => {
    for (const [key, entry] of rows) {
      if (entry.task.state === 'done' || entry.task.state === 'failed') {
        entry.row.remove();
        rows.delete(key);
      }
    }
    refresh();
  });

  function refresh(): void {
    const tasks = Array.from(rows.values(), (entry) => entry.task);
    const active = tasks.filter((task) => task.state !== 'done' && task.state !== 'failed').length;
    const failed = tasks.filter((task) => task.state === 'failed').length;
    panel.hidden = tasks.length === 0;
    summary.textContent = active > 0
      ? `Uploading ${active} file${active === 1 ? '' : 's'}…`
      : `Uploads finished${failed > 0 ? `, ${failed} failed` : ''}`;
  }

  function rowFor(task: UploadTask) {
    const bar = h('progress', { 'data-testid': 'upload-progress', 'data-name': task.name, max: 1, value: 0 });
    const text = h('span', { className: 'upload-state' });
    const error = h('span', { className: 'upload-error', role: 'alert' });
    const row = h('li', { className: 'upload', 'data-testid': 'upload', 'data-name': task.name },
      h('span', { className: 'upload-name', title: task.name }, task.name), text, bar, error);
    const update = () => {
      const size = task.file.size;
      bar.max = Math.max(size, 1);
      bar.value = task.state === 'done' ? bar.max : Math.min(task.sent, size);
      bar.dataset.state = task.state;
      row.dataset.state = task.state;
      text.textContent = task.state === 'uploading'
        ? `${formatBytes(task.sent)} of ${formatBytes(size)}`
        : `${stateText[task.state]}${task.state === 'done' ? ` · ${formatBytes(size)}` : ''}`;
      replace(error, task.error ?? '');
    };
    return { task, row, update };
  }

  onUploadChange((task) => {
    let entry = rows.get(task.key);
    if (!entry) {
      entry = rowFor(task);
      rows.set(task.key, entry);
      list.prepend(entry.row);
    }
    entry.update();
    refresh();
  });

  return panel;
}
