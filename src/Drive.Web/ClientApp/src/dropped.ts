import { ApiError, api } from './api';
import { enqueueUpload } from './upload';
import type { Item } from './types';

/**
 * Drag and drop of files and whole folders. Each dropped folder becomes a Drive folder of the same name (an existing
 * one of that name is reused), and every file inside is queued for upload into it.
 */

/** Takes the entries out of a drop event; this must happen before the first await, while the data is readable. */
export function entriesOf(transfer: DataTransfer): FileSystemEntry[] {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Uploads the dropped entries into `parentId`, folders first-come, files queued as they are found. */
export async function uploadEntriesAsync(entries: FileSystemEntry[], parentId: string): Promise<void> {
  for (const entry of entries) {
    if (entry.isFile) {
      enqueueUpload(await fileOf(entry as FileSystemFileEntry), parentId);
    } else if (entry.isDirectory) {
      const folder = await ensureFolderAsync(parentId, entry.name);
      await uploadEntriesAsync(await readAllAsync(entry as FileSystemDirectoryEntry), folder.id);
    }
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries answers in batches (100 in Chromium) until it answers an empty one. */
async function readAllAsync(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Creates the folder, or finds the one already there under that name (the API answers 409 for a taken name). */
export async function ensureFolderAsync(parentId: string, name: string): Promise<Item> {
  try {
    return await api.createFolder(parentId, name);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    const existing = await findChildAsync(parentId, name);
    if (existing?.kind === 'folder') return existing;
    throw error;
  }
}

async function findChildAsync(parentId: string, name: string): Promise<Item | null> {
  const wanted = name.normalize('NFC');
  let pageToken: string | null = null;
  do {
    const page = await api.children(parentId, 'name', pageToken);
    const found = page.items.find((item) => item.name.normalize('NFC') === wanted);
    if (found) return found;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return null;
}
