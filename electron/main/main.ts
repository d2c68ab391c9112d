import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import { Backend } from '../backend/backend.ts';
import { MigrationError } from '../backend/db/migrate.ts';
import { defaultDataDir } from '../backend/paths.ts';
import { registerIpc } from './ipc.ts';
import { APP_ENTRY_URL } from './policy.ts';
import { registerAppScheme, serveAppProtocol } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';

const APP_TITLE = '预算绩效工作台';
const APP_ID = 'cn.gov.czj.budget-performance-desk';
const BACKUP_CHECK_MS = 60 * 60 * 1000;
// The bundle sits in dist/electron/ beside preload.cjs; the renderer build is dist/renderer/.
const PRELOAD = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');

// Everything below until 'ready' must happen first: the scheme, the paths and the sandbox are
// fixed once Chromium starts. userData is pinned to the folder the browser host and CLI use
// (BPD_DATA_DIR honoured), so all three open the same office.sqlite; Chromium's own profile
// goes to a subfolder to keep the data folder readable for the people who back it up.
const dataDir = defaultDataDir();
registerAppScheme();
app.setName(APP_TITLE);
app.setPath('userData', dataDir);
app.setPath('sessionData', path.join(dataDir, 'chromium'));
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const work = screen.getPrimaryDisplay().workAreaSize;
  const win = new BrowserWindow({
    title: APP_TITLE,
    width: Math.min(1440, work.width),
    height: Math.min(900, work.height),
    minWidth: Math.min(1024, work.width),
    minHeight: Math.min(640, work.height),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    console.error(`[main] renderer gone: ${details.reason}`);
    void dialog
      .showMessageBox(win, {
        type: 'error',
        title: APP_TITLE,
        message: '程序界面意外退出。',
        detail: `原因：${details.reason}。已保存的数据不受影响。`,
        buttons: ['重新加载', '退出'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => (response === 0 && !win.isDestroyed() ? win.reload() : app.quit()));
  });
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[main] failed to load the renderer', e));
  return win;
}

function buildMenu(): Menu {
  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (!app.isPackaged) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });
  return Menu.buildFromTemplate([
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: () => void shell.openPath(dataDir) },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    {
      label: '帮助',
      submenu: [
        {
          label: `关于${APP_TITLE}`,
          click: () => {
            const options = {
              type: 'info' as const,
              title: `关于${APP_TITLE}`,
              message: APP_TITLE,
              detail: `版本 ${app.getVersion()}（Electron ${process.versions.electron}）\n数据文件夹：${dataDir}`,
              buttons: ['确定'],
            };
            void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ]);
}

async function start(): Promise<void> {
  let backend: Backend;
  try {
    backend = await Backend.open({ dataDir });
  } catch (e) {
    // A database from a newer version, a damaged file or a locked folder: say why and stop,
    // rather than open a window that cannot work. MigrationError messages are already Chinese.
    const why = e instanceof MigrationError ? e.message : `打开数据库时出错：${e instanceof Error ? e.message : String(e)}`;
    console.error('[main] Backend.open failed', e);
    dialog.showErrorBox(`${APP_TITLE} 无法启动`, `${why}\n\n数据文件夹：${dataDir}`);
    app.exit(1);
    return;
  }

  hardenSession(session.defaultSession);
  serveAppProtocol(RENDERER_ROOT);
  const disposeIpc = registerIpc(backend);
  Menu.setApplicationMenu(buildMenu());
  mainWindow = createWindow();

  // backupIfDue only backs up when the newest backup is a day old; checking hourly catches
  // offices that leave the program open for days.
  let pendingBackup: Promise<unknown> = Promise.resolve();
  const runBackup = () => {
    pendingBackup = backend.backupIfDue().catch((e: unknown) => console.error('[main] scheduled backup failed', e));
  };
  runBackup();
  const backupTimer = setInterval(runBackup, BACKUP_CHECK_MS);

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    // Let a running backup finish before the database closes under it, then quit for real.
    closing = true;
    event.preventDefault();
    clearInterval(backupTimer);
    void pendingBackup.finally(() => {
      disposeIpc();
      backend.close();
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  // Two processes on one SQLite file and one window set would only confuse; the first one wins.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('[main] start-up failed', e);
      dialog.showErrorBox(`${APP_TITLE} 无法启动`, `启动时出错：${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });
}
