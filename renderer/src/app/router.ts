import { useSyncExternalStore } from 'react';

/** Hash routes (#/units): they work the same under app:// and the browser host. */
function current(): string {
  const h = window.location.hash;
  return h.startsWith('#/') ? h.slice(1) : '/';
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}
