import { api } from '../api';
import { formatBytes, h, replace } from '../dom';
import { type IconName, icon } from '../icons';
import { clearTokens } from '../session';
import type { Me } from '../types';

type Navigate = (path: string) => void;

let usageTimer: ReturnType<typeof setTimeout> | undefined;
let usageTarget: HTMLElement | null = null;
let userTarget: HTMLElement | null = null;

/** Re-reads GET /api/me soon (debounced) and updates the usage meter and the name in the header. */
export function refreshUsage(): void {
  clearTimeout(usageTimer);
  usageTimer = setTimeout(() => {
    api.me().then(renderUsage).catch(() => undefined);
  }, 300);
}

function renderUsage(me: Me): void {
  if (userTarget) replace(userTarget, me.displayName || me.email);
  if (!usageTarget) return;
  const share = me.quotaBytes > 0 ? Math.min(1, me.usedBytes / me.quotaBytes) : 0;
  const bar = h('div', { className: 'meter-fill' });
  bar.style.width = `${(share * 100).toFixed(1)}%`;
  if (share > 0.9) bar.classList.add('meter-full');
  replace(usageTarget,
    h('div', { className: 'meter', role: 'presentation' }, bar),
    h('span', { 'data-testid': 'usage', 'data-used': me.usedBytes, 'data-quota': me.quotaBytes },
      me.quotaBytes > 0
        ? `${formatBytes(me.usedBytes)} of ${formatBytes(me.quotaBytes)} used`
        : `${formatBytes(me.usedBytes)} used`));
}

/** The frame around the signed-in screens: header, side bar with navigation and usage, and the screen itself. */
export function shell(active: 'drive' | 'trash', navigate: Navigate, sideActions: Node[], content: Node): HTMLElement {
  userTarget = h('span', { className: 'user', 'data-testid': 'user-name' });
  usageTarget = h('div', { className: 'usage' });
  refreshUsage();

  const signOut = () => {
    clearTokens();
    navigate('/signin');
  };
  const nav = (path: string, label: string, key: typeof active, glyph: IconName) =>
    h('a', { href: path, 'data-link': true, className: key === active ? 'nav active' : 'nav' }, icon(glyph), label);

  return h('div', { className: 'app' },
    h('header', { className: 'topbar' },
      h('a', { href: '/', 'data-link': true, className: 'brand' }, h('span', { className: 'logo' }), 'Drive'),
      h('div', { className: 'spacer' }),
      userTarget,
      h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out')),
    h('aside', { className: 'sidebar' },
      ...sideActions,
      h('nav', {}, nav('/', 'My Drive', 'drive', 'drive'), nav('/trash', 'Trash', 'trash', 'trash')),
      usageTarget),
    h('main', { className: 'content' }, content));
}
