import { Box, Tooltip } from '@mantine/core';

/**
 * Execution against time at a glance: the bar is the execution rate (capped at 100%), the dark
 * tick is where time progress stands. A bar that stops short of the tick (orange) is behind schedule.
 */
export function ExecutionBar({ rate, time, width = 96 }: { rate: number | null; time: number | null; width?: number }) {
  if (rate === null || time === null) return <Box w={width} h={8} bg="gray.1" style={{ borderRadius: 4 }} />;
  const behind = rate < time;
  // Ahead of time or behind it: the warning level is shown beside the bar (it may come from the
  // indicators rather than the money), so the bar speaks of execution only.
  const color = behind ? 'orange.5' : 'teal.6';
  return (
    <Tooltip label={`执行率 ${rate.toFixed(2)}%，时间进度 ${time.toFixed(2)}%${behind ? `，落后 ${(time - rate).toFixed(2)} 个百分点` : ''}`} withinPortal>
      <Box w={width} h={8} bg="gray.2" pos="relative" style={{ borderRadius: 4 }} aria-label={`执行率 ${rate.toFixed(2)}%，时间进度 ${time.toFixed(2)}%`}>
        <Box h={8} bg={color} style={{ width: `${Math.min(Math.max(rate, 0), 100)}%`, borderRadius: 4 }} />
        <Box pos="absolute" top={-3} h={14} w={2} bg="dark.6" style={{ left: `calc(${Math.min(Math.max(time, 0), 100)}% - 1px)` }} />
      </Box>
    </Tooltip>
  );
}

/** A warning level as a coloured dot. */
/** One warning dot for the whole app (labelled for screen readers and tests). */
export { LevelDot } from './warningUi.tsx';
