import { ApiError, api, describeError } from './api';
import type { Item, UploadPart } from './types';

/**
 * Uploads go straight to blob storage: the API hands out one signed URL per part, the page PUTs each part's byte range
 * (File.slice reads it lazily from disk), and then asks the API to complete. XMLHttpRequest is used for the parts
 * because fetch reports no upload progress.
 */

const filesInParallel = 3;
const partsInParallel = 4;
const partAttempts = 3;
/** Files up to this size get a SHA-256 that the server checks at complete; larger ones would need a streaming hash. */
const hashLimit = 32 * 1024 * 1024;

/** Headers a page may not set on a request; the browser sets them itself. */
const forbiddenHeaders = new Set(['content-length', 'host', 'connection', 'keep-alive', 'expect', 'date']);

export type UploadState = 'queued' | 'hashing' | 'uploading' | 'completing' | 'done' | 'failed';

/** One file's progress, shown as a bar. */
export interface UploadTask {
  readonly key: number;
  readonly file: File;
  readonly parentId: string;
  readonly name: string;
  /** The file this upload is a new version of; null for a new file. */
  readonly fileId: string | null;
  state: UploadState;
  sent: number;
  error: string | null;
  item: Item | null;
}

type Listener = (task: UploadTask) => void;

let nextKey = 1;
let running = 0;
const queue: UploadTask[] = [];
const listeners = new Set<Listener>();

/** Called whenever a task changes (progress, state). */
export function onUploadChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(task: UploadTask): void {
  listeners.forEach((listener) => listener(task));
}

/** Queues a file for upload into `parentId` under `name` (the file's own name by default). */
export function enqueueUpload(file: File, parentId: string, name: string = file.name): UploadTask {
  return enqueue({ file, parentId, name, fileId: null });
}

/** Queues `file` as a new version of `target`, which keeps its id, name and folder. */
export function enqueueNewVersion(file: File, target: Item): UploadTask {
  return enqueue({ file, parentId: target.parentId ?? '', name: target.name, fileId: target.id });
}

function enqueue(what: Pick<UploadTask, 'file' | 'parentId' | 'name' | 'fileId'>): UploadTask {
  const task: UploadTask = { key: nextKey++, ...what, state: 'queued', sent: 0, error: null, item: null };
  queue.push(task);
  changed(task);
  pump();
  return task;
}

function pump(): void {
  while (running < filesInParallel && queue.length > 0) {
    const task = queue.shift()!;
    running++;
    void uploadAsync(task).finally(() => {
      running--;
      pump();
    });
  }
}

async function uploadAsync(task: UploadTask): Promise<void> {
  let uploadId: string | null = null;
  try {
    const sha256 = await hashAsync(task);

    task.state = 'uploading';
    changed(task);
    const contentType = task.file.type || 'application/octet-stream';
    const session = task.fileId
      ? await api.startNewVersion(task.fileId, task.file.size, contentType, sha256)
      : await api.startUpload(task.parentId, task.name, task.file.size, contentType, sha256);
    uploadId = session.uploadId;

    await sendPartsAsync(task, session.parts);

    task.state = 'completing';
    changed(task);
    task.item = await api.completeUpload(session.uploadId);
    task.sent = task.file.size;
    task.state = 'done';
    changed(task);
  } catch (error) {
    task.state = 'failed';
    task.error = describeError(error);
    changed(task);
    if (uploadId) await api.abortUpload(uploadId).catch(() => undefined);
  }
}

async function hashAsync(task: UploadTask): Promise<string | undefined> {
  if (task.file.size > hashLimit || !globalThis.crypto?.subtle) return undefined;
  task.state = 'hashing';
  changed(task);
  const digest = await crypto.subtle.digest('SHA-256', await task.file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Sends the parts, at most `partsInParallel` at a time, in whatever order they finish. */
async function sendPartsAsync(task: UploadTask, parts: UploadPart[]): Promise<void> {
  const progress = new Map<number, number>();
  const report = (number: number, loaded: number) => {
    progress.set(number, loaded);
    task.sent = Array.from(progress.values()).reduce((sum, value) => sum + value, 0);
    changed(task);
  };

  const pending = [...parts];
  const worker = async () => {
    for (;;) {
      const part = pending.shift();
      if (!part) return;
      await sendPartWithRetryAsync(task.file, part, (loaded) => report(part.number, loaded));
    }
  };
  await Promise.all(Array.from({ length: Math.min(partsInParallel, parts.length) }, worker));
}

async function sendPartWithRetryAsync(file: File, part: UploadPart, onProgress: (loaded: number) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendPartAsync(file, part, onProgress);
      return;
    } catch (error) {
      const retriable = !(error instanceof ApiError) || error.status >= 500 || error.status === 0;
      if (!retriable || attempt >= partAttempts) throw error;
      onProgress(0);
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}

function sendPartAsync(file: File, part: UploadPart, onProgress: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(part.method || 'PUT', part.url);
    for (const [name, value] of Object.entries(part.headers ?? {})) {
      if (!forbiddenHeaders.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(part.length);
        resolve();
      } else {
        reject(new ApiError(xhr.status, `Storage refused part ${part.number}`, storageMessage(xhr)));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, `Part ${part.number} did not reach storage`, 'network or CORS error'));
    xhr.send(file.slice(part.offset, part.offset + part.length));
  });
}

/** Azure storage answers errors in XML: <Error><Code/><Message/></Error>. */
function storageMessage(xhr: XMLHttpRequest): string | null {
  const match = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText ?? '');
  return match ? match[1].trim() : xhr.statusText || null;
}
