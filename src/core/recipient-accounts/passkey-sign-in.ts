// "Sign in with a passkey" for registered recipients: the address and a user-verified assertion of one of the
// account's passkeys. The passkey counts as both factors (something owned, unlocked with a PIN or biometric), so no
// password and no TOTP code; the answer carries the identity's PRF wrap, which the device opens with the PRF output
// the same assertion produced. Throttled, counted towards the lock and audited like the password sign-in.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { toBase64Url } from '../../crypto/index.ts';
import { authenticationOptions, counterRegressed, storeChallenge, takeChallenge, verifyAssertion, type AuthenticationOptions } from '../accounts/passkey-ceremony.ts';
import type { WebAuthnChallengeRecord } from '../accounts/model.ts';
import { audit } from '../audit/audit.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';
import type { RecipientAccountRecord } from './model.ts';
import { startAccountSession } from './sessions.ts';
import { fail } from './sign-in.ts';

/** Options naming no credential (the same for everyone), asking for user verification and the PRF output. */
export async function beginRecipientPasskeySignIn(ctx: RecipientAccountContext, meta: RequestMeta): Promise<{ attemptId: string; options: AuthenticationOptions }> {
  // Each options request writes a row: limited per client like sign-ins.
  await consumeLimits(ctx.repos, [{ key: `racct-webauthn-options-client:${clientBucket(meta.clientAddress)}`, max: limits.signInsPerClient, windowMs: limits.signInWindowMs }], ctx.clock.now());
  const options = await authenticationOptions(ctx, true);
  return { attemptId: await storeChallenge(ctx, options.challenge, 'recipient-sign-in'), options };
}

export interface RecipientPasskeySignIn {
  email: string;
  attemptId: string;
  response: AuthenticationResponseJSON;
}

export interface RecipientPasskeySignInResult {
  token: string;
  expiresAt: Date;
  account: RecipientAccountRecord;
  /** The passkey's PRF input and wrap of the identity, and its credential id (part of the wrapping key). */
  prf: { credentialId: string; salt: string; wrapped: string };
}

/**
 * Limits per client and per address come first (the same buckets as the password sign-in), then the challenge, the
 * credential (it must belong to this address's account), the user handle, the signature with user verification and
 * the counter. Every failure answers SP_ERR_SIGN_IN_FAILED and, for a known account, counts towards the lock.
 */
export async function signInWithRecipientPasskey(ctx: RecipientAccountContext, input: RecipientPasskeySignIn, meta: RequestMeta): Promise<RecipientPasskeySignInResult> {
  const now = ctx.clock.now();
  const { email } = input;
  await consumeLimits(ctx.repos, [
    { key: `racct-signin-client:${clientBucket(meta.clientAddress)}`, max: limits.signInsPerClient, windowMs: limits.signInWindowMs },
    { key: `racct-signin:${email}`, max: limits.signInsPerAddress, windowMs: limits.signInWindowMs },
  ], now);
  let challenge: WebAuthnChallengeRecord;
  try {
    challenge = await takeChallenge(ctx, input.attemptId, 'recipient-sign-in');
  } catch {
    return fail(ctx, undefined, email, meta, 'passkey_challenge');
  }
  const account = await ctx.repos.recipientAccounts.findByEmail(email);
  if (!account) return fail(ctx, undefined, email, meta, 'unknown');
  if (account.lockedUntil && account.lockedUntil > now) return fail(ctx, account, email, meta, 'locked');
  const passkey = await ctx.repos.recipientPasskeys.find(input.response.id);
  // Another account's passkey (or none at all) is a failed attempt on this address.
  if (!passkey || passkey.accountId !== account.id) return fail(ctx, account, email, meta, 'passkey_foreign');
  if (input.response.response.userHandle !== toBase64Url(new TextEncoder().encode(account.id))) return fail(ctx, account, email, meta, 'passkey_user_handle');
  const counter = await verifyAssertion(ctx, passkey, challenge, input.response, true);
  if (counter === null) return fail(ctx, account, email, meta, 'passkey');
  if (counterRegressed(passkey.counter, counter) || !(await ctx.repos.recipientPasskeys.recordUse(passkey.id, passkey.counter, counter, now))) {
    await audit(ctx.repos, now, meta, { action: 'recipient_account.passkey_clone_suspected', actor: 'system', details: { accountId: account.id, credentialId: passkey.id, storedCounter: passkey.counter, presentedCounter: counter } });
    return fail(ctx, account, email, meta, 'passkey_counter');
  }
  const session = await ctx.repos.transaction(async (tx) => {
    await tx.recipientAccounts.resetFailures(account.id);
    const started = await startAccountSession(ctx, tx, account, now);
    await audit(tx, now, meta, { action: 'recipient_account.passkey_signed_in', actor: email, details: { accountId: account.id, factor: 'passkey', credentialId: passkey.id } });
    return started;
  });
  return { ...session, account, prf: { credentialId: passkey.id, salt: passkey.prfSalt, wrapped: passkey.identityWrappedByPrf } };
}
