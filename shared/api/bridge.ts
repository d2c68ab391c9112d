import type { Result } from './result.ts';
import type { AppEvent } from './events.ts';
import type { FileDto } from './dto.ts';

/**
 * What the desktop preload exposes as `window.api` (and nothing else). The browser host's
 * client implements the same shape over HTTP, so the renderer never knows which it has.
 */
export interface DesktopBridge {
  call(method: string, input: unknown, session: string | null): Promise<Result<unknown>>;
  /** Subscribes to backend events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Native open dialog; resolves null when the user cancels. */
  openFile(options: { title: string; extensions: string[] }): Promise<{ name: string; base64: string } | null>;
  /** Native save dialog; resolves the saved path, or null when cancelled. */
  saveFile(file: FileDto): Promise<string | null>;
}

/** The one invoke channel: API calls and the two dialog requests below all travel on it. */
export const IPC_CALL_CHANNEL = 'app:api';
/** Main → renderer events (send, not invoke). */
export const IPC_EVENT_CHANNEL = 'app:event';
/** Pseudo-methods on the invoke channel that main answers itself (native dialogs). */
export const DESKTOP_OPEN_FILE = 'desktop.openFile';
export const DESKTOP_SAVE_FILE = 'desktop.saveFile';
