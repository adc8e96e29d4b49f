import { api } from '../api';
import { download, thumbnailUrl } from '../content';
import { formatBytes, formatDate, h, replace } from '../dom';
import { type IconName, icon } from '../icons';
import { entriesOf, ensureFolderAsync, uploadEntriesAsync } from '../dropped';
import type { Item, OrderBy } from '../types';
import { askText, pickFolder, showError, toast } from '../ui';
import { enqueueNewVersion, enqueueUpload, onUploadChange } from '../upload';
import { refreshUsage, shell } from './shell';

type Navigate = (path: string) => void;

/** A screen and the way to stop its timers and listeners when the page moves on. */
export interface View {
  element: HTMLElement;
  dispose(): void;
}

const pollMs = 2000;
const orderKey = 'drive.orderBy';
const layoutKey = 'drive.layout';

export function folderPath(item: Item): string {
  return item.parentId ? `/folders/${encodeURIComponent(item.id)}` : '/';
}

export function iconFor(item: Item): IconName {
  if (item.kind === 'folder') return 'folder';
  const type = item.contentType ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('text/') || type === 'application/pdf') return 'text';
  return 'file';
}

/** The drive: breadcrumbs, the folder's children as a grid or a list, and every action on them. */
export function driveView(folderId: string | null, navigate: Navigate): View {
  let folder: Item | null = null;
  let items: Item[] = [];
  let nextPageToken: string | null = null;
  let pagesLoaded = 1;
  let orderBy = (localStorage.getItem(orderKey) as OrderBy | null) ?? 'name';
  let layout = localStorage.getItem(layoutKey) === 'list' ? 'list' : 'grid';
  let disposed = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const rendered = new Map<string, { key: string; element: HTMLElement }>();
  // Files chosen before the folder has loaded wait for it instead of being dropped.
  let folderLoaded!: (loaded: Item) => void;
  const loadedFolder = new Promise<Item>((resolve) => (folderLoaded = resolve));

  const crumbs = h('nav', { className: 'breadcrumbs', 'aria-label': 'Folder path', 'data-testid': 'breadcrumbs' });
  const list = h('div', { className: `items ${layout}`, 'data-testid': 'items', 'aria-live': 'polite' });
  const more = h('div', { className: 'more' });
  const status = h('p', { className: 'muted status' }, 'Loading…');

  // 1. Loading and refreshing the folder's pages.
  async function loadFolderAsync(): Promise<void> {
    folder = folderId ? await api.item(folderId) : await api.root();
    if (folder.kind !== 'folder') {
      navigate(folder.parentId ? `/folders/${encodeURIComponent(folder.parentId)}` : '/');
      return;
    }
    folderLoaded(folder);
    void renderBreadcrumbsAsync(folder);
    await reloadAsync();
  }

  async function reloadAsync(): Promise<void> {
    if (!folder || disposed) return;
    clearTimeout(pollTimer);
    const fresh: Item[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page = await api.children(folder.id, orderBy, token);
      fresh.push(...page.items);
      token = page.nextPageToken;
      pages++;
    } while (token && pages < pagesLoaded);
    if (disposed) return;

    items = fresh;
    nextPageToken = token;
    renderItems();
    if (items.some((item) => item.thumbnail?.state === 'pending')) {
      pollTimer = setTimeout(() => reloadAsync().catch(showError), pollMs);
    }
  }

  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => reloadAsync().catch(showError), 250);
  }

  async function renderBreadcrumbsAsync(current: Item): Promise<void> {
    const chain = [current];
    while (chain[0].parentId) chain.unshift(await api.item(chain[0].parentId));
    replace(crumbs, ...chain.flatMap((step, index) => [
      index > 0 ? h('span', { className: 'sep', 'aria-hidden': 'true' }, '›') : null,
      index === chain.length - 1
        ? h('span', { className: 'crumb current', 'aria-current': 'page' }, index === 0 ? 'My Drive' : step.name)
        : h('a', { className: 'crumb', href: folderPath(step), 'data-link': true },
          index === 0 ? 'My Drive' : step.name),
    ]));
    document.title = chain.length > 1 ? `${current.name} – Drive` : 'My Drive – Drive';
  }

  // 2. Rendering, reusing the element of every item that did not change so thumbnails do not flicker.
  function renderItems(): void {
    const seen = new Set<string>();
    const elements = items.map((item) => {
      seen.add(item.id);
      const key = [item.name, item.modifiedAt, item.size, item.contentVersion, item.thumbnail?.state, item.parentId]
        .join('|');
      const known = rendered.get(item.id);
      if (known && known.key === key) return known.element;
      const element = itemElement(item);
      rendered.set(item.id, { key, element });
      return element;
    });
    for (const id of rendered.keys()) if (!seen.has(id)) rendered.delete(id);

    replace(list, ...elements);
    status.textContent = items.length === 0 ? 'This folder is empty. Drop files or folders here, or use Upload.' : '';
    replace(more, nextPageToken
      ? h('button', { type: 'button', onclick: () => loadMore().catch(showError) }, 'Load more')
      : null);
  }

  async function loadMore(): Promise<void> {
    pagesLoaded++;
    await reloadAsync();
  }

  function itemElement(item: Item): HTMLElement {
    const visual = h('div', { className: 'visual' }, icon(iconFor(item), 44));
    const state = item.thumbnail?.state ?? 'none';
    if (state === 'pending') visual.classList.add('pending');
    if (state === 'ready') void showThumbnail(item, visual);

    const open = () => navigate(folderPath(item));
    const name = item.kind === 'folder'
      ? h('a', { className: 'name', href: folderPath(item), 'data-link': true, title: item.name }, item.name)
      : h('span', { className: 'name', title: item.name }, item.name);
    const meta = item.kind === 'folder'
      ? `Folder · ${formatDate(item.modifiedAt)}`
      : `${formatBytes(item.size ?? 0)} · ${formatDate(item.modifiedAt)}`;

    const button = (label: string, testId: string, action: () => Promise<unknown>, glyph: IconName) =>
      h('button', { type: 'button', className: 'icon-button', title: label, 'aria-label': `${label} ${item.name}`,
        'data-testid': testId, onclick: (event: Event) => { event.stopPropagation(); action().catch(showError); } },
      icon(glyph));

    const actions = h('div', { className: 'actions' },
      item.kind === 'file' ? button('Download', 'download', () => download(item), 'download') : null,
      item.kind === 'file'
        ? button('Upload new version', 'new-version', () => uploadNewVersionAsync(item), 'upload')
        : null,
      button('Rename', 'rename', () => renameAsync(item), 'rename'),
      button('Move', 'move', () => moveAsync(item), 'move'),
      button('Move to trash', 'delete', () => trashAsync(item), 'trash'));

    const element = h('div', {
      className: `item ${item.kind}`, 'data-testid': 'item', 'data-id': item.id, 'data-name': item.name,
      'data-kind': item.kind, 'data-thumbnail': state,
    }, visual, h('div', { className: 'details' }, name, h('span', { className: 'meta' }, meta)), actions);
    if (item.kind === 'folder') {
      visual.addEventListener('click', open);
      element.addEventListener('dblclick', open);
    }
    return element;
  }

  async function showThumbnail(item: Item, visual: HTMLElement): Promise<void> {
    try {
      const image = h('img', { alt: `Thumbnail of ${item.name}`, 'data-testid': 'thumbnail', draggable: 'false' });
      image.src = await thumbnailUrl(item);
      await image.decode();
      replace(visual, image);
    } catch {
      visual.classList.add('failed');
    }
  }

  // 3. Actions.
  async function createFolderAsync(): Promise<void> {
    if (!folder) return;
    const name = await askText('New folder', 'Untitled folder', 'Create');
    if (!name) return;
    await api.createFolder(folder.id, name);
    scheduleRefresh();
  }

  async function renameAsync(item: Item): Promise<void> {
    const name = await askText(`Rename ${item.kind}`, item.name, 'Rename');
    if (!name || name === item.name) return;
    await api.rename(item.id, name);
    toast(`Renamed to “${name}”.`);
    scheduleRefresh();
  }

  async function moveAsync(item: Item): Promise<void> {
    const target = await pickFolder(`Move “${item.name}”`, new Set([item.id]));
    if (!target || target === item.parentId) return;
    await api.move(item.id, target);
    toast(`Moved “${item.name}”.`);
    scheduleRefresh();
  }

  /** Picks one file and uploads it as the item's new content: same id, name and folder, a new thumbnail. */
  async function uploadNewVersionAsync(item: Item): Promise<void> {
    const file = await pickFile();
    if (!file) return;
    enqueueNewVersion(file, item);
    toast(`Uploading a new version of “${item.name}”.`);
  }

  async function trashAsync(item: Item): Promise<void> {
    await api.trash(item.id);
    toast(`“${item.name}” moved to trash.`);
    scheduleRefresh();
    refreshUsage();
  }

  // 4. Uploads: the file input, a folder input, and drag and drop.
  const fileInput = h('input', { id: 'file-input', type: 'file', multiple: true, className: 'visually-hidden' });
  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files ?? []);
    fileInput.value = '';
    void loadedFolder.then((target) => files.forEach((file) => enqueueUpload(file, target.id)));
  });

  const folderInput = h('input', {
    id: 'folder-input', type: 'file', webkitdirectory: true, className: 'visually-hidden',
  });
  folderInput.addEventListener('change', () => {
    const files = Array.from(folderInput.files ?? []);
    folderInput.value = '';
    void loadedFolder.then((target) => uploadWithPathsAsync(target.id, files)).then(scheduleRefresh).catch(showError);
  });

  const content = h('section', { className: 'drive' },
    h('div', { className: 'toolbar' }, crumbs, h('div', { className: 'spacer' }), sortControl(), layoutControl()),
    status, list, more,
    h('div', { className: 'drop-hint', 'aria-hidden': 'true' }, 'Drop files or folders to upload them here'));
  wireDrop(content);

  function wireDrop(zone: HTMLElement): void {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    zone.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      depth++;
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => {
      if (--depth <= 0) { depth = 0; zone.classList.remove('dragging'); }
    });
    zone.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
    });
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      zone.classList.remove('dragging');
      if (!folder || !event.dataTransfer) return;
      const entries = entriesOf(event.dataTransfer);
      if (entries.length > 0) {
        uploadEntriesAsync(entries, folder.id).then(scheduleRefresh).catch(showError);
      } else {
        for (const file of Array.from(event.dataTransfer.files)) enqueueUpload(file, folder.id);
      }
    });
  }

  function sortControl(): HTMLElement {
    const select = h('select', { id: 'order-by', 'aria-label': 'Sort by' },
      h('option', { value: 'name' }, 'Name'),
      h('option', { value: 'modifiedAt' }, 'Last modified'),
      h('option', { value: 'size' }, 'Size'));
    select.value = orderBy;
    select.addEventListener('change', () => {
      orderBy = select.value as OrderBy;
      localStorage.setItem(orderKey, orderBy);
      pagesLoaded = 1;
      reloadAsync().catch(showError);
    });
    return h('label', { className: 'sort' }, 'Sort ', select);
  }

  function layoutControl(): HTMLElement {
    const toggle = h('button', { type: 'button', id: 'layout-toggle', className: 'icon-button' });
    const label = () => {
      replace(toggle, icon(layout === 'grid' ? 'list' : 'grid'));
      toggle.title = layout === 'grid' ? 'Show as list' : 'Show as grid';
      toggle.setAttribute('aria-label', toggle.title);
    };
    label();
    toggle.addEventListener('click', () => {
      layout = layout === 'grid' ? 'list' : 'grid';
      localStorage.setItem(layoutKey, layout);
      list.className = `items ${layout}`;
      label();
    });
    return toggle;
  }

  const sideActions = [
    h('button', { type: 'button', id: 'new-folder', className: 'primary wide', onclick: () => {
      createFolderAsync().catch(showError);
    } }, icon('plus'), 'New folder'),
    h('label', { className: 'button wide', for: 'file-input' }, icon('upload'), 'Upload files', fileInput),
    h('label', { className: 'button wide', for: 'folder-input' }, icon('folderUpload'), 'Upload folder', folderInput),
  ];

  const unsubscribe = onUploadChange((task) => {
    if (task.state !== 'done') return;
    refreshUsage();
    if (folder && task.parentId === folder.id) scheduleRefresh();
  });

  loadFolderAsync().catch((error) => {
    status.textContent = '';
    showError(error);
  });

  return {
    element: shell('drive', navigate, sideActions, content),
    dispose() {
      disposed = true;
      clearTimeout(pollTimer);
      clearTimeout(refreshTimer);
      unsubscribe();
    },
  };
}

/** Opens the browser's file picker for one file; resolves with it, or null when the picker is dismissed. */
function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'file', className: 'visually-hidden', 'data-testid': 'new-version-input' });
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.append(input);
    input.click();
  });
}

/** Files picked with a folder input carry their relative path: recreate the folders, then queue the files. */
async function uploadWithPathsAsync(parentId: string, files: File[]): Promise<void> {
  const folders = new Map<string, Promise<string>>([['', Promise.resolve(parentId)]]);
  const folderFor = (path: string): Promise<string> => {
    let known = folders.get(path);
    if (!known) {
      const cut = path.lastIndexOf('/');
      const parentPath = cut < 0 ? '' : path.slice(0, cut);
      known = folderFor(parentPath).then(async (id) => (await ensureFolderAsync(id, path.slice(cut + 1))).id);
      folders.set(path, known);
    }
    return known;
  };

  for (const file of files) {
    const relative = file.webkitRelativePath || file.name;
    const cut = relative.lastIndexOf('/');
    enqueueUpload(file, await folderFor(cut < 0 ? '' : relative.slice(0, cut)));
  }
}
