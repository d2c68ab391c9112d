// Bundles the Node side (Electron main, preload, browser host/CLI) with esbuild.
// better-sqlite3 stays external (native addon); 'electron' is provided by the runtime.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'electron'],
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/host/host.ts'], outfile: 'dist/host/host.cjs' }),
  build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', target: 'chrome140' }),
]);
