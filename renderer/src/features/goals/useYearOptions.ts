import { useMemo } from 'react';
import { useApiQuery } from '../../api/queries.ts';

/** Year options: the office's fiscal years, newest first, always including the current one. */
export function useYearOptions(current: number) {
  const years = useApiQuery('years.list', {}, ['fiscal_years', 'office']);
  return useMemo(() => {
    const list = new Set([current, ...(years.data ?? []).map((y) => y.year)]);
    return [...list].toSorted((a, b) => b - a).map((y) => ({ value: String(y), label: `${y} 年度` }));
  }, [years.data, current]);
}
