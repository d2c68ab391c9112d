import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Modal, NumberInput, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDice5 } from '@tabler/icons-react';
import type { RecheckSampleDto } from '../../../../shared/api/dtoRecheck.ts';
import { MAX_SEED } from '../../../../shared/rules/recheckSample.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';

const randomSeed = () => {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] ?? 0;
};

const num = (v: string | number): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * 新建抽样: the rules and the seed of the random part. The seed is shown before drawing (a fresh
 * random one, or one typed in to draw an earlier sample again) and recorded on the sample.
 */
export function RecheckSampleModal({ year, opened, onClose, onCreated }: { year: number; opened: boolean; onClose(): void; onCreated(s: RecheckSampleDto): void }) {
  const [seed, setSeed] = useState<string | number>(() => randomSeed());
  const [randomCount, setRandomCount] = useState<string | number>(3);
  const [topByAmount, setTopByAmount] = useState<string | number>(3);
  const [includeRed, setIncludeRed] = useState(true);
  const [lowOn, setLowOn] = useState(true);
  const [lowBelow, setLowBelow] = useState<string | number>(80);
  const [shareOn, setShareOn] = useState(true);
  const [share, setShare] = useState<string | number>(20);
  const [note, setNote] = useState('');
  const create = useApiMutation('recheck.createSample');

  const seedValue = num(seed);
  const seedError = seedValue === null || !Number.isInteger(seedValue) || seedValue < 0 || seedValue > MAX_SEED ? `请填写 0–${MAX_SEED} 的整数` : null;
  const anyRule = (num(randomCount) ?? 0) > 0 || (num(topByAmount) ?? 0) > 0 || includeRed || lowOn || shareOn;

  const submit = () =>
    create.mutate(
      {
        year, seed: seedValue, randomCount: num(randomCount) ?? 0, topByAmount: num(topByAmount) ?? 0, includeRedWarnings: includeRed,
        lowScoreBelow: lowOn ? num(lowBelow) : null, amountSharePct: shareOn ? num(share) : null, note: note.trim(),
      },
      {
        onSuccess: (s) => {
          notifySuccess(`抽中 ${s.sampledCount} 个项目（总体 ${s.populationCount} 个），抽查金额占 ${s.sharePct === null ? '—' : `${s.sharePct.toFixed(2)}%`}。随机种子 ${s.seed} 已记录。`, '已生成复核样本');
          onCreated(s);
          setSeed(randomSeed());
          onClose();
        },
      },
    );

  return (
    <Modal opened={opened} onClose={onClose} title={`新建 ${year} 年度财政复核抽样`} size="lg" centered>
      <Stack gap="sm" data-testid="rc-sample-modal">
        <Text size="sm" c="dimmed">
          从本年度已提交的项目支出自评表中抽取。先按规则抽取（金额较大、监控红色预警、自评低分），再从其余项目中随机抽取，最后按金额从大到小补足抽查金额占比。同一随机种子、同一批自评表，抽取结果相同。
        </Text>
        <Group align="flex-end" gap="xs">
          <NumberInput
            label="随机种子"
            description="已随机生成；如需重现以前的抽样，填写当时的种子"
            w={300}
            min={0}
            max={MAX_SEED}
            allowDecimal={false}
            allowNegative={false}
            value={seed}
            onChange={setSeed}
            error={seedError}
            data-testid="rc-seed"
          />
          <Tooltip label="重新生成随机种子">
            <ActionIcon variant="light" size="lg" mb={seedError ? 22 : 1} onClick={() => setSeed(randomSeed())} aria-label="重新生成随机种子"><IconDice5 size={18} /></ActionIcon>
          </Tooltip>
        </Group>
        <Group grow>
          <NumberInput label="金额最大的前 N 个" min={0} max={1000} allowDecimal={false} allowNegative={false} value={topByAmount} onChange={setTopByAmount} suffix=" 个" />
          <NumberInput label="随机抽取" min={0} max={1000} allowDecimal={false} allowNegative={false} value={randomCount} onChange={setRandomCount} suffix=" 个" />
        </Group>
        <Switch label="监控中出现红色预警的项目全部抽取" checked={includeRed} onChange={(e) => setIncludeRed(e.currentTarget.checked)} />
        <Group align="center" gap="sm">
          <Checkbox label="自评得分低于" checked={lowOn} onChange={(e) => setLowOn(e.currentTarget.checked)} />
          <NumberInput w={110} aria-label="低分线" min={0} max={100} decimalScale={2} value={lowBelow} onChange={setLowBelow} disabled={!lowOn} suffix=" 分" />
          <Text size="sm">的项目全部抽取</Text>
        </Group>
        <Group align="center" gap="sm">
          <Checkbox label="抽查金额不低于总金额的" checked={shareOn} onChange={(e) => setShareOn(e.currentTarget.checked)} />
          <NumberInput w={110} aria-label="金额占比" min={0} max={100} decimalScale={2} value={share} onChange={setShare} disabled={!shareOn} suffix=" %" />
          <Text size="sm">（不足时按金额从大到小补足）</Text>
        </Group>
        <TextInput label="备注" placeholder="如：2026年度财政复核第一批" value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button onClick={submit} loading={create.isPending} disabled={seedError !== null || !anyRule} data-testid="rc-sample-submit">抽取</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
