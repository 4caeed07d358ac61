// Escrows rest sealed under an erasable key per organisation and recovery key (docs/crypto.md §3.8, crypto-shredding):
// a database keeps deleted rows in SQLite's WAL and free pages and in PostgreSQL's dead tuples and WAL, so deleting the
// escrows of a rotated or abandoned recovery key is made true on disk by destroying that key, not by the DELETE.
import { fromBase64Url, generateSecret, openErasable, recoveryKeyFingerprint, sealErasable, toBase64Url } from '../../crypto/index.ts';
import { SealpostError } from '../errors.ts';
import type { ErasableKeyStore } from '../ports/erasable-key-store.ts';
import type { AccountContext } from './context.ts';

/** Same prefix as the recipients' sealed secrets: base64url has no '.', so the two layouts cannot be confused. */
const SEALED_PREFIX = 'e5.';
const encoder = new TextEncoder();

export interface EscrowOwner {
  orgId: string;
  userId: string;
  /** The personal key the escrow holds: bound in, so a sealed escrow moved to another row or user does not open. */
  publicKey: string;
}

export function escrowKeyId(orgId: string, recoveryRecipient: string): string {
  return `escrow-${orgId}-${recoveryKeyFingerprint(recoveryRecipient).replaceAll('-', '')}`;
}

function keyStore(ctx: Pick<AccountContext, 'escrowKeys'>): ErasableKeyStore {
  if (!ctx.escrowKeys) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Escrows need the erasable key store (run this through the server)' });
  return ctx.escrowKeys;
}

function context(owner: EscrowOwner): Uint8Array {
  return encoder.encode(`sealpost/key-escrow/${owner.orgId}/${owner.userId}/${owner.publicKey}`);
}

/**
 * Makes the erasable key on first use, under the organisation's policy row lock, so two processes sealing the first
 * escrows at once do not each write a key (the second would erase the first and every escrow sealed under it).
 */
export async function ensureEscrowKey(ctx: AccountContext, orgId: string, recoveryRecipient: string): Promise<void> {
  const keys = keyStore(ctx);
  const id = escrowKeyId(orgId, recoveryRecipient);
  if (await keys.get(id)) return;
  await ctx.repos.transaction(async (tx) => {
    const policy = await tx.keyRecovery.getPolicy(orgId, 'update');
    if (policy.policy !== 'org-key' || policy.recoveryPublicKey !== recoveryRecipient) return;
    if (!(await keys.get(id))) await keys.put(id, generateSecret());
  });
}

export async function sealEscrow(ctx: Pick<AccountContext, 'escrowKeys'>, owner: EscrowOwner, escrow: string, recoveryRecipient: string): Promise<string> {
  const key = await keyStore(ctx).get(escrowKeyId(owner.orgId, recoveryRecipient));
  if (!key) throw new SealpostError('SP_ERR_CONFLICT', { message: "Your organisation's recovery key changed meanwhile: load your key again" });
  try {
    return SEALED_PREFIX + toBase64Url(sealErasable({ key, associatedData: context(owner), plaintext: fromBase64Url(escrow) }));
  } finally {
    key.fill(0);
  }
}

/** The escrow as the device made it (base64url), or undefined once its key was destroyed. */
export async function openSealedEscrow(ctx: Pick<AccountContext, 'escrowKeys'>, owner: EscrowOwner, stored: string, recoveryRecipient: string): Promise<string | undefined> {
  if (!stored.startsWith(SEALED_PREFIX)) throw new SealpostError('SP_ERR_INTERNAL', { message: 'An escrow is stored unsealed' });
  const key = await keyStore(ctx).get(escrowKeyId(owner.orgId, recoveryRecipient));
  if (!key) return undefined;
  try {
    return toBase64Url(openErasable({ key, associatedData: context(owner), sealed: fromBase64Url(stored.slice(SEALED_PREFIX.length)) }));
  } finally {
    key.fill(0);
  }
}

/** Every escrow to this recovery key, wherever a copy survives, opens with nothing any more. */
export async function destroyEscrowKey(ctx: Pick<AccountContext, 'escrowKeys'>, orgId: string, recoveryRecipient: string): Promise<void> {
  await keyStore(ctx).destroy(escrowKeyId(orgId, recoveryRecipient));
}
