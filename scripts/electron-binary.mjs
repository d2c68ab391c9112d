// Finds an installed Electron binary WITHOUT triggering a download. require('electron') would
// download a missing binary (electron >= 42 does it lazily on first use), so this reads the
// package's own pointer file instead. Shared by scripts/start.mjs and the Electron smoke test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What electron's install.js would write to path.txt for this platform. */
function platformExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {{ root?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {{ binary: string, reason: null } | { binary: null, reason: string }} reason: a short
 *   English phrase naming what is missing, for log lines
 */
export function findElectronBinary({ root = PROJECT_ROOT, env = process.env } = {}) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const pointer = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  // Same precedence as electron/index.js: an override folder wins over the package's dist/.
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, pointer || platformExecutable());
    return isExecutable(binary)
      ? { binary, reason: null }
      : { binary: null, reason: `${binary} from ELECTRON_OVERRIDE_DIST_PATH missing` };
  }
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
    return { binary: null, reason: 'node_modules/electron missing' };
  }
  if (!pointer) {
    return { binary: null, reason: 'node_modules/electron/dist missing' };
  }
  const binary = path.join(pkgDir, 'dist', pointer);
  return isExecutable(binary)
    ? { binary, reason: null }
    : { binary: null, reason: `node_modules/electron/dist/${pointer} missing` };
}
