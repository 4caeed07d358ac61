// The organisation recovery key as the console uses it (docs/security.md, "A staff member loses every factor"): the
// policy calls, and the restore that runs in this browser — the recovery key file is read here and never sent; the
// server gets only the earlier identities re-encrypted to the user's current key. Crypto only through src/crypto.
import { staffRequest } from '../account/staff-api.ts';

export type KeyRecoveryPolicy = null | 'loss' | 'org-key';

/** GET/PUT /api/org/key-recovery. */
export interface OrgKeyRecovery {
  policy: KeyRecoveryPolicy;
  recoveryPublicKey: string | null;
  chosenAt: string | null;
  chosenBy: string | null;
  staff: number;
  escrowed: number;
  awaitingRestore: number;
}

interface ArchivedKey {
  id: string;
  publicKey: string;
  escrow: string;
  escrowRecipient: string;
  archivedAt: string;
  restored: boolean;
}

const crypto = () => import('../../../src/crypto/index.ts');

export const loadOrgKeyRecovery = () => staffRequest<OrgKeyRecovery>('GET', '/api/org/key-recovery');

export const saveOrgKeyRecovery = (body: { policy: 'loss' } | { policy: 'org-key'; recoveryPublicKey: string }) =>
  staffRequest<OrgKeyRecovery>('PUT', '/api/org/key-recovery', body);

export async function fingerprintOf(recipient: string): Promise<string> {
  return (await crypto()).recoveryKeyFingerprint(recipient);
}

/** A recovery key file chosen by the admin; null when it is not one (the page says so). */
export async function readKeyFile(file: File): Promise<{ identity: string; recipient: string } | null> {
  const { parseRecoveryKeyFile } = await crypto();
  if (file.size > 4096) return null;
  try {
    return await parseRecoveryKeyFile(await file.text());
  } catch {
    return null;
  }
}

/** A new recovery key, made in this browser. */
export async function newRecoveryKey(): Promise<{ identity: string; recipient: string; fileText: string; fingerprint: string }> {
  const c = await crypto();
  const key = await c.generateRecoveryKey();
  return { ...key, fingerprint: c.recoveryKeyFingerprint(key.recipient) };
}

/** `sealpost-recovery-key-Praxis-Nord.txt`: the organisation's name as far as it is safe in a file name. */
export function keyFileName(orgName: string): string {
  const safe = orgName.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `sealpost-recovery-key-${safe || 'organisation'}.txt`;
}

/** Why a restore stopped before anything was uploaded. */
export type RestoreOutcome =
  | { state: 'restored'; count: number }
  | { state: 'nothing' }
  | { state: 'noCurrentKey' }
  | { state: 'wrongKey' }
  | { state: 'unopenable' };

/**
 * Restores a user's archived keys: each escrow opened with the recovery key (which checks the organisation, the user
 * and that the identity is the archived public key's), re-encrypted to the user's current key, then all uploaded in
 * one request. Any failure stops before the upload: all or nothing.
 */
export async function restoreEarlierKeys(o: { orgId: string; userId: string; recovery: { identity: string; recipient: string }; progress: (done: number, total: number) => void }): Promise<RestoreOutcome> {
  const archive = await staffRequest<{ currentPublicKey: string | null; keys: ArchivedKey[] }>('GET', `/api/org/users/${encodeURIComponent(o.userId)}/archived-keys`);
  const pending = archive.keys.filter((k) => !k.restored);
  if (pending.length === 0) return { state: 'nothing' };
  if (!archive.currentPublicKey) return { state: 'noCurrentKey' };
  if (pending.some((k) => k.escrowRecipient !== o.recovery.recipient)) return { state: 'wrongKey' };
  const c = await crypto();
  const restores: Array<{ id: string; wrapped: string }> = [];
  for (const key of pending) {
    o.progress(restores.length, pending.length);
    try {
      const identity = await c.openEscrow({ escrow: c.fromBase64Url(key.escrow), recoveryIdentity: o.recovery.identity, orgId: o.orgId, userId: o.userId, publicKey: key.publicKey });
      restores.push({ id: key.id, wrapped: c.toBase64Url(await c.wrapRestoredKey({ identity, toRecipient: archive.currentPublicKey })) });
    } catch (error) {
      if (c.isCryptoError(error)) return { state: 'unopenable' };
      throw error;
    }
  }
  o.progress(restores.length, pending.length);
  await staffRequest<void>('POST', `/api/org/users/${encodeURIComponent(o.userId)}/archived-keys/restore`, { toPublicKey: archive.currentPublicKey, restores });
  return { state: 'restored', count: restores.length };
}
