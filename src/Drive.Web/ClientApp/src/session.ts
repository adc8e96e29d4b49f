import type { TokenPair } from './types';

/**
 * Where the tokens live: sessionStorage. It survives a reload of the tab, is not shared with other tabs and is
 * gone when the tab closes, so a stolen laptop with the browser closed holds no refresh token; unlike a cookie it is
 * never sent on its own, so there is nothing to forge across sites (no CSRF). Script on the page could read it, as it
 * could read memory: Drive.Web therefore serves a Content-Security-Policy that allows scripts from itself only.
 */
const key = 'drive.tokens';

type Listener = (signedIn: boolean) => void;
const listeners = new Set<Listener>();

export function getTokens(): TokenPair | null {
  const raw = sessionStorage.getItem(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as TokenPair;
  } catch {
    sessionStorage.removeItem(key);
    return null;
  }
}

export function setTokens(tokens: TokenPair): void {
  sessionStorage.setItem(key, JSON.stringify(tokens));
  listeners.forEach((listener) => listener(true));
}

export function clearTokens(): void {
  sessionStorage.removeItem(key);
  listeners.forEach((listener) => listener(false));
}

/** Called with false when the session ends (sign-out or a refresh token the server no longer accepts). */
export function onSessionChange(listener: Listener): void {
  listeners.add(listener);
}
