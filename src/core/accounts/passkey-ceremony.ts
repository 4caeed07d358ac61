// WebAuthn ceremony state, kept server-side: each options request stores its challenge under a digest of a fresh
// attempt token (single use, five minutes, bound to a purpose and — for registration — to the session that asked).
// The relying party is PUBLIC_URL: its host is the RP ID, its origin the only origin accepted.
import { PRF_SALT_V1, toBase64Url } from '../../crypto/index.ts';
import { SealpostError } from '../errors.ts';
import { newToken } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import type { WebAuthnChallengeRecord, WebAuthnPurpose } from './model.ts';

export const CHALLENGE_MINUTES = 5;
/** More than anyone needs (phone, laptop, two keys…), few enough that a stolen session cannot flood the table. */
export const MAX_PASSKEYS_PER_USER = 20;
export const RP_NAME = 'Sealpost';

export interface RelyingParty {
  rpID: string;
  origin: string;
}

export function relyingParty(ctx: Pick<AccountContext, 'publicUrl'>): RelyingParty {
  const url = new URL(ctx.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The PRF input every wrap is made with (see src/crypto/prf-wrap.ts), as the page receives it. */
export const PRF_SALT = toBase64Url(PRF_SALT_V1);

/** Stores a challenge for `purpose` and returns the attempt token the client sends back with its answer. */
export async function storeChallenge(
  ctx: AccountContext,
  challenge: string,
  purpose: WebAuthnPurpose,
  binding: { sessionTokenHash?: string; userId?: string } = {},
): Promise<string> {
  const attemptId = newToken();
  const now = ctx.clock.now();
  const record: WebAuthnChallengeRecord = {
    attemptHash: ctx.secrets.digest('token', `webauthn:${attemptId}`),
    challenge,
    purpose,
    sessionTokenHash: binding.sessionTokenHash ?? null,
    userId: binding.userId ?? null,
    prfSalt: purpose === 'second-factor' ? null : PRF_SALT,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60 * 1000),
  };
  await ctx.repos.webauthnChallenges.create(record, now);
  return attemptId;
}

/**
 * Takes the challenge of an attempt out (whatever happens next, it cannot be used again) and checks it is for
 * `purpose`; SP_ERR_VERIFICATION_FAILED when it is unknown, used, expired or for something else.
 */
export async function takeChallenge(ctx: AccountContext, attemptId: string, purpose: WebAuthnPurpose): Promise<WebAuthnChallengeRecord> {
  const record = await ctx.repos.webauthnChallenges.consume(ctx.secrets.digest('token', `webauthn:${attemptId}`), ctx.clock.now());
  if (!record || record.purpose !== purpose) throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'This passkey request is unknown, used or expired; start again' });
  return record;
}
