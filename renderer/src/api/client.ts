import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import type { AppError, Result } from '../../../shared/api/result.ts';
import type { AppEvent } from '../../../shared/api/events.ts';
import type { FileDto } from '../../../shared/api/dto.ts';
import type { DesktopBridge } from '../../../shared/api/bridge.ts';

declare global {
  interface Window {
    api?: DesktopBridge;
  }
}

/** A failed call, carrying the backend's code, Chinese message and details. */
export class ApiError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.error = error;
  }
}

const TOKEN_KEY = 'bpd.hostToken';
const SESSION_KEY = 'bpd.session';

/** The browser host puts its per-start token in the URL fragment; keep it for this tab only. */
function hostToken(): string {
  const m = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The browser host's implementation of the desktop bridge: HTTP calls and server-sent events. */
function httpBridge(): DesktopBridge {
  const token = hostToken();
  const listeners = new Set<(e: AppEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as AppEvent;
      for (const l of listeners) l(event);
    };
  };
  return {
    async call(method, input, session) {
      let res: Response;
      try {
        res = await fetch('/api/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-BPD-Token': token, ...(session ? { 'X-BPD-Session': session } : {}) },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: '无法连接本机服务，请确认程序仍在运行。' } };
      }
      return (await res.json()) as Result<unknown>;
    },
    onEvent(listener) {
      if (!source) connect();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    openFile({ extensions }) {
      return new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = extensions.map((e) => `.${e}`).join(',');
        input.style.display = 'none';
        input.onchange = async () => {
          const file = input.files?.[0];
          input.remove();
          if (!file) return resolve(null);
          resolve({ name: file.name, base64: await toBase64(file) });
        };
        input.oncancel = () => {
          input.remove();
          resolve(null);
        };
        document.body.append(input);
        input.click();
      });
    },
    async saveFile(file) {
      const blob = new Blob([fromBase64(file.base64)], { type: file.mime });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return file.name;
    },
  };
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export const isDesktop = typeof window !== 'undefined' && window.api !== undefined;
const bridge: DesktopBridge = window.api ?? httpBridge();

let session: string | null = sessionStorage.getItem(SESSION_KEY);
const sessionListeners = new Set<(s: string | null) => void>();

export const sessionStore = {
  get: () => session,
  set(s: string | null) {
    session = s;
    if (s) sessionStorage.setItem(SESSION_KEY, s);
    else sessionStorage.removeItem(SESSION_KEY);
    for (const l of sessionListeners) l(s);
  },
  subscribe(l: (s: string | null) => void): () => void {
    sessionListeners.add(l);
    return () => {
      sessionListeners.delete(l);
    };
  },
};

/** Calls a contract method; resolves its data or throws ApiError. An expired session signs out. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge.call(method, input, session);
  if (!result.ok) {
    if (result.error.code === 'UNAUTHENTICATED' && session) sessionStore.set(null);
    throw new ApiError(result.error);
  }
  return result.data as MethodOutput<M>;
}

export const onAppEvent = (listener: (e: AppEvent) => void) => bridge.onEvent(listener);

/** Lets the user pick a file; null when cancelled. */
export const pickFile = (title: string, extensions: string[]) => bridge.openFile({ title, extensions });

/** Hands a file to the user (save dialog on the desktop, download in the browser). */
export const saveFile = (file: FileDto) => bridge.saveFile(file);
