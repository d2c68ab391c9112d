import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge, DESKTOP_OPEN_FILE, DESKTOP_SAVE_FILE, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/bridge.ts';
import type { AppEvent } from '../../shared/api/events.ts';
import type { Result } from '../../shared/api/result.ts';

// The sandboxed preload imports only types from shared/; the literals are restated here and
// typed against the shared constants, so a renamed channel fails type-checking instead of IPC.
const CALL_CHANNEL: typeof IPC_CALL_CHANNEL = 'app:api';
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'app:event';
const OPEN_FILE: typeof DESKTOP_OPEN_FILE = 'desktop.openFile';
const SAVE_FILE: typeof DESKTOP_SAVE_FILE = 'desktop.saveFile';

const invoke = (method: string, input: unknown, session: string | null) =>
  ipcRenderer.invoke(CALL_CHANNEL, { method, input, session }) as Promise<Result<unknown>>;

/** Dialog results come back as Result values; a failure becomes an Error with the Chinese message. */
async function unwrap<T>(pending: Promise<Result<unknown>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(result.error.message);
  return result.data as T;
}

const bridge: DesktopBridge = {
  call: (method, input, session) => invoke(method, input, session),
  onEvent(listener) {
    // Our own wrapper, so the renderer never sees the IPC event object (it carries `sender`).
    const handler = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  openFile: (options) => unwrap(invoke(OPEN_FILE, options, null)),
  saveFile: (file) => unwrap(invoke(SAVE_FILE, file, null)),
};

// The only thing the page gets: no ipcRenderer, no Node, no channel of its choosing.
contextBridge.exposeInMainWorld('api', bridge);
