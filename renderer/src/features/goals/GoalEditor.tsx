import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconDeviceFloppy, IconRefresh, IconSend } from '@tabler/icons-react';
import type { GoalSheetDto, LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import type { ProjectTypeCode } from '../../../../shared/domain/indicators.ts';
import type { RuleProfileBody } from '../../../../shared/domain/ruleProfile.ts';
import { checkGoalSheet } from '../../../../shared/rules/goalValidation.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useSaveWithConflict } from '../../components/useSaveWithConflict.ts';
import { IndicatorPicker } from '../library/IndicatorPicker.tsx';
import { GoalProblems } from './GoalProblems.tsx';
import { IndicatorTableEditor } from './IndicatorTableEditor.tsx';
import {
  draftOf, formFromSheet, groupOrder, rowFromLibrary, rowToInput, sameForm, withParseErrors, type GoalFormState, type IndicatorRowState,
} from './goalModel.ts';

export interface GoalEditorProps {
  sheet: GoalSheetDto;
  profile: RuleProfileBody;
  /** The project runs over more than one year, so 中长期目标 is required. */
  multiYear: boolean;
  projectType?: ProjectTypeCode | undefined;
  /** edit: a draft or returned sheet; adjust: an approved sheet changed with a logged reason. */
  mode: 'edit' | 'adjust';
  /** The backend lets this user submit the sheet now. */
  canSubmit: boolean;
  /** Leaves adjustment mode (after saving or cancelling). */
  onExitAdjust?(): void;
}

const ordered = (f: GoalFormState): GoalFormState => ({ ...f, rows: groupOrder(f.rows) });

/** Refetch every view of goal sheets (after a conflict the newest version is wanted at once). */
const refetchSheets = () =>
  queryClient.invalidateQueries({ predicate: (q) => ['goals.open', 'goals.get', 'goals.queue'].includes(String(q.queryKey[0])) });

/**
 * The goal editor: 总体目标 texts, the indicator table and the live V1–V6 check against the year's
 * rule profile. Saves the whole sheet at once with its revision, so two officers editing the same
 * sheet cannot silently overwrite each other.
 */
export function GoalEditor({ sheet, profile, multiYear, projectType, mode, canSubmit, onExitAdjust }: GoalEditorProps) {
  const saveInput = (rev: number, f: GoalFormState) => ({
    sheetId: sheet.id,
    rev,
    annualGoal: f.annualGoal.trim(),
    midTermGoal: f.midTermGoal.trim(),
    unitDuties: f.unitDuties.trim(),
    indicators: f.rows.map(rowToInput),
  });

  const { form, setForm, base, dirty, stale, reset, busy, setBusy, runSave, runSubmit } = useSaveWithConflict<GoalSheetDto, GoalFormState, 'adjust'>({
    doc: sheet,
    toForm: (next) => ordered(formFromSheet(next)),
    sameForm,
    persist: (rev, f) => call('goals.save', saveInput(rev, f)),
    notifySaved: () => notifySuccess('绩效目标已保存。', '已保存'),
    refetch: refetchSheets,
  });
  const [pickerOpen, setPickerOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonTouched, setReasonTouched] = useState(false);

  const template = profile.template;
  const isProject = sheet.ownerType === 'project';

  const check = useMemo(
    () => checkGoalSheet(profile, draftOf(form, form.rows, sheet.ownerType, multiYear)),
    [profile, form, sheet.ownerType, multiYear],
  );
  const errors = useMemo(() => withParseErrors(check.errors, form.rows), [check.errors, form.rows]);
  const keyOf = (row: number) => form.rows[row]?.key ?? null;

  const setRows = (rows: IndicatorRowState[]) => setForm((f) => ({ ...f, rows: groupOrder(rows) }));

  const pick = (entries: LibraryEntryDto[]) => {
    const names = new Set(form.rows.map((r) => r.name.trim()));
    const fresh = entries.filter((e) => !names.has(e.name.trim()));
    if (fresh.length > 0) setRows([...form.rows, ...fresh.map((e) => rowFromLibrary(e, template))]);
    const skipped = entries.length - fresh.length;
    notifySuccess(
      `已添加 ${fresh.length} 个指标${skipped > 0 ? `，跳过 ${skipped} 个表中已有的同名指标` : ''}。请逐项填写年度指标值。`,
      '已从指标库添加',
    );
  };

  const submit = () =>
    runSubmit(async () => {
      await call('goals.transition', { sheetId: sheet.id, transition: 'submit', comment: '' });
      notifySuccess('绩效目标已提交审核，等待主管部门审核。', '已提交');
    });

  const confirmSubmit = () =>
    modals.openConfirmModal({
      title: '提交审核',
      centered: true,
      children: (
        <Text size="sm">
          {dirty ? '将先保存本次修改，再提交审核。' : ''}提交后目标表进入主管部门审核，审核期间不能修改；如被退回，可修改后重新提交。
          {check.warnings.length > 0 ? `目前还有 ${check.warnings.length} 条提示，审核人员也会看到。` : ''}
        </Text>
      ),
      labels: { confirm: '提交审核', cancel: '取消' },
      onConfirm: () => void submit(),
    });

  const reasonMissing = reason.trim() === '';
  const runAdjust = async () => {
    setReasonTouched(true);
    if (reasonMissing) return;
    setBusy('adjust');
    try {
      await call('goals.adjust', {
        sheetId: sheet.id,
        reason: reason.trim(),
        annualGoal: form.annualGoal.trim(),
        midTermGoal: form.midTermGoal.trim(),
        indicators: form.rows.map(rowToInput),
      });
      notifySuccess('目标调整已保存，调整原因和前后内容已记入“调整记录”。', '已调整');
      onExitAdjust?.();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const submitBlock = errors.length > 0 ? `还有 ${errors.length} 个错误，改正后才能提交审核` : null;

  return (
    <Stack gap="sm">
      {stale ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="目标表已被他人修改">
          <Group justify="space-between">
            <Text size="sm">您打开后，该目标表已被其他人修改并保存。您的修改尚未保存，直接保存会被拒绝。</Text>
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => reset(sheet)}>
              放弃我的修改并加载最新内容
            </Button>
          </Group>
        </Alert>
      ) : null}

      {mode === 'adjust' ? (
        <Alert color="blue" variant="light" title="调整已批复的绩效目标">
          <Stack gap="xs">
            <Text size="sm">已批复的目标原则上不作调整；确需调整的，应按预算调整程序办理。保存后调整原因及调整前后的指标将记入“调整记录”。</Text>
            <Textarea
              label="调整原因"
              withAsterisk
              placeholder="如：根据预算调整批复（文号），项目建设内容减少，相应调减数量指标"
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              error={reasonTouched && reasonMissing ? '请填写调整原因' : undefined}
              onChange={(e) => setReason(e.currentTarget.value)}
              onBlur={() => setReasonTouched(true)}
              data-goal-field="reason"
            />
          </Stack>
        </Alert>
      ) : null}

      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          {dirty ? (
            <Badge color="orange" variant="light" radius="sm" data-testid="goal-dirty">有未保存的修改</Badge>
          ) : (
            <Badge color="gray" variant="light" radius="sm">{mode === 'adjust' ? '尚未调整' : '已保存'}</Badge>
          )}
        </Group>
        <Group gap="xs">
          {dirty ? (
            <Button variant="subtle" color="gray" onClick={() => setForm(base)} disabled={busy !== null}>放弃修改</Button>
          ) : null}
          {mode === 'edit' ? (
            <>
              <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || busy !== null} loading={busy === 'save'} onClick={() => void runSave()}>
                保存
              </Button>
              {canSubmit ? (
                <Tooltip label={submitBlock ?? '提交给主管部门审核'}>
                  {/* A disabled button swallows hover, so the wrapper carries the tooltip. */}
                  <span>
                    <Button leftSection={<IconSend size={16} />} disabled={submitBlock !== null || busy !== null} loading={busy === 'submit'} onClick={confirmSubmit} data-testid="goal-submit">
                      提交审核
                    </Button>
                  </span>
                </Tooltip>
              ) : null}
            </>
          ) : (
            <>
              <Button variant="default" onClick={onExitAdjust} disabled={busy !== null}>取消调整</Button>
              <Tooltip label={submitBlock ?? (!dirty ? '尚未修改任何内容' : '保存调整并记录原因')}>
                <span>
                  <Button leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || submitBlock !== null || busy !== null} loading={busy === 'adjust'} onClick={() => void runAdjust()}>
                    保存调整
                  </Button>
                </span>
              </Tooltip>
            </>
          )}
        </Group>
      </Group>

      <GoalProblems errors={errors} warnings={check.warnings} keyOf={keyOf} />

      <Paper withBorder radius="sm" p="sm">
        <Stack gap="sm">
          {sheet.ownerType === 'unitOverall' ? (
            <Textarea
              label="部门（单位）职责"
              withAsterisk={mode === 'edit'}
              description="按“三定”方案概括本部门（单位）的主要职责"
              autosize
              minRows={2}
              maxRows={8}
              maxLength={4000}
              value={form.unitDuties}
              readOnly={mode === 'adjust'}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, unitDuties: v }));
              }}
              data-goal-field="unitDuties"
            />
          ) : null}
          <SimpleGrid cols={{ base: 1, lg: isProject ? 2 : 1 }} spacing="sm">
            <Textarea
              label="年度总体目标"
              withAsterisk
              description="本年度预期达到的产出和效果，应与下方指标相对应"
              autosize
              minRows={3}
              maxRows={10}
              maxLength={4000}
              value={form.annualGoal}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, annualGoal: v }));
              }}
              data-goal-field="annualGoal"
            />
            {isProject ? (
              <Textarea
                label="中长期目标"
                withAsterisk={multiYear}
                description={multiYear ? '本项目跨年度实施，须填写项目期内的总体目标' : '跨年度项目填写项目期内的总体目标；单一年度项目可不填'}
                autosize
                minRows={3}
                maxRows={10}
                maxLength={4000}
                value={form.midTermGoal}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((f) => ({ ...f, midTermGoal: v }));
                }}
                data-goal-field="midTermGoal"
              />
            ) : null}
          </SimpleGrid>
        </Stack>
      </Paper>

      <Paper withBorder radius="sm" p="sm">
        <IndicatorTableEditor rows={form.rows} template={template} showMidTerm={isProject} onChange={setRows} onOpenLibrary={() => setPickerOpen(true)} />
      </Paper>

      <IndicatorPicker
        opened={pickerOpen}
        onClose={() => setPickerOpen(false)}
        onPick={(entries: LibraryEntryDto[]) => {
          setPickerOpen(false);
          pick(entries);
        }}
        appliesTo={isProject ? 'project' : 'unitOverall'}
        {...(projectType ? { projectType } : {})}
        template={template}
      />
    </Stack>
  );
}
