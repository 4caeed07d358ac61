// A registered recipient's own passkeys (docs/recipient-accounts.md "Passkeys"): adding one (a WebAuthn registration
// whose PRF output wraps the identity on the device), listing and removing them. The ceremony is the staff one
// (src/core/accounts/passkey-ceremony.ts); what differs is the owner (an account, not a staff user) and that the PRF
// wrap is required: a recipient's passkey must open the key, or it would sign in to an inbox it cannot read.
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { fromBase64Url, PRF_WRAP_VERSION, toBase64Url } from '../../crypto/index.ts';
import { verifyPassword } from '../../crypto/password-hash.ts';
import { registrationOptions, storeChallenge, takeChallenge, verifyRegistration, type RegistrationOptions } from '../accounts/passkey-ceremony.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';
import type { RecipientPasskeyRecord } from './model.ts';
import type { RecipientAccountPrincipal } from './sessions.ts';
import { fail } from './sign-in.ts';

/**
 * Passkey changes need a fresh sign-in (a session younger than `freshSignInMs`) or the password again, so a stolen
 * session token alone cannot plant a passkey or strip the owner's. A wrong password counts like a failed sign-in.
 */
async function assertFresh(ctx: RecipientAccountContext, me: RecipientAccountPrincipal, password: string | undefined, meta: RequestMeta): Promise<void> {
  const now = ctx.clock.now();
  if (now.getTime() - me.sessionCreatedAt.getTime() <= limits.freshSignInMs) return;
  if (password === undefined) throw new SealpostError('SP_ERR_REAUTH_REQUIRED');
  const { email } = me.account;
  await consumeLimits(ctx.repos, [{ key: `racct-signin:${email}`, max: limits.signInsPerAddress, windowMs: limits.signInWindowMs }], now);
  if (!(await verifyPassword(password, me.account.passwordHash))) await fail(ctx, me.account, email, meta, 'reauth_password');
}

export async function beginRecipientPasskey(
  ctx: RecipientAccountContext,
  me: RecipientAccountPrincipal,
  password: string | undefined,
  meta: RequestMeta,
): Promise<{ attemptId: string; options: RegistrationOptions }> {
  await assertFresh(ctx, me, password, meta);
  const existing = await ctx.repos.recipientPasskeys.listForAccount(me.account.id);
  if (existing.length >= limits.passkeysPerAccount) throw new SealpostError('SP_ERR_CONFLICT', { message: `At most ${limits.passkeysPerAccount} passkeys per account` });
  const options = await registrationOptions(ctx, { name: me.account.email, handle: me.account.id, exclude: existing });
  const attemptId = await storeChallenge(ctx, options.challenge, 'recipient-register', { sessionTokenHash: me.tokenHash, userId: me.account.id });
  return { attemptId, options };
}

export interface RecipientPasskeyRegistration {
  attemptId: string;
  response: RegistrationResponseJSON;
  name: string;
  /** base64url 0x04 wrap of the account identity under this passkey's PRF output, made on the device. */
  prfWrap: string;
}

export async function finishRecipientPasskey(
  ctx: RecipientAccountContext,
  me: RecipientAccountPrincipal,
  input: RecipientPasskeyRegistration,
  meta: RequestMeta,
): Promise<RecipientPasskeyRecord> {
  const challenge = await takeChallenge(ctx, input.attemptId, 'recipient-register');
  // Bound to the session that asked: options fetched by one session cannot be finished by another.
  if (challenge.sessionTokenHash !== me.tokenHash || challenge.userId !== me.account.id || !challenge.prfSalt) throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  const wrap = fromBase64Url(input.prfWrap);
  if (wrap[0] !== PRF_WRAP_VERSION || wrap.length < 1 + 24 + 16 + 20) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The PRF wrap is malformed', details: { field: 'prfWrap' } });
  const now = ctx.clock.now();
  const credential = await verifyRegistration(ctx, input.response, challenge);
  if (!credential) {
    await audit(ctx.repos, now, meta, { action: 'recipient_account.passkey_registration_failed', actor: me.account.email, details: { accountId: me.account.id } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'The passkey could not be verified' });
  }
  const passkey: RecipientPasskeyRecord = {
    id: credential.id,
    accountId: me.account.id,
    publicKey: toBase64Url(credential.publicKey),
    counter: credential.counter,
    transports: (credential.transports ?? input.response.response.transports ?? []).slice(0, 10),
    name: input.name.trim().slice(0, 100) || 'Passkey',
    createdAt: now,
    lastUsedAt: null,
    prfSalt: challenge.prfSalt,
    identityWrappedByPrf: input.prfWrap,
  };
  // Credential ids are shared with no one: not another account's, and not a staff passkey (the same authenticator
  // may hold both, but each registration makes its own credential).
  if ((await ctx.repos.recipientPasskeys.find(passkey.id)) || (await ctx.repos.passkeys.find(passkey.id))) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This passkey is registered already' });
  await ctx.repos.transaction(async (tx) => {
    await tx.recipientPasskeys.create(passkey);
    await audit(tx, now, meta, { action: 'recipient_account.passkey_added', actor: me.account.email, details: { accountId: me.account.id, credentialId: passkey.id } });
  });
  return passkey;
}

export async function listRecipientPasskeys(ctx: RecipientAccountContext, me: RecipientAccountPrincipal): Promise<RecipientPasskeyRecord[]> {
  return ctx.repos.recipientPasskeys.listForAccount(me.account.id);
}

/** Removes one of the account's own passkeys (fresh sign-in or password); the password remains, so no last-factor rule. */
export async function removeRecipientPasskey(ctx: RecipientAccountContext, me: RecipientAccountPrincipal, id: string, password: string | undefined, meta: RequestMeta): Promise<void> {
  await assertFresh(ctx, me, password, meta);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.recipientPasskeys.delete(me.account.id, id))) throw new SealpostError('SP_ERR_NOT_FOUND');
    await audit(tx, now, meta, { action: 'recipient_account.passkey_removed', actor: me.account.email, details: { accountId: me.account.id, credentialId: id } });
  });
}
