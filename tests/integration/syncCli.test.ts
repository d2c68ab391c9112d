import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/backend.ts';
import { AS_ADMIN, INIT, cli, cliSandbox, query } from '../helpers/cli.ts';
import { flipInMember } from '../helpers/syncTamper.ts';

const { newDir } = cliSandbox('bpd-cli-sync-');

const PREFECTURE_INIT = [
  'init', '--region', '652300', '--name', '昌吉回族自治州财政局', '--level', 'prefecture', '--parent-name', '新疆维吾尔自治区财政厅',
  '--parent-code', '650000', '--admin', 'admin', '--admin-name', '管理员', '--password', ADMIN_PASSWORD, '--year', '2026',
];

async function office(init: string[]): Promise<string> {
  const dir = newDir();
  expect((await cli(...init, '--data-dir', dir)).code).toBe(0);
  return dir;
}

describe('cli bundle', () => {
  it('registers offices, exports, verifies and imports a folder in sequence order, with exit codes', async () => {
    const county = await office(INIT);
    const pref = await office(PREFECTURE_INIT);
    const at = (dir: string, ...args: string[]) => cli(...args, '--data-dir', dir, ...AS_ADMIN);

    expect(await at(county, 'bundle', 'offices', 'add', '--region', '652300', '--name', '昌吉回族自治州财政局', '--level', 'prefecture', '--relation', 'parent'))
      .toMatchObject({ code: 0, out: '已登记上级单位：昌吉回族自治州财政局（652300）' });
    expect((await at(pref, 'bundle', 'offices', 'add', '--region', '652325', '--name', '奇台县财政局', '--level', 'county', '--relation', 'child')).code).toBe(0);
    const bad = await at(pref, 'bundle', 'offices', 'add', '--region', '652302', '--name', '阜康市财政局', '--level', 'county', '--relation', 'sibling');
    expect(bad).toMatchObject({ code: 1, err: '--relation 应为 parent（上级）或 child（下级）（实际为“sibling”）' });

    const identity = JSON.parse((await at(county, 'bundle', 'identity', '--json')).out) as { fingerprint: string };
    expect(identity.fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);

    const outDir = newDir();
    for (const code of ['301', '302']) {
      // A unit more in each bundle (written straight into the file: the CLI has no unit command).
      const conn = new Database(path.join(county, 'office.sqlite'));
      conn.prepare(`INSERT INTO units (id, origin, code, name, kind, created_at, updated_at) VALUES (?, '652325', ?, ?, 'administrative', '2026-03-01', '2026-03-01')`)
        .run(`0195${code}00-0000-7000-8000-000000000000`, code, `单位${code}`);
      conn.close();
      const r = await at(county, 'bundle', 'export', '--to', '652300', '--years', '2026', '--out', outDir);
      expect(r.code).toBe(0);
      expect(r.out).toContain('已导出上报包：');
    }
    const files = fs.readdirSync(outDir).sort();
    expect(files).toEqual(['652325-652300-2026-第1号.bpdbundle', '652325-652300-2026-第2号.bpdbundle']);

    const verified = await at(pref, 'bundle', 'verify', path.join(outDir, files[0] ?? ''));
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('发送单位：奇台县财政局（652325，县级）');
    expect(verified.out).toContain('密钥：首次接收，须核对指纹；序号：该单位的首个数据包');
    expect(verified.out).toContain('记录数：预算单位 1');
    expect(verified.out).toContain('结论：校验通过');

    // Unpinned: refused with the fingerprint to compare (exit 3), nothing imported.
    const unconfirmed = await at(pref, 'bundle', 'import', outDir);
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.err).toContain(`首次接收“奇台县财政局”的数据包：请与对方电话或当面核对密钥指纹（${identity.fingerprint}）`);
    expect(query(pref, "SELECT count(*) AS n FROM units WHERE origin = '652325'")).toEqual([{ n: 0 }]);

    // The folder in sequence order; then an older one again is refused.
    const imported = await at(pref, 'bundle', 'import', outDir, '--confirm-fingerprint', identity.fingerprint);
    expect(imported.code).toBe(0);
    expect(imported.out.split('\n')).toEqual([
      `已导入：${files[0]}（奇台县财政局 第 1 号上报包）：新增 1 条，更新 0 条，删除 0 条`,
      `已导入：${files[1]}（奇台县财政局 第 2 号上报包）：新增 1 条，更新 0 条，删除 0 条`,
    ]);
    expect(query(pref, "SELECT code FROM units WHERE origin = '652325' ORDER BY code")).toEqual([{ code: '301' }, { code: '302' }]);
    const again = await at(pref, 'bundle', 'import', path.join(outDir, files[1] ?? ''));
    expect(again).toMatchObject({ code: 0, out: `内容未变化：${files[1]}（奇台县财政局 第 2 号上报包，此前已导入）` });
    const older = await at(pref, 'bundle', 'import', path.join(outDir, files[0] ?? ''));
    expect(older.code).toBe(3);
    expect(older.err).toContain('该包早于已导入的第 2 号包（本包为第 1 号），不能导入');

    // A tampered file: verify says why (exit 3).
    const tampered = path.join(newDir(), 'tampered.bpdbundle');
    fs.writeFileSync(tampered, flipInMember(path.join(outDir, files[1] ?? ''), 'signature', 3));
    const refused = await at(pref, 'bundle', 'verify', tampered, '--json');
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.out)).toMatchObject({ ok: false, errors: [expect.stringContaining('签名无效'), expect.stringContaining('序号相同但内容不同')] });

    const list = JSON.parse((await at(pref, 'bundle', 'offices', '--json')).out) as { regionCode: string; fingerprint: string; lastReceivedSeq: number }[];
    expect(list).toEqual([expect.objectContaining({ regionCode: '652325', fingerprint: identity.fingerprint, lastReceivedSeq: 2 })]);
  });
});
