import { clearTokens, getTokens, setTokens } from './session';
import type { Item, ItemPage, Me, OrderBy, TokenPair, UploadSession } from './types';

/** An error answer from the API, read from its application/problem+json body (RFC 9457). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

/** Builds an ApiError from any failed response, problem+json or not. */
export async function toApiError(response: Response): Promise<ApiError> {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail: string | null = null;
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const problem = (await response.json()) as { title?: string; detail?: string };
      title = problem.title ?? title;
      detail = problem.detail ?? null;
    } else {
      const text = (await response.text()).trim();
      detail = text.length > 0 && text.length < 500 ? text : null;
    }
  } catch {
    // The body was not readable; the status line is all there is to show.
  }
  return new ApiError(response.status, title, detail);
}

/** A message for the person using the page. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail ? `${error.title}: ${error.detail}` : error.title;
  if (error instanceof TypeError) return `Network error: ${error.message}. Is the server reachable?`;
  return error instanceof Error ? error.message : String(error);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for a new pair. Refresh tokens rotate, so concurrent callers share one request: a second
 * refresh with the same token would be refused (and could revoke the session).
 */
function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = getTokens();
    if (!tokens) return false;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    });
    if (!response.ok) {
      clearTokens();
      return false;
    }
    setTokens((await response.json()) as TokenPair);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Most times one request waits out a 429 and the longest wait it accepts (seconds) before showing the error. */
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_LONGEST_WAIT = 60;

/**
 * fetch with the access token; on a 401 it refreshes once and tries again. Redirects are followed: the browser drops
 * the Authorization header when a 302 leads to another origin (the signed blob URL), so the token never reaches
 * storage. A 429 (over a rate-limit budget, e.g. while uploading a large folder) is waited out as its Retry-After
 * says, a few times, before it reaches the caller.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    const tokens = getTokens();
    if (tokens) headers.set('Authorization', `Bearer ${tokens.accessToken}`);
    return fetch(path, { ...init, headers });
  };

  let response = await send();
  for (let retry = 0; response.status === 429 && retry < RATE_LIMIT_RETRIES; retry++) {
    const wait = Number(response.headers.get('Retry-After'));
    if (!Number.isFinite(wait) || wait < 0 || wait > RATE_LIMIT_LONGEST_WAIT) break;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    response = await send();
  }
  if (response.status !== 401 || !getTokens()) return response;
  return (await refreshTokens()) ? send() : response;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await authorizedFetch(path, init);
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function anonymous<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const id = encodeURIComponent;

/** Every call the front end makes, one line each. */
export const api = {
  register: (email: string, password: string, displayName: string) =>
    anonymous<unknown>('/api/auth/register', { email, password, displayName }),
  login: (email: string, password: string) => anonymous<TokenPair>('/api/auth/login', { email, password }),

  me: () => request<Me>('GET', '/api/me'),

  root: () => request<Item>('GET', '/api/folders/root'),
  children: (folderId: string, orderBy: OrderBy, pageToken: string | null, pageSize = 100) => {
    const query = new URLSearchParams({ pageSize: String(pageSize), orderBy });
    if (pageToken) query.set('pageToken', pageToken);
    return request<ItemPage>('GET', `/api/folders/${id(folderId)}/children?${query}`);
  },
  createFolder: (parentId: string, name: string) => request<Item>('POST', '/api/folders', { parentId, name }),

  item: (itemId: string) => request<Item>('GET', `/api/items/${id(itemId)}`),
  rename: (itemId: string, name: string) => request<Item>('PATCH', `/api/items/${id(itemId)}`, { name }),
  move: (itemId: string, parentId: string) => request<Item>('PATCH', `/api/items/${id(itemId)}`, { parentId }),
  trash: (itemId: string) => request<void>('DELETE', `/api/items/${id(itemId)}`),
  restore: (itemId: string) => request<Item>('POST', `/api/items/${id(itemId)}/restore`),
  trashed: async (): Promise<Item[]> => {
    const answer = await request<Item[] | ItemPage>('GET', '/api/trash');
    return Array.isArray(answer) ? answer : answer.items;
  },
  deleteForever: (itemId: string) => request<void>('DELETE', `/api/trash/${id(itemId)}`),

  startUpload: (parentId: string, name: string, size: number, contentType: string, sha256?: string) =>
    request<UploadSession>('POST', '/api/uploads', { parentId, name, size, contentType, sha256 }),
  /** An upload of a new version of a file's content; the file keeps its id, name and folder. */
  startNewVersion: (fileId: string, size: number, contentType: string, sha256?: string) =>
    request<UploadSession>('POST', '/api/uploads', { fileId, size, contentType, sha256 }),
  completeUpload: (uploadId: string) => request<Item>('POST', `/api/uploads/${id(uploadId)}/complete`),
  abortUpload: (uploadId: string) => request<void>('DELETE', `/api/uploads/${id(uploadId)}`),
};
