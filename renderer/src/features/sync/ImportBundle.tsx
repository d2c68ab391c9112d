import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Modal, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconFileImport, IconPackageImport, IconPhoneCall, IconShieldCheck } from '@tabler/icons-react';
import type { BundleImportResultDto, BundlePreviewDto } from '../../../../shared/api/dtoSync.ts';
import type { ErrorDetail } from '../../../../shared/api/result.ts';
import type { FileInput } from '../../../../shared/api/schemas.ts';
import { ApiError, call, pickFile } from '../../api/client.ts';
import { notifySuccess } from '../../components/notify.ts';
import { ChangesTable, ManifestFacts, RefusalAlert, VerdictAlert } from './bundleView.tsx';
import { Fingerprint } from './Fingerprint.tsx';
import { KIND_LABELS, seqText } from './syncModel.ts';

const CLOSE = { 'aria-label': '关闭' } as const;

type Phase =
  | { kind: 'loading'; file: FileInput }
  | { kind: 'preview'; file: FileInput; preview: BundlePreviewDto }
  /** First bundle from that office: the user compares the fingerprint with the one the sender reads out. */
  | { kind: 'pin'; file: FileInput; preview: BundlePreviewDto }
  | { kind: 'refused'; file: FileInput; message: string; details: ErrorDetail[]; preview: BundlePreviewDto | null }
  | { kind: 'done'; result: BundleImportResultDto; senderName: string };

function refusal(e: unknown): { message: string; details: ErrorDetail[] } {
  if (e instanceof ApiError) return { message: e.error.message, details: e.error.details ?? [] };
  return { message: e instanceof Error ? e.message : String(e), details: [] };
}

/**
 * 导入数据包: choose a .bpdbundle → preview (verdict, sender, sequence, changes per table; nothing
 * is written) → for a first bundle, a fingerprint check by phone → commit, after an automatic backup.
 */
export function ImportBundleButton() {
  const [phase, setPhase] = useState<Phase | null>(null);
  const [committing, setCommitting] = useState(false);

  const start = async () => {
    const file = await pickFile('选择数据包', ['bpdbundle']);
    if (!file) return;
    setPhase({ kind: 'loading', file });
    try {
      setPhase({ kind: 'preview', file, preview: await call('sync.previewImport', { file }) });
    } catch (e) {
      setPhase({ kind: 'refused', file, preview: null, ...refusal(e) });
    }
  };

  const commit = async (file: FileInput, preview: BundlePreviewDto, confirmFingerprint?: string) => {
    setCommitting(true);
    try {
      const result = await call('sync.commitImport', { file, ...(confirmFingerprint ? { confirmFingerprint } : {}) });
      const senderName = preview.verdict.manifest?.sender.name ?? '';
      setPhase({ kind: 'done', result, senderName });
      notifySuccess(`${senderName}${seqText(result.log.seq)}${KIND_LABELS[result.log.kind]}已导入。`, '导入完成');
    } catch (e) {
      setPhase({ kind: 'refused', file, preview, ...refusal(e) });
    } finally {
      setCommitting(false);
    }
  };

  const close = () => {
    if (!committing) setPhase(null);
  };

  return (
    <>
      <Button leftSection={<IconFileImport size={16} />} onClick={() => void start()} data-testid="bundle-import">导入数据包</Button>
      <Modal
        opened={phase !== null}
        onClose={close}
        title={<Text fw={600}>{phase?.kind === 'pin' ? '首次接收：核对发送单位的密钥指纹' : '导入数据包'}</Text>}
        size={phase?.kind === 'pin' ? 'lg' : 960}
        centered
        closeOnClickOutside={false}
        closeButtonProps={CLOSE}
      >
        {phase ? <PhaseBody phase={phase} committing={committing} onClose={close} onRechoose={() => void start()} onCommit={commit} onPin={(p) => setPhase(p)} /> : null}
      </Modal>
    </>
  );
}

function PhaseBody({ phase, committing, onClose, onRechoose, onCommit, onPin }: {
  phase: Phase;
  committing: boolean;
  onClose(): void;
  onRechoose(): void;
  onCommit(file: FileInput, preview: BundlePreviewDto, fingerprint?: string): Promise<void>;
  onPin(p: Phase): void;
}) {
  if (phase.kind === 'loading') {
    return (
      <Group justify="center" py="xl" gap="sm">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">正在校验“{phase.file.name}”：签名、每个文件的校验值和序号……</Text>
      </Group>
    );
  }
  if (phase.kind === 'done') return <DoneBody result={phase.result} senderName={phase.senderName} onClose={onClose} />;
  if (phase.kind === 'pin') return <PinBody phase={phase} committing={committing} onBack={() => onPin({ ...phase, kind: 'preview' })} onCommit={onCommit} />;

  const preview = phase.preview;
  const canCommit = phase.kind === 'preview' && preview !== null && preview.verdict.ok;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">文件：<Text span ff="monospace" inherit>{phase.file.name}</Text></Text>
      {phase.kind === 'refused' ? <RefusalAlert message={phase.message} details={phase.details} /> : null}
      {preview ? (
        <>
          {phase.kind === 'preview' ? <VerdictAlert verdict={preview.verdict} /> : null}
          <ManifestFacts verdict={preview.verdict} />
          {preview.unchanged ? (
            <Alert color="gray" variant="light" data-testid="bundle-unchanged">该数据包已经导入过，再次导入不会改变任何数据，只在数据包记录中登记一次。</Alert>
          ) : null}
          {preview.verdict.ok ? (
            <>
              <Text size="sm" fw={600}>导入后的变化（只涉及发送单位在所选年度的数据）</Text>
              <ChangesTable changes={preview.changes} />
            </>
          ) : null}
        </>
      ) : null}
      <Group justify="space-between" pt="xs">
        <Text size="xs" c="dimmed">{canCommit ? '导入前系统会自动备份数据库；导入在一个事务中完成，中途失败不会留下部分数据。' : ''}</Text>
        <Group gap="sm">
          <Button variant="default" onClick={onRechoose} disabled={committing}>重新选择文件</Button>
          <Button variant="default" onClick={onClose} disabled={committing}>{canCommit ? '取消' : '关闭'}</Button>
          {canCommit && phase.kind === 'preview' ? (
            preview.needsPin ? (
              <Button leftSection={<IconShieldCheck size={16} />} onClick={() => onPin({ ...phase, kind: 'pin' })} data-testid="bundle-next">核对指纹后导入</Button>
            ) : (
              <Button leftSection={<IconPackageImport size={16} />} loading={committing} onClick={() => void onCommit(phase.file, preview)} data-testid="bundle-commit">确认导入</Button>
            )
          ) : null}
        </Group>
      </Group>
    </Stack>
  );
}

function PinBody({ phase, committing, onBack, onCommit }: {
  phase: Extract<Phase, { kind: 'pin' }>;
  committing: boolean;
  onBack(): void;
  onCommit(file: FileInput, preview: BundlePreviewDto, fingerprint?: string): Promise<void>;
}) {
  const [checked, setChecked] = useState(false);
  const sender = phase.preview.verdict.manifest?.sender;
  if (!sender) return null;
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="orange" size="lg" radius="xl"><IconPhoneCall size={20} /></ThemeIcon>
        <Text size="sm">
          这是本单位第一次接收<Text span fw={600}>{sender.name}</Text>的数据包。请打电话给对方，请对方打开“同步与上报”页面，逐组读出
          “本单位签名密钥”下的指纹，与下面的指纹逐组核对。
        </Text>
      </Group>
      <Paper withBorder radius="md" p="md" bg="gray.0">
        <Text size="xs" c="dimmed" mb={6}>数据包中的发送单位密钥指纹</Text>
        <Fingerprint value={sender.fingerprint} testId="pin-fingerprint" />
      </Paper>
      <Alert color="orange" variant="light" py="xs">
        <Text size="sm">只要有一组不同，就不要导入：数据包可能不是对方发出的，或在途中被替换。确认后，该指纹登记为对方的密钥，以后的数据包都必须用同一密钥签名。</Text>
      </Alert>
      <Checkbox checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} label="我已与发送单位电话核对，指纹完全一致" data-testid="pin-confirm" />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onBack} disabled={committing}>返回</Button>
        <Button
          leftSection={<IconShieldCheck size={16} />}
          disabled={!checked}
          loading={committing}
          onClick={() => void onCommit(phase.file, phase.preview, sender.fingerprint)}
          data-testid="pin-commit"
        >
          确认指纹并导入
        </Button>
      </Group>
    </Stack>
  );
}

function DoneBody({ result, senderName, onClose }: { result: BundleImportResultDto; senderName: string; onClose(): void }) {
  const sum = (k: 'added' | 'changed' | 'removed') => result.changes.reduce((s, c) => s + c[k], 0).toLocaleString('zh-CN');
  return (
    <Stack gap="sm" data-testid="bundle-done">
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={`已导入${senderName}${seqText(result.log.seq)}${KIND_LABELS[result.log.kind]}`}>
        <Text size="sm">
          {result.log.status === 'unchanged' ? '数据包与已导入的相同，数据未变化。' : `新增 ${sum('added')} 行，变更 ${sum('changed')} 行，删除 ${sum('removed')} 行。`}
          {result.backupName ? `导入前已自动备份为“${result.backupName}”。` : ''}
        </Text>
      </Alert>
      <ChangesTable changes={result.changes} />
      <Group justify="flex-end">
        <Button onClick={onClose} data-testid="bundle-close">完成</Button>
      </Group>
    </Stack>
  );
}
