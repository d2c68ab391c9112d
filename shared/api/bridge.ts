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

export const IPC_CALL_CHANNEL = 'app:api';
export const IPC_EVENT_CHANNEL = 'app:event';
export const IPC_OPEN_FILE_CHANNEL = 'app:openFile';
export const IPC_SAVE_FILE_CHANNEL = 'app:saveFile';
