import { createContext, useContext } from 'react';
import type { SessionDto } from '../../../shared/api/dto.ts';

export interface SessionState {
  session: SessionDto;
  signOut(): void;
  refresh(): void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}
