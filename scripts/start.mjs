// `npm start` (after `npm run build`): the desktop app when an Electron binary is installed,
// otherwise the same app in the browser host. Never triggers Electron's binary download.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary, PROJECT_ROOT } from './electron-binary.mjs';

function requireBuilt(rel) {
  if (fs.existsSync(path.join(PROJECT_ROOT, rel))) return;
  console.error(`找不到 ${rel}：请先运行 npm run build（${rel} missing: run npm run build first）。`);
  process.exit(1);
}

/** Runs the child with our terminal and mirrors its exit; signals sent to us are passed on once. */
function run(command, args) {
  // On POSIX the child gets its own process group: Ctrl+C then reaches it only through us, once,
  // instead of twice (terminal + forward), which would cut its graceful shutdown short. Windows
  // has no signals to forward: the console delivers Ctrl+C to every attached process itself.
  const posix = process.platform !== 'win32';
  const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit', detached: posix });
  if (posix) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      });
    }
  }
  child.on('error', (e) => {
    console.error(`无法启动 ${command}：${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
}

const electron = findElectronBinary();
if (electron.binary) {
  requireBuilt('dist/electron/main.cjs');
  run(electron.binary, ['.']);
} else {
  requireBuilt('dist/host/host.cjs');
  console.log(`未安装 Electron 桌面程序，改为在浏览器宿主中运行同一程序（Electron desktop binary not installed: ${electron.reason}; serving the same app in the browser host）。`);
  run(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'host', 'host.cjs'), 'serve']);
}
