import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

/** What the server keeps of a staff member's personal key: the public half, and the private half only wrapped (docs/accounts.md). */
export interface StoredPersonalKey {
  publicKey: string;
  /** base64url of the Argon2id password wrap (src/crypto/personal-key.ts). */
  wrappedByPassword: string;
  /** base64url wraps, one per recovery code. */
  wrappedByRecovery: string[];
}

export async function getPersonalKey(ctx: AccountContext, staff: StaffPrincipal): Promise<StoredPersonalKey> {
  const user = await ctx.repos.users.get(staff.orgId, staff.userId);
  if (!user?.publicKey || !user.keyWrappedByPassword) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No personal key stored yet' });
  return { publicKey: user.publicKey, wrappedByPassword: user.keyWrappedByPassword, wrappedByRecovery: JSON.parse(user.keyWrappedByRecovery ?? '[]') as string[] };
}

/**
 * Stores the key a device generated and wrapped. The first one needs only the session; replacing one (its sent items
 * then open only with the old key) needs a recent re-authentication.
 */
export async function storePersonalKey(ctx: AccountContext, staff: StaffPrincipal, key: StoredPersonalKey, meta: RequestMeta): Promise<void> {
  if (staff.publicKey) assertRecentlyAuthenticated(ctx, staff);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    await tx.users.update(staff.orgId, staff.userId, {
      publicKey: key.publicKey,
      keyWrappedByPassword: key.wrappedByPassword,
      keyWrappedByRecovery: JSON.stringify(key.wrappedByRecovery),
    });
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.key_stored', actor: staff.email, details: { userId: staff.userId, replaced: staff.publicKey !== null } });
    // A passkey's PRF wrap holds the old key; it would unlock the wrong one. The passkeys stay (sign-in), the wraps go.
    if (staff.publicKey !== null && staff.publicKey !== key.publicKey) {
      await tx.passkeys.clearPrfWraps(staff.userId);
      await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.passkey_prf_wraps_cleared', actor: staff.email, details: { userId: staff.userId } });
    }
  });
}
