import type { Event, Session, WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequest } from './policy.ts';

/** data: URLs can be megabytes long; the log only needs to say what was refused. */
const short = (url: string) => (url.length > 160 ? `${url.slice(0, 160)}…` : url);

/**
 * Guards for every webContents (attached from app 'web-contents-created', so a contents created
 * later cannot slip through): it may only show app://bundle, never open windows or webviews.
 */
export function hardenWebContents(contents: WebContents): void {
  const guard = (event: Event<{ url: string }>) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    console.warn(`[security] navigation blocked: ${short(event.url)}`);
  };
  contents.on('will-navigate', guard);
  // will-navigate only sees the main frame; will-frame-navigate adds the iframes.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guard(event);
  });
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Deny and open nothing, not even in the system browser: this app has no external links.
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[security] window.open blocked: ${short(url)}`);
    return { action: 'deny' };
  });
}

/** Session-wide: no permissions, no downloads, no request leaves the bundle. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // Files reach the user through the save dialog in ipc.ts, never through a browser download.
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !isAllowedRequest(details.url);
    if (cancel) console.warn(`[security] request blocked: ${short(details.url)}`);
    callback({ cancel });
  });
}
