import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/backend.ts';
import { sheetAoa } from '../helpers/fixtures.ts';
import { addEvaluation, addKeyEvaluation, addProject, addRecheck, addUnitEvaluation, resultsSandbox } from '../helpers/resultsSetup.ts';

const office = resultsSandbox();

const NUTRITION = { code: 'XM-101-01', name: '学生营养改善计划', unit: '101001', annualWan: 500 };
const DEVICES = { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', annualWan: 320 };
const HEALTH = { code: 'XM-102-02', name: '基本公共卫生服务', unit: '102', annualWan: 80.125 };

describe('评价结果清单 (results.exportEvaluationList)', () => {
  it('lists every self-evaluation and every department / key evaluation of the year on two sheets, cell by cell', async () => {
    const o = await office();
    addEvaluation(o, NUTRITION, addProject(o, NUTRITION), 95.18, 'excellent');
    const devices = addProject(o, DEVICES);
    addRecheck(o, addEvaluation(o, DEVICES, devices, 85, 'good'), 72, 'fair');
    addEvaluation(o, HEALTH, addProject(o, HEALTH), 55, 'poor', { status: 'submitted' });
    addUnitEvaluation(o, '102', 400.125, 500, 75, 'fair');
    addKeyEvaluation(o, {
      kind: 'finance', unit: '102', projectId: devices.projectId, title: '基层医疗设备更新项目财政重点评价', total: 58.5, grade: 'poor',
      completedAt: '2026-11-20T03:00:00.000Z', evaluator: 'thirdParty', agencyName: '新疆某绩效评价事务所',
    });
    addKeyEvaluation(o, { kind: 'department', unit: '101', title: '县教育局部门整体支出绩效评价', total: null, grade: null, status: 'draft' });

    expect(errorOf(await o.h.raw('results.exportEvaluationList', { year: 2026 }, null)).code).toBe('UNAUTHENTICATED');
    const file = await o.h.call('results.exportEvaluationList', { year: 2026 }, o.viewer);
    expect(file.name).toBe('绩效评价结果清单-2026年.xlsx');
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'), { type: 'buffer', cellNF: true });
    expect(wb.SheetNames).toEqual(['单位自评', '部门和财政评价']);

    const self = sheetAoa(wb, '单位自评');
    expect(self[0]?.[0]).toBe('2026年度绩效评价结果清单（单位自评）');
    expect(self[1]?.[0]).toBe('编制单位：奇台县财政局　　评价年度：2026 年　　金额单位：万元');
    expect(self[2]).toEqual(['序号', '单位', '类型', '项目编码', '项目名称', '金额（万元）', '自评得分', '自评等级', '复核得分', '复核等级', '认定等级', '认定依据', '自评状态']);
    expect(self.slice(3, 7)).toEqual([
      [1, '县第一中学', '项目支出', 'XM-101-01', '学生营养改善计划', 500, 95.18, '优', '', '', '优', '单位自评（财政验收）', '财政已验收'],
      [2, '县卫生健康委员会', '部门整体支出', '', '县卫生健康委员会 部门整体支出', 900.13, 75, '中', '', '', '中', '单位自评（财政验收）', '财政已验收'],
      // Re-checked to 中, but the completed 财政重点评价 (差) is the grade that counts.
      [3, '县卫生健康委员会', '项目支出', 'XM-102-01', '基层医疗设备更新', 320, 85, '良', 72, '中', '差', '财政重点评价', '财政已验收'],
      [4, '县卫生健康委员会', '项目支出', 'XM-102-02', '基本公共卫生服务', 80.13, 55, '差', '', '', '', '未认定', '已提交'],
    ]);
    expect(String(self[7]?.[0])).toBe('共 4 个自评：项目支出 3 个、部门整体支出 1 个；经财政验收 3 个，经财政复核 1 个。');
    expect(String(self[8]?.[0])).toContain('认定等级：已完成的部门评价或财政重点评价优先');
    expect(self[9]?.[0]).toBe('导出日期：2026-12-01');
    const ws = wb.Sheets['单位自评'];
    expect([ws?.F4?.z, ws?.G4?.z, ws?.I6?.z]).toEqual(['#,##0.00', '0.00', '0.00']);
    const merges = (ws?.['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(['A1:M1', 'A2:M2', 'A8:M8']));

    const keys = sheetAoa(wb, '部门和财政评价');
    expect(keys[0]?.[0]).toBe('2026年度绩效评价结果清单（部门评价和财政重点评价）');
    expect(keys[1]?.[0]).toBe('编制单位：奇台县财政局　　评价年度：2026 年　　金额单位：万元');
    expect(keys[2]).toEqual(['序号', '评价类型', '评价主体', '评价对象类型', '评价对象', '被评价单位', '评价项目名称', '总分', '评价等级', '完成日期', '状态']);
    expect(keys.slice(3, 5)).toEqual([
      [1, '财政重点评价', '第三方机构（新疆某绩效评价事务所）', '项目', 'XM-102-01 基层医疗设备更新', '县卫生健康委员会', '基层医疗设备更新项目财政重点评价', 58.5, '差', '2026-11-20', '已完成'],
      [2, '部门评价', '主管部门', '部门（单位）整体', '县教育局 部门整体支出', '县教育局', '县教育局部门整体支出绩效评价', '', '', '', '评价中'],
    ]);
    expect(keys[5]?.[0]).toBe('共 2 个评价项目，已完成 1 个；评价中的项目不列得分和等级。');
    expect(wb.Sheets['部门和财政评价']?.H4?.z).toBe('0.00');
  });

  it('gives empty sheets with their titles for a year without evaluations', async () => {
    const o = await office();
    const wb = XLSX.read(Buffer.from((await o.h.call('results.exportEvaluationList', { year: 2026 }, o.viewer)).base64, 'base64'), { type: 'buffer' });
    const self = sheetAoa(wb, '单位自评');
    expect(self[2]?.[0]).toBe('序号');
    expect(self[3]?.[0]).toBe('共 0 个自评：项目支出 0 个、部门整体支出 0 个；经财政验收 0 个，经财政复核 0 个。');
    expect(sheetAoa(wb, '部门和财政评价')[3]?.[0]).toBe('共 0 个评价项目，已完成 0 个；评价中的项目不列得分和等级。');
  });
});
