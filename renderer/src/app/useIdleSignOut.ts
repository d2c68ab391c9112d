import { useEffect, useRef } from 'react';
import type { SessionDto } from '../../../shared/api/dto.ts';

const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Ends the session after the configured idle time. The backend enforces the same limit on
 * every call; this makes the screen follow without waiting for the next click.
 */
export function useIdleSignOut(session: SessionDto | null, onIdle: () => void): void {
  const last = useRef(0);
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);
  useEffect(() => {
    if (!session) return;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current > session.idleTimeoutMinutes * 60_000) onIdleRef.current();
    }, 15_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [session]);
}
