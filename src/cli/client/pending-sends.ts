// State of a send whose uploads have not finished, kept 0600 in the config dir so `sealpost send --resume`
// (or running the same send again) continues after a crash. It holds the message identity and the upload
// prefixes (age header + payload nonce): with those, every remaining ciphertext byte is recomputed exactly.
import { createHash } from 'node:crypto';
import type { SendTransferRequest } from '../../client/api-contract.ts';
import type { ConfigStore } from './config-store.ts';

export interface PendingFile {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  fileId: string;
  /** base64 of header || payload nonce. */
  prefix: string;
}

export interface PendingRecipient {
  id: string;
  email: string;
  field: 'to' | 'cc';
  method: string;
  maskedPhone: string | null;
  /** Only kept when the user delivers links themselves (--no-notify), to print them at the end. */
  link?: string;
}

export interface PendingSend {
  v: 1;
  /** Hash of the command's inputs: the same send run again resumes instead of starting over. */
  fingerprint: string;
  server: string;
  email: string;
  transferId: string;
  expiresAt: string;
  /** The message identity. Secret; this file is deleted once the message is sent. */
  identity: string;
  files: PendingFile[];
  recipients: PendingRecipient[];
  sendBody: SendTransferRequest;
}

const DIR = 'pending-sends';

export function sendFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export async function listPendingSends(store: ConfigStore): Promise<PendingSend[]> {
  const out: PendingSend[] = [];
  for (const name of await store.list(DIR)) {
    const state = await store.readJson<PendingSend>(`${DIR}/${name}`);
    if (state?.v === 1) out.push(state);
  }
  return out;
}

export const savePendingSend = (store: ConfigStore, state: PendingSend): Promise<void> => store.writeJson(`${DIR}/${state.transferId}.json`, state);
export const removePendingSend = (store: ConfigStore, transferId: string): Promise<void> => store.remove(`${DIR}/${transferId}.json`);
