import { useMemo, useSyncExternalStore } from 'react';

/** Hash routes (#/units, #/projects?budgetType=general): they work the same under app:// and the browser host. */
function currentHash(): string {
  const h = window.location.hash;
  return h.startsWith('#/') ? h.slice(1) : '/';
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The route path without its query string. */
export function useRoute(): string {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return hash.split('?')[0] ?? '/';
}

/** The route's query string (filters passed by links such as the coverage table). */
export function useRouteQuery(): URLSearchParams {
  const query = useSyncExternalStore(subscribe, currentHash).split('?')[1] ?? '';
  // Same object while the query string is unchanged, so it can sit in effect dependencies.
  return useMemo(() => new URLSearchParams(query), [query]);
}

export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}
