// The guest sender session: the token from POST /api/sender/sessions, in localStorage until it expires (30 days).
import { createContext, useContext } from 'react';

export interface SenderSession {
  token: string;
  email: string;
  expiresAt: string;
}

const KEY = 'sealpost.session';

export function loadSession(now = Date.now()): SenderSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<SenderSession>;
    if (typeof s.token !== 'string' || typeof s.email !== 'string' || typeof s.expiresAt !== 'string') return null;
    if (new Date(s.expiresAt).getTime() <= now) {
      localStorage.removeItem(KEY);
      return null;
    }
    return { token: s.token, email: s.email, expiresAt: s.expiresAt };
  } catch {
    return null;
  }
}

export function saveSession(session: SenderSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

export interface SessionState {
  session: SenderSession | null;
  setSession: (session: SenderSession | null) => void;
}

export const SessionContext = createContext<SessionState>({ session: null, setSession: () => undefined });
export const useSession = (): SessionState => useContext(SessionContext);
