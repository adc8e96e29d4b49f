/** The public API's shapes (JSON, camelCase), as described in the product spec. */

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  usedBytes: number;
  quotaBytes: number;
}

export type ThumbnailState = 'none' | 'pending' | 'ready' | 'failed';

export interface Item {
  id: string;
  kind: 'folder' | 'file';
  name: string;
  parentId: string | null;
  size: number | null;
  contentType: string | null;
  sha256: string | null;
  createdAt: string;
  modifiedAt: string;
  /** 1 for a file's first content, one more for each new version uploaded since. */
  contentVersion?: number;
  thumbnail: { state: ThumbnailState; url: string | null } | null;
}

export interface ItemPage {
  items: Item[];
  nextPageToken: string | null;
}

export interface UploadPart {
  number: number;
  offset: number;
  length: number;
  url: string;
  method: string;
  headers: Record<string, string> | null;
}

export interface UploadSession {
  uploadId: string;
  expiresAt: string;
  parts: UploadPart[];
}

export type OrderBy = 'name' | 'modifiedAt' | 'size';
