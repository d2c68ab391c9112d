import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import type { LibraryEntry } from '../../../../shared/domain/indicators.ts';
import { call } from '../../api/client.ts';

/**
 * 复制为本地指标: the entry's content under a new code `<code>-L<n>` that no entry uses yet, so the
 * copy never collides with the original when the library is re-imported or synced.
 */
export async function copyOf(entry: LibraryEntryDto): Promise<Partial<LibraryEntry>> {
  const base = entry.code.slice(0, 34);
  let taken = new Set<string>();
  try {
    const found = await call('library.search', { q: `${base}-L`, includeRetired: true, page: 1, pageSize: 500 });
    taken = new Set(found.rows.map((r) => r.code));
  } catch {
    // The backend re-checks uniqueness on save; a failed look-up only costs a possible collision message.
  }
  let n = 1;
  while (taken.has(`${base}-L${n}`)) n++;
  const {
    id: _id, origin: _origin, readOnly: _readOnly, retired: _retired, updatedAt: _updatedAt, ...content
  } = entry;
  return { ...content, code: `${base}-L${n}`, libraryKind: 'local' };
}
