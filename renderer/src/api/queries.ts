import { QueryClient, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import { ApiError, call, onAppEvent } from './client.ts';
import { notifyError } from '../components/notify.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});

/**
 * Query keys are [method, input, tables]: after a commit the backend names the tables it
 * changed and every query that reads one of them refetches.
 */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  tables: string[],
  options: Omit<UseQueryOptions<MethodOutput<M>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodOutput<M>, ApiError>({
    queryKey: [method, input, tables],
    queryFn: () => call(method, input),
    ...options,
  });
}

/** A write: on failure the user sees the backend's Chinese message unless the caller handles it. */
export function useApiMutation<M extends MethodName>(method: M, opts: { quiet?: boolean } = {}) {
  return useMutation<MethodOutput<M>, ApiError, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onError: (e) => {
      if (!opts.quiet) notifyError(e);
    },
  });
}

/** Invalidates queries by the tables a commit touched ('*' after a restore). */
export function startInvalidation(): () => void {
  return onAppEvent((e) => {
    if (e.type !== 'data.changed') return;
    void queryClient.invalidateQueries({
      predicate: (q) => {
        const tables = q.queryKey[2];
        return e.tables.includes('*') || (Array.isArray(tables) && tables.some((t) => e.tables.includes(String(t))));
      },
    });
  });
}
