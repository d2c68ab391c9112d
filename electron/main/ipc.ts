import fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { z } from 'zod';
import type { Backend } from '../backend/backend.ts';
import { DESKTOP_OPEN_FILE, DESKTOP_SAVE_FILE, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/bridge.ts';
import { fail, ok, type Result } from '../../shared/api/result.ts';
import { isAppUrl, isTrustedSender } from './policy.ts';

/** Same order of magnitude as the browser host's body limit; base64 then fits one IPC message. */
const MAX_OPEN_BYTES = 200 * 1024 * 1024;

const payloadSchema = z.object({
  method: z.string().min(1).max(200),
  input: z.unknown(),
  session: z.string().max(512).nullable().optional(),
});
const openFileSchema = z.object({
  title: z.string().max(200),
  extensions: z.array(z.string().regex(/^\.?[A-Za-z0-9]{1,16}$/)).max(32),
});
const saveFileSchema = z.object({
  name: z.string().min(1).max(255),
  base64: z.string(),
  mime: z.string().max(255),
});

const badRequest = () => fail('VALIDATION', '请求格式错误。');
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function openFile(event: IpcMainInvokeEvent, rawInput: unknown): Promise<Result<{ name: string; base64: string } | null>> {
  const input = openFileSchema.safeParse(rawInput);
  if (!input.success) return badRequest();
  const extensions = input.data.extensions.map((e) => e.replace(/^\./, '').toLowerCase());
  const parent = BrowserWindow.fromWebContents(event.sender);
  const options: OpenDialogOptions = {
    title: input.data.title || '选择文件',
    properties: ['openFile'],
    filters: extensions.length > 0 ? [{ name: `支持的文件（${extensions.map((e) => `*.${e}`).join('、')}）`, extensions }] : [],
  };
  const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return ok(null);
  try {
    const { size } = await fs.stat(file);
    if (size > MAX_OPEN_BYTES) return fail('VALIDATION', `文件过大（超过 ${MAX_OPEN_BYTES / 1024 / 1024} MB）：${path.basename(file)}`);
    return ok({ name: path.basename(file), base64: (await fs.readFile(file)).toString('base64') });
  } catch (e) {
    return fail('INTERNAL', `读取文件失败：${path.basename(file)}（${reason(e)}）`);
  }
}

async function saveFile(event: IpcMainInvokeEvent, rawInput: unknown): Promise<Result<string | null>> {
  const input = saveFileSchema.safeParse(rawInput);
  if (!input.success) return badRequest();
  // The renderer names the file, never the folder: basename drops any path it smuggles in.
  const name = path.basename(input.data.name.replaceAll('\\', '/')) || '导出文件';
  const ext = path.extname(name).replace(/^\./, '');
  const parent = BrowserWindow.fromWebContents(event.sender);
  const options: SaveDialogOptions = {
    title: '保存文件',
    defaultPath: path.join(app.getPath('documents'), name),
    filters: ext ? [{ name: `${ext.toUpperCase()} 文件`, extensions: [ext] }] : [],
  };
  const picked = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (picked.canceled || !picked.filePath) return ok(null);
  try {
    await fs.writeFile(picked.filePath, Buffer.from(input.data.base64, 'base64'));
    return ok(picked.filePath);
  } catch (e) {
    return fail('INTERNAL', `保存文件失败：${picked.filePath}（${reason(e)}）`);
  }
}

/**
 * Binds the one invoke channel: the two native dialogs are answered here, every other method
 * goes to the backend's dispatch (which parses the input and checks the session's role).
 * Returns a disposer for shutdown.
 */
export function registerIpc(backend: Backend): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, payload: unknown): Promise<Result<unknown>> => {
    // Only the bundled renderer may call; a frame that navigated elsewhere has a null or foreign URL.
    if (!isTrustedSender(event.senderFrame?.url ?? '')) return fail('FORBIDDEN', '请求来源不受信任，已拒绝。');
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return badRequest();
    const { method, input, session } = parsed.data;
    try {
      if (method === DESKTOP_OPEN_FILE) return await openFile(event, input);
      if (method === DESKTOP_SAVE_FILE) return await saveFile(event, input);
      return await backend.dispatch(method, input, session ?? null);
    } catch (e) {
      console.error(`[ipc] ${method} failed`, e);
      return fail('INTERNAL', '系统内部错误，操作未完成。');
    }
  });

  const off = backend.on((event) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT_CHANNEL, event);
    }
  });

  return () => {
    off();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
