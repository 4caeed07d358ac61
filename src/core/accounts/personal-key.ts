import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { ensureEscrowKey, sealEscrow } from './escrow-seal.ts';
import { archiveReplacedKey, escrowForStore, restoredKeysOf } from './key-recovery.ts';
import type { KeyEscrow } from './model.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

/** What the server keeps of a staff member's personal key: the public half, and the private half only wrapped (docs/accounts.md). */
export interface StoredPersonalKey {
  publicKey: string;
  /** base64url of the Argon2id password wrap (src/crypto/personal-key.ts). */
  wrappedByPassword: string;
  /** base64url wraps, one per recovery code. */
  wrappedByRecovery: string[];
}

/** …as a device fetches it: with the recipient of its escrow (if any) and the old keys an admin restored to it. */
export interface PersonalKeyView extends StoredPersonalKey {
  escrowRecipient: string | null;
  restoredKeys: Array<{ publicKey: string; wrapped: string }>;
}

export async function getPersonalKey(ctx: AccountContext, staff: StaffPrincipal): Promise<PersonalKeyView> {
  const user = await ctx.repos.users.get(staff.orgId, staff.userId);
  if (!user?.publicKey || !user.keyWrappedByPassword) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No personal key stored yet' });
  const escrow = await ctx.repos.keyRecovery.getEscrow(staff.orgId, staff.userId);
  return {
    publicKey: user.publicKey,
    wrappedByPassword: user.keyWrappedByPassword,
    wrappedByRecovery: JSON.parse(user.keyWrappedByRecovery ?? '[]') as string[],
    escrowRecipient: escrow?.escrowRecipient ?? null,
    restoredKeys: await restoredKeysOf(ctx, staff, user.publicKey),
  };
}

/**
 * Stores the key a device generated and wrapped. The first one needs only the session; replacing one (its sent items
 * then open only with the old key) needs a recent re-authentication. Under the organisation's recovery key the escrow
 * comes along (refused without), and a replaced key with an escrow moves to the archive (src/core/accounts/key-recovery.ts).
 */
export async function storePersonalKey(ctx: AccountContext, staff: StaffPrincipal, key: StoredPersonalKey & Partial<KeyEscrow>, meta: RequestMeta): Promise<void> {
  if (staff.publicKey) assertRecentlyAuthenticated(ctx, staff);
  const now = ctx.clock.now();
  if (key.escrowRecipient !== undefined) await ensureEscrowKey(ctx, staff.orgId, key.escrowRecipient);
  await ctx.repos.transaction(async (tx) => {
    const given = await escrowForStore(tx, staff, key);
    const owner = { orgId: staff.orgId, userId: staff.userId, publicKey: key.publicKey };
    const escrow = given === null || given === 'keep' ? given : { escrow: await sealEscrow(ctx, owner, given.escrow, given.escrowRecipient), escrowRecipient: given.escrowRecipient };
    const replaced = staff.publicKey !== null && staff.publicKey !== key.publicKey;
    const archived = replaced && (await archiveReplacedKey(tx, staff, now));
    await tx.users.update(staff.orgId, staff.userId, {
      publicKey: key.publicKey,
      keyWrappedByPassword: key.wrappedByPassword,
      keyWrappedByRecovery: JSON.stringify(key.wrappedByRecovery),
    });
    if (escrow !== 'keep') await tx.keyRecovery.setEscrow(staff.orgId, staff.userId, escrow);
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.key_stored', actor: staff.email, details: { userId: staff.userId, replaced: staff.publicKey !== null, escrowed: escrow !== null, archived } });
    // A passkey's PRF wrap holds the old key; it would unlock the wrong one. The passkeys stay (sign-in), the wraps go.
    if (replaced) {
      await tx.passkeys.clearPrfWraps(staff.userId);
      await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.passkey_prf_wraps_cleared', actor: staff.email, details: { userId: staff.userId } });
    }
  });
}
