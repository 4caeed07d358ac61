// A staff member's own passkeys: registration (a signed-in, recently re-authenticated session), list, rename and
// removal. Options and verification come from @simplewebauthn/server; the state stays on the server
// (passkey-ceremony.ts). docs/accounts.md "Passkeys".
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { fromBase64Url, PRF_WRAP_VERSION, toBase64Url } from '../../crypto/index.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import type { PasskeyRecord } from './model.ts';
import { MAX_PASSKEYS_PER_USER, registrationOptions, storeChallenge, SUPPORTED_ALGORITHMS, takeChallenge, verifyRegistration, type RegistrationOptions } from './passkey-ceremony.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

export { SUPPORTED_ALGORITHMS };

export type { RegistrationOptions };

export async function beginPasskeyRegistration(ctx: AccountContext, staff: StaffPrincipal): Promise<{ attemptId: string; options: RegistrationOptions }> {
  if (!staff.enrolled) throw new SealpostError('SP_ERR_FORBIDDEN');
  assertRecentlyAuthenticated(ctx, staff);
  const existing = await ctx.repos.passkeys.listForUser(staff.userId);
  if (existing.length >= MAX_PASSKEYS_PER_USER) throw new SealpostError('SP_ERR_CONFLICT', { message: `At most ${MAX_PASSKEYS_PER_USER} passkeys per person` });
  const options = await registrationOptions(ctx, { name: staff.email, handle: staff.userId, exclude: existing });
  const attemptId = await storeChallenge(ctx, options.challenge, 'register', { sessionTokenHash: staff.sessionTokenHash, userId: staff.userId });
  return { attemptId, options };
}

export interface PasskeyRegistration {
  attemptId: string;
  response: RegistrationResponseJSON;
  name: string;
  /** base64url 0x04 wrap of the personal key under this passkey's PRF output, made on the device. */
  prfWrap?: string | undefined;
}

function assertPrfWrap(wrap: string): void {
  const bytes = fromBase64Url(wrap);
  if (bytes[0] !== PRF_WRAP_VERSION || bytes.length < 1 + 24 + 16 + 20) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The PRF wrap is malformed', details: { field: 'prfWrap' } });
}

export async function finishPasskeyRegistration(ctx: AccountContext, staff: StaffPrincipal, input: PasskeyRegistration, meta: RequestMeta): Promise<PasskeyRecord> {
  if (!staff.enrolled) throw new SealpostError('SP_ERR_FORBIDDEN');
  assertRecentlyAuthenticated(ctx, staff);
  const challenge = await takeChallenge(ctx, input.attemptId, 'register');
  if (challenge.sessionTokenHash !== staff.sessionTokenHash || challenge.userId !== staff.userId) throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  if (input.prfWrap !== undefined) {
    assertPrfWrap(input.prfWrap);
    // A wrap of what? Without a stored personal key there is nothing it could be checked against later.
    if (!staff.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: 'Store your personal key first' });
  }
  const now = ctx.clock.now();
  const credential = await verifyRegistration(ctx, input.response, challenge);
  if (!credential) {
    await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: 'account.passkey_registration_failed', actor: staff.email, details: { userId: staff.userId } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'The passkey could not be verified' });
  }
  const passkey: PasskeyRecord = {
    id: credential.id,
    userId: staff.userId,
    orgId: staff.orgId,
    publicKey: toBase64Url(credential.publicKey),
    counter: credential.counter,
    transports: (credential.transports ?? input.response.response.transports ?? []).slice(0, 10),
    name: input.name.trim().slice(0, 100) || 'Passkey',
    createdAt: now,
    lastUsedAt: null,
    prfSalt: input.prfWrap ? challenge.prfSalt : null,
    keyWrappedByPrf: input.prfWrap ?? null,
  };
  if (await ctx.repos.passkeys.find(passkey.id)) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This passkey is registered already' });
  await ctx.repos.transaction(async (tx) => {
    await tx.passkeys.create(passkey);
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.passkey_added', actor: staff.email, details: { userId: staff.userId, credentialId: passkey.id, prf: passkey.keyWrappedByPrf !== null } });
  });
  return passkey;
}

export async function listPasskeys(ctx: AccountContext, staff: StaffPrincipal): Promise<PasskeyRecord[]> {
  return ctx.repos.passkeys.listForUser(staff.userId);
}

export async function renamePasskey(ctx: AccountContext, staff: StaffPrincipal, id: string, name: string, meta: RequestMeta): Promise<void> {
  const clean = name.trim().slice(0, 100);
  if (!clean) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Give the passkey a name', details: { field: 'name' } });
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.passkeys.rename(staff.userId, id, clean))) throw new SealpostError('SP_ERR_NOT_FOUND');
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.passkey_renamed', actor: staff.email, details: { userId: staff.userId, credentialId: id } });
  });
}

/** Removes a passkey (needs a recent re-authentication); never the last factor: TOTP or another passkey must remain. */
export async function deletePasskey(ctx: AccountContext, staff: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  assertRecentlyAuthenticated(ctx, staff);
  const [user, passkeys] = await Promise.all([ctx.repos.users.get(staff.orgId, staff.userId), ctx.repos.passkeys.listForUser(staff.userId)]);
  if (!user) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  if (!passkeys.some((p) => p.id === id)) throw new SealpostError('SP_ERR_NOT_FOUND');
  const remainingFactors = passkeys.length - 1 + (user.totpEnrolledAt ? 1 : 0);
  if (remainingFactors < 1) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This is your last second factor; add another one first' });
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.passkeys.delete(staff.userId, id))) throw new SealpostError('SP_ERR_NOT_FOUND');
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.passkey_removed', actor: staff.email, details: { userId: staff.userId, credentialId: id } });
  });
}
