import { useEffect } from 'react';
import { Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { onAppEvent } from '../api/client.ts';

/**
 * Shows long work (imports, exports, backups) reported by the backend as a notification with
 * a progress bar; it closes itself shortly after the task reports done = total.
 */
export function ProgressCenter() {
  useEffect(() => {
    const shown = new Set<string>();
    return onAppEvent((e) => {
      if (e.type !== 'progress') return;
      const id = `progress-${e.task}`;
      const pct = e.total > 0 ? Math.round((e.done / e.total) * 100) : 0;
      const finished = e.total > 0 && e.done >= e.total;
      const props = {
        id,
        title: e.label,
        message: (
          <>
            <Text size="sm" mb={6}>
              {finished ? '已完成' : `${e.done.toLocaleString('zh-CN')} / ${e.total.toLocaleString('zh-CN')}`}
            </Text>
            <Progress value={pct} animated={!finished} color={finished ? 'teal' : 'blue'} aria-label={e.label} />
          </>
        ),
        color: finished ? 'teal' : 'blue',
        withCloseButton: finished,
        // A finished bar is followed by the action's own success message: close it quickly.
        autoClose: finished ? 1200 : (false as const),
        loading: !finished,
      };
      if (shown.has(id)) notifications.update(props);
      else notifications.show(props);
      if (finished) shown.delete(id);
      else shown.add(id);
    });
  }, []);
  return null;
}
