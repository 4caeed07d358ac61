// Where the CLI keeps the client core's pending sends (src/client/pending-send.ts): 0600 files in the config dir,
// so `sealpost send --resume` (or running the same send again) continues after a crash.
import { createHash } from 'node:crypto';
import type { PendingSend, PendingSendStore } from '../../client/pending-send.ts';
import type { ConfigStore } from './config-store.ts';

export type { PendingFile, PendingRecipient, PendingSend } from '../../client/pending-send.ts';

const DIR = 'pending-sends';

export function sendFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Files written before the client core called the modification time `lastModified` (it was `mtimeMs`). */
function upgrade(state: PendingSend): PendingSend {
  return { ...state, files: state.files.map((f) => ({ ...f, lastModified: f.lastModified ?? (f as { mtimeMs?: number }).mtimeMs ?? 0 })) };
}

export async function listPendingSends(store: ConfigStore): Promise<PendingSend[]> {
  const out: PendingSend[] = [];
  for (const name of await store.list(DIR)) {
    const state = await store.readJson<PendingSend>(`${DIR}/${name}`);
    if (state?.v === 1) out.push(upgrade(state));
  }
  return out;
}

export function pendingSendStore(store: ConfigStore): PendingSendStore {
  return {
    save: (state) => store.writeJson(`${DIR}/${state.transferId}.json`, state),
    remove: (transferId) => store.remove(`${DIR}/${transferId}.json`),
  };
}
