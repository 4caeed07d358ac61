// What a send needs to survive a page reload, in localStorage until the message is sent (then removed):
// the transfer and file ids, the message identity and each file's age prefix (header + payload nonce) — with those,
// every remaining ciphertext byte is recomputed exactly — plus the prepared send request. The latter holds only
// ciphertext and key splits that open nothing the stored identity does not already open; it is kept so the user
// does not have to retype access codes after a reload. Files themselves cannot be kept: the user picks them again.
import type { SendTransferRequest } from '../../../src/client/api-contract.ts';

export interface PendingFile {
  fileId: string;
  name: string;
  size: number;
  lastModified: number;
  /** base64 of header || payload nonce. */
  prefix: string;
}

export interface PendingSend {
  v: 1;
  email: string;
  transferId: string;
  identity: string;
  files: PendingFile[];
  recipients: string[];
  sendBody: SendTransferRequest;
}

const KEY = 'sealpost.pendingSend';

export function loadPendingSend(email: string): PendingSend | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const state = JSON.parse(raw) as PendingSend;
    return state.v === 1 && state.email === email ? state : null;
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
