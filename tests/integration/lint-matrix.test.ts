import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend.ts';

const root = path.resolve(__dirname, '../..');
const oxlint = path.join(root, 'node_modules', '.bin', 'oxlint');
const sandbox = tempDir('bpd-lint-');
fs.copyFileSync(path.join(root, '.oxlintrc.json'), path.join(sandbox, '.oxlintrc.json'));
afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

/** Lints one probe file placed at `rel` in a copy of the project's layout; returns the output. */
function lintProbe(rel: string, source: string): { ok: boolean; output: string } {
  const file = path.join(sandbox, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  try {
    const output = execFileSync(oxlint, ['-c', '.oxlintrc.json', rel], { cwd: sandbox, encoding: 'utf8' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string };
    return { ok: false, output: err.stdout ?? '' };
  } finally {
    fs.rmSync(file);
  }
}

// The import matrix of STYLE.md: each row is a file that must fail lint, and why.
const forbidden: [string, string, string][] = [
  ['renderer/src/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", 'better-sqlite3'],
  ['renderer/src/probe.ts', "import { Backend } from '../../electron/backend/backend.ts';\nexport const x = Backend;\n", 'electron/backend'],
  ['renderer/src/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n", 'node:fs'],
  ['electron/backend/probe.ts', "import { app } from 'electron';\nexport const x = app;\n", 'electron'],
  ['electron/host/probe.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n", 'electron'],
  ['shared/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n", 'node:fs'],
  ['shared/probe.ts', "import { useState } from 'react';\nexport const x = useState;\n", 'react'],
  ['electron/preload/probe.ts', "import { Backend } from '../backend/backend.ts';\nexport const x = Backend;\n", 'backend'],
];

describe('import matrix enforced by lint', () => {
  it.each(forbidden)('%s importing %s fails lint', (rel, source, what) => {
    const r = lintProbe(rel, source);
    expect(r.ok, `expected ${rel} importing ${what} to fail lint`).toBe(false);
    expect(r.output).toContain('no-restricted-imports');
  });

  it('allowed imports pass lint', () => {
    expect(lintProbe('renderer/src/probe.ts', "import { z } from 'zod';\nexport const x = z;\n").ok).toBe(true);
    expect(lintProbe('electron/backend/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n").ok).toBe(true);
    expect(lintProbe('electron/main/probe.ts', "import { app } from 'electron';\nexport const x = app;\n").ok).toBe(true);
  });
});
