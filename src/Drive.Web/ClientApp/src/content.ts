import { authorizedFetch, toApiError } from './api';
import type { Item } from './types';

/**
 * Thumbnails and downloads. An <img> or a link cannot carry the bearer token, so the page asks the API with the token
 * and lets fetch follow the 302 to the signed URL. A thumbnail's URL is on this origin's /media/thumbnails/, which the
 * edge cache (or a CDN) serves and which the browser may cache too: it stays the same for a whole time window, and
 * the edge drops the Authorization header the browser keeps on that same-origin hop. A file's content URL is on
 * blob storage, which must allow this origin through CORS for GET (the browser strips the token on that hop).
 */

const thumbnails = new Map<string, Promise<string>>();

function thumbnailKey(item: Item): string {
  return `${item.id}@${item.modifiedAt}`;
}

/** An object URL for the item's thumbnail, fetched once per item version and kept for the session. */
export function thumbnailUrl(item: Item): Promise<string> {
  const key = thumbnailKey(item);
  let url = thumbnails.get(key);
  if (!url) {
    url = loadThumbnail(item);
    thumbnails.set(key, url);
    url.catch(() => thumbnails.delete(key));
  }
  return url;
}

async function loadThumbnail(item: Item): Promise<string> {
  const given = item.thumbnail?.url;

  // A signed URL handed out in the item itself needs no token: the <img> can use it as it is.
  if (given && /^https?:\/\//i.test(given) && new URL(given).origin !== location.origin) return given;

  const response = await authorizedFetch(given ?? `/api/items/${encodeURIComponent(item.id)}/thumbnail`);
  if (!response.ok) throw await toApiError(response);
  return URL.createObjectURL(await response.blob());
}

/** Releases every cached thumbnail (at sign-out). */
export function forgetThumbnails(): void {
  for (const url of thumbnails.values()) {
    url.then((value) => value.startsWith('blob:') && URL.revokeObjectURL(value)).catch(() => undefined);
  }
  thumbnails.clear();
}

/**
 * Downloads a file. When the API redirects to a signed blob URL, the body is not read here: the page navigates to that
 * URL and the browser saves it as it streams, named by the blob's Content-Disposition. Should the API ever answer with
 * the bytes itself, they are saved from memory instead.
 */
export async function download(item: Item): Promise<void> {
  const controller = new AbortController();
  const response = await authorizedFetch(`/api/items/${encodeURIComponent(item.id)}/content`, {
    signal: controller.signal,
  });
  if (!response.ok) throw await toApiError(response);

  const link = document.createElement('a');
  link.download = item.name;
  link.rel = 'noopener';
  let objectUrl: string | null = null;
  if (response.redirected && new URL(response.url).origin !== location.origin) {
    controller.abort();
    link.href = response.url;
  } else {
    objectUrl = URL.createObjectURL(await response.blob());
    link.href = objectUrl;
  }

  document.body.appendChild(link);
  link.click();
  link.remove();
  if (objectUrl) setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
