import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Harness } from '../helpers/backend.ts';
import { COUNTY, OTHER_COUNTY, PREFECTURE, contentHash, exportBundle, fingerprint, importBundle, link, openOffice, tempDir } from '../helpers/syncWorld.ts';
import { flipInMember, newKeyPair, readMembers, rebuild, resigned, zeroBomb } from '../helpers/syncTamper.ts';

/**
 * Every refusal names its cause (and the member) in Chinese and leaves the receiving database
 * byte for byte as it was: same content hash of every table, the audit log included, and no
 * backup file.
 */

let county: Harness;
let pref: Harness;
let dir: string;
/** Bundles 1 and 2 are imported (the key is pinned); 3 is the base of the hostile variants. */
const bundles: string[] = [];
let countyKey: string;

beforeAll(async () => {
  county = await openOffice(COUNTY);
  pref = await openOffice(PREFECTURE);
  dir = tempDir('bpd-sync-refusals-');
  await link(pref, PREFECTURE, county, COUNTY);
  for (const [code, name] of [['301', '县交通运输局'], ['302', '县教育局'], ['303', '县卫生健康委员会']]) {
    await county.call('units.create', { code: code ?? '', name: name ?? '', kind: 'administrative' });
    bundles.push((await exportBundle(county, 'up', PREFECTURE.regionCode, [2026], dir)).file);
  }
  countyKey = county.backend.database.prepare('SELECT private_key FROM office_identity').pluck().get() as string;
  await importBundle(pref, bundles[0] ?? '', await fingerprint(county));
  await importBundle(pref, bundles[1] ?? '');
});

afterAll(() => {
  county.close();
  pref.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = () => bundles[2] ?? '';
const backups = () => fs.readdirSync(pref.backend.backupDir).sort();

/** Writes a variant next to the others and returns its path. */
function variant(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/**
 * Verifies, previews and commits the file: all three refuse with the same causes and nothing in
 * the database changes (no backup either). Returns the causes, one per line.
 */
async function refusal(file: string): Promise<string> {
  const input = { file: { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') } };
  const hash = contentHash(pref.backend.database);
  const files = backups();
  const verdict = await pref.call('sync.verifyBundle', input);
  expect(verdict.ok).toBe(false);
  expect((await pref.call('sync.previewImport', input)).verdict.errors).toEqual(verdict.errors);
  const e = errorOf(await pref.raw('sync.commitImport', { ...input, confirmFingerprint: await fingerprint(county) }));
  expect(e.code).toBe('IMPORT_INVALID');
  expect(e.message).toBe(`数据包未通过校验，未导入任何数据：${verdict.errors[0] ?? ''}`);
  expect(e.details?.map((d) => d.message)).toEqual(verdict.errors);
  expect(contentHash(pref.backend.database)).toBe(hash);
  expect(backups()).toEqual(files);
  return verdict.errors.join('\n');
}

describe('sync bundles: hostile and broken bundles are refused and change nothing', () => {
  it('a changed byte in a table member: the hash names the member', async () => {
    const units = readMembers(base()).find(([n]) => n === 'tables/units.ndjson')?.[1] ?? Buffer.alloc(0);
    const changed = Buffer.from(units.toString('utf8').replace('县卫生健康委员会', '县卫生健康委员令'));
    expect(await refusal(variant('member.bpdbundle', rebuild(base(), { replace: { 'tables/units.ndjson': changed } })))).toContain('文件被篡改：tables/units.ndjson 的校验值不符');
    // A flipped bit in the compressed bytes themselves.
    expect(await refusal(variant('deflate.bpdbundle', flipInMember(base(), 'tables/units.ndjson', 5)))).toContain('文件被篡改：tables/units.ndjson');
  });

  it('a changed byte in the manifest or in the signature: 签名无效', async () => {
    const members = readMembers(base());
    const manifest = members.find(([n]) => n === 'manifest.json')?.[1].toString('utf8') ?? '';
    const at = manifest.indexOf('"createdAt": "') + '"createdAt": "'.length + 3; // a digit of the year
    expect(await refusal(variant('manifest.bpdbundle', flipInMember(base(), 'manifest.json', Buffer.byteLength(manifest.slice(0, at)))))).toContain('签名无效');
    expect(await refusal(variant('signature.bpdbundle', flipInMember(base(), 'signature', 10)))).toContain('签名无效');
  });

  it('another key than the pinned one, a wrong recipient, an unregistered sender', async () => {
    const other = newKeyPair();
    const wrongKey = rebuild(base(), { privateKeyHex: other.privateKey, manifest: (m) => Object.assign(m.sender as object, { publicKeyHex: other.publicKey }) });
    expect(await refusal(variant('key.bpdbundle', wrongKey))).toContain(`发送单位“${COUNTY.name}”的签名密钥与已登记的不一致`);
    const wrongRecipient = rebuild(base(), { privateKeyHex: countyKey, manifest: (m) => (m.recipient = { regionCode: OTHER_COUNTY.regionCode, name: OTHER_COUNTY.name }) });
    expect(await refusal(variant('recipient.bpdbundle', wrongRecipient))).toContain(`接收方不是本单位：该包发给“${OTHER_COUNTY.name}”（${OTHER_COUNTY.regionCode}）`);
    const stranger = rebuild(base(), { privateKeyHex: countyKey, manifest: (m) => Object.assign(m.sender as object, { regionCode: OTHER_COUNTY.regionCode }) });
    expect(await refusal(variant('stranger.bpdbundle', stranger))).toContain(`（${OTHER_COUNTY.regionCode}）尚未登记为往来单位`);
  });

  it('a replay of an older bundle, and another bundle with the number of the last one', async () => {
    expect(await refusal(bundles[0] ?? '')).toContain('该包早于已导入的第 2 号包（本包为第 1 号），不能导入');
    const same = rebuild(bundles[1] ?? '', { privateKeyHex: countyKey, manifest: (m) => (m.program = '改过的包') });
    expect(await refusal(variant('same-seq.bpdbundle', same))).toContain('该包与已导入的第 2 号包序号相同但内容不同');
  });

  it('a truncated zip', async () => {
    const bytes = fs.readFileSync(base());
    expect(await refusal(variant('truncated.bpdbundle', bytes.subarray(0, Math.floor(bytes.length / 2))))).toContain('找不到 zip 目录');
    expect(await refusal(variant('empty.bpdbundle', Buffer.from('not a zip')))).toContain('找不到 zip 目录');
  });

  it('unsafe member names: path traversal, absolute paths, backslashes', async () => {
    const data = Buffer.from('x');
    for (const name of ['../../evil.txt', '/etc/passwd', 'tables\\units.ndjson', 'tables/./units.ndjson']) {
      expect(await refusal(variant('unsafe.bpdbundle', rebuild(base(), { extra: [{ name, data }] })))).toContain(`文件名不安全：${name}`);
    }
  });

  it('duplicate members and members the manifest does not list', async () => {
    const units = readMembers(base()).find(([n]) => n === 'tables/units.ndjson')?.[1] ?? Buffer.alloc(0);
    expect(await refusal(variant('dup.bpdbundle', rebuild(base(), { extra: [{ name: 'tables/units.ndjson', data: units }] })))).toContain('包内有重复的文件：tables/units.ndjson');
    expect(await refusal(variant('extra.bpdbundle', rebuild(base(), { extra: [{ name: 'notes.txt', data: Buffer.from('备注') }] })))).toContain('包内含有清单未列出的文件：notes.txt');
    const listedOnly = rebuild(base(), {
      privateKeyHex: countyKey,
      manifest: (m) => (m.members as object[]).push({ path: 'attachments/missing', size: 1, sha256: 'a'.repeat(64) }),
    });
    expect(await refusal(variant('missing.bpdbundle', listedOnly))).toContain('清单列出的文件在包内缺失：attachments/missing');
  });

  it('zip bombs: a declared ratio is refused before inflating, a lying size while inflating', async () => {
    const bomb = zeroBomb(300);
    const started = Date.now();
    const declared = rebuild(base(), { extra: [{ name: 'attachments/bomb', data: Buffer.alloc(0), declaredSize: 300 * 1024 * 1024, compressed: bomb }] });
    expect(await refusal(variant('bomb.bpdbundle', declared))).toContain('压缩比异常，疑似压缩炸弹：attachments/bomb');
    expect(Date.now() - started).toBeLessThan(5_000);
    // Declared as 100 bytes (and listed in the signed manifest), it inflates to 300 MiB: stopped at byte 101.
    const lying = rebuild(base(), {
      privateKeyHex: countyKey,
      manifest: (m) => (m.members as object[]).push({ path: 'attachments/bomb', size: 100, sha256: 'b'.repeat(64) }),
      extra: [{ name: 'attachments/bomb', data: Buffer.alloc(0), declaredSize: 100, compressed: bomb }],
    });
    expect(await refusal(variant('lying.bpdbundle', lying))).toContain('压缩比异常，疑似压缩炸弹：attachments/bomb 解压后超过声明的 100 字节');
  });

  it('a newer schema version or bundle format than this program', async () => {
    const newer = rebuild(base(), { privateKeyHex: countyKey, manifest: (m) => (m.schemaVersion = 999) });
    expect(await refusal(variant('schema.bpdbundle', newer))).toContain('数据结构版本 999 高于本程序支持的');
    const format = rebuild(base(), { privateKeyHex: countyKey, manifest: (m) => (m.formatVersion = 3) });
    expect(await refusal(variant('format.bpdbundle', format))).toContain('数据包格式版本 3 高于本程序支持的 2：请先升级本程序再导入');
  });

  it('a signed bundle reaching outside the sender’s rows is rolled back whole', async () => {
    const units = readMembers(base()).find(([n]) => n === 'tables/units.ndjson')?.[1].toString('utf8') ?? '';
    // A unit row claiming to be the prefecture's own: found by the preview; at commit (after the backup) rolled back.
    const foreign = Buffer.from(units.replace('"origin":"652325"', '"origin":"652300"'));
    const file = variant('foreign.bpdbundle', resigned(base(), countyKey, { 'tables/units.ndjson': foreign }));
    const input = { file: { name: 'foreign.bpdbundle', base64: fs.readFileSync(file).toString('base64') } };
    const preview = await pref.call('sync.previewImport', input);
    expect(preview.verdict.ok).toBe(false);
    expect(preview.verdict.errors.at(-1)).toMatch(/^数据表文件 tables\/units\.ndjson 第 1 行的来源单位（652300）不是发送单位（652325），不能导入$/);
    const data = contentHash(pref.backend.database, ['audit_log', 'audit_head']);
    const e = errorOf(await pref.raw('sync.commitImport', input));
    expect(e).toMatchObject({ code: 'IMPORT_INVALID', details: [{ member: 'tables/units.ndjson' }] });
    expect(e.message).toContain('导入失败，未导入任何数据：数据表文件 tables/units.ndjson 第 1 行的来源单位（652300）不是发送单位');
    expect(contentHash(pref.backend.database, ['audit_log', 'audit_head'])).toBe(data);
  });

  it('a reference to a record the receiver does not have is named when the commit checks foreign keys', async () => {
    const units = readMembers(base()).find(([n]) => n === 'tables/units.ndjson')?.[1].toString('utf8') ?? '';
    const dangling = Buffer.from(units.replace('"parent_id":null', '"parent_id":"01950000-dead-7000-8000-000000000000"'));
    const file = variant('dangling.bpdbundle', resigned(base(), countyKey, { 'tables/units.ndjson': dangling }));
    const data = contentHash(pref.backend.database, ['audit_log', 'audit_head']);
    const e = errorOf(await pref.raw('sync.commitImport', { file: { name: 'dangling.bpdbundle', base64: fs.readFileSync(file).toString('base64') } }));
    expect(e).toMatchObject({ code: 'IMPORT_INVALID', details: [{ message: '预算单位中有 1 条记录引用的预算单位在导入后不存在' }] });
    expect(e.message).toContain('数据包中的记录与本单位的数据对不上');
    expect(contentHash(pref.backend.database, ['audit_log', 'audit_head'])).toBe(data);
  });

  it('an unpinned sender needs the fingerprint compared; then the genuine bundle imports', async () => {
    await pref.call('sync.repin', { regionCode: COUNTY.regionCode, reason: '县财政局更换了电脑' });
    const input = { file: { name: 'b3.bpdbundle', base64: fs.readFileSync(base()).toString('base64') } };
    const hash = contentHash(pref.backend.database);
    expect((await pref.call('sync.previewImport', input))).toMatchObject({ needsPin: true, verdict: { ok: true, pin: 'unpinned', sequence: 'new' } });
    expect(errorOf(await pref.raw('sync.commitImport', input))).toMatchObject({ code: 'VALIDATION', details: [{ field: 'confirmFingerprint' }] });
    const wrong = errorOf(await pref.raw('sync.commitImport', { ...input, confirmFingerprint: '0000 1111 2222 3333 4444 5555 6666 7777 8888 9999' }));
    expect(wrong.message).toContain('填写的指纹与数据包的密钥指纹');
    expect(contentHash(pref.backend.database)).toBe(hash);
    const fp = (await fingerprint(county)).replaceAll(' ', '').toLowerCase();
    const r = await pref.call('sync.commitImport', { ...input, confirmFingerprint: fp });
    expect(r.log).toMatchObject({ status: 'imported', seq: 3 });
    expect((await pref.call('sync.offices', {})).find((o) => o.regionCode === COUNTY.regionCode)?.fingerprint).toBe(await fingerprint(county));
  });
});
