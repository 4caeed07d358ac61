// The client core's pending send (src/client/pending-send.ts), kept in localStorage until the message is sent
// (then removed), so a send survives a page reload. Files themselves cannot be kept: the user picks them again.
import type { PendingFile, PendingSend } from '../../../src/client/pending-send.ts';

export type { PendingFile, PendingSend };

const KEY = 'sealpost.pendingSend';

export function loadPendingSend(email: string): PendingSend | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const state = JSON.parse(raw) as PendingSend;
    if (state.v !== 1 || state.email !== email) return null;
    // Saved before the client core: recipients were plain addresses.
    const recipients = state.recipients.map((r) => (typeof r === 'string' ? { id: '', email: r, field: 'to' as const, method: '', maskedPhone: null } : r));
    return { ...state, recipients };
  } catch {
    return null;
  }
}

export function savePendingSend(state: PendingSend): void {
  localStorage.setItem(KEY, JSON.stringify(state));
}

export function clearPendingSend(): void {
  localStorage.removeItem(KEY);
}

/** The File among `picked` that is the same one the send started with (name, size and modification time). */
export function matchFile(pending: PendingFile, picked: readonly File[]): File | undefined {
  return picked.find((f) => f.name === pending.name && f.size === pending.size && f.lastModified === pending.lastModified);
}
