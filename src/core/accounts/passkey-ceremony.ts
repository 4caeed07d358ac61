// WebAuthn ceremony state, kept server-side: each options request stores its challenge under a digest of a fresh
// attempt token (single use, five minutes, bound to a purpose and — for registration — to the session that asked).
// The relying party is PUBLIC_URL: its host is the RP ID, its origin the only origin accepted. Shared by staff
// passkeys (this folder) and registered recipients' passkeys (src/core/recipient-accounts/passkeys.ts).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { fromBase64Url, PRF_SALT_V1, toBase64Url } from '../../crypto/index.ts';
import { SealpostError } from '../errors.ts';
import { newToken } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import type { WebAuthnChallengeRecord, WebAuthnPurpose } from './model.ts';

export const CHALLENGE_MINUTES = 5;
/** More than anyone needs (phone, laptop, two keys…), few enough that a stolen session cannot flood the table. */
export const MAX_PASSKEYS_PER_USER = 20;
export const RP_NAME = 'Sealpost';

/**
 * Ed25519, ES256, RS256: what authenticators in the field sign with. Not the post-quantum ML-DSA ones the library now
 * also offers: their signatures (2.4–4.6 KB) would not fit the small bodies anonymous sign-in routes accept.
 */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** What the ceremony needs of a context: staff's AccountContext and the recipients' context both have it. */
export type CeremonyContext = Pick<AccountContext, 'repos' | 'clock' | 'secrets' | 'publicUrl'>;

export interface RelyingParty {
  rpID: string;
  origin: string;
}

export function relyingParty(ctx: Pick<CeremonyContext, 'publicUrl'>): RelyingParty {
  const url = new URL(ctx.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The PRF input every wrap is made with (see src/crypto/prf-wrap.ts), as the page receives it. */
export const PRF_SALT = toBase64Url(PRF_SALT_V1);

/** Stores a challenge for `purpose` and returns the attempt token the client sends back with its answer. */
export async function storeChallenge(
  ctx: CeremonyContext,
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
export async function takeChallenge(ctx: CeremonyContext, attemptId: string, purpose: WebAuthnPurpose): Promise<WebAuthnChallengeRecord> {
  const record = await ctx.repos.webauthnChallenges.consume(ctx.secrets.digest('token', `webauthn:${attemptId}`), ctx.clock.now());
  if (!record || record.purpose !== purpose) throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'This passkey request is unknown, used or expired; start again' });
  return record;
}

/** The new credential of a registration answer, or null when it does not verify (user verification required). */
export async function verifyRegistration(ctx: CeremonyContext, response: RegistrationResponseJSON, challenge: WebAuthnChallengeRecord): Promise<WebAuthnCredential | null> {
  const { rpID, origin } = relyingParty(ctx);
  try {
    const verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true, supportedAlgorithmIDs: SUPPORTED_ALGORITHMS });
    return verified.verified ? verified.registrationInfo.credential : null;
  } catch {
    return null;
  }
}

/** The signature counter an assertion reports, or null when its signature, challenge, origin or flags do not verify. */
export async function verifyAssertion(
  ctx: CeremonyContext,
  stored: { id: string; publicKey: string; transports: string[] },
  challenge: WebAuthnChallengeRecord,
  response: AuthenticationResponseJSON,
  requireUserVerification: boolean,
): Promise<number | null> {
  const { rpID, origin } = relyingParty(ctx);
  try {
    // Counter 0 here: the library would throw on a regression before we could tell it from a bad signature.
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: stored.id, publicKey: new Uint8Array(fromBase64Url(stored.publicKey)), counter: 0, transports: stored.transports },
      requireUserVerification,
    });
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

/** A counter that does not move forward (when either side keeps one) means a cloned authenticator. */
export const counterRegressed = (stored: number, presented: number): boolean => (stored > 0 || presented > 0) && presented <= stored;

/** The creation options as JSON, with the PRF input as base64url (the page turns it into bytes). */
export type RegistrationOptions = Omit<PublicKeyCredentialCreationOptionsJSON, 'extensions'> & {
  extensions: { credProps: boolean; prf: { eval: { first: string } } };
};

/** Creation options for a discoverable, user-verified passkey that asks for the PRF output. */
export async function registrationOptions(
  ctx: Pick<CeremonyContext, 'publicUrl'>,
  user: { name: string; handle: string; exclude: Array<{ id: string; transports: string[] }> },
): Promise<RegistrationOptions> {
  const generated = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: relyingParty(ctx).rpID,
    userName: user.name,
    userDisplayName: user.name,
    // The user handle is the user (or account) id: what a discoverable credential hands back at passwordless sign-in.
    userID: new TextEncoder().encode(user.handle),
    attestationType: 'none',
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    timeout: CHALLENGE_MINUTES * 60 * 1000,
    excludeCredentials: user.exclude.map((p) => ({ id: p.id, transports: p.transports })),
    // Discoverable (passwordless needs it) and user-verified (PIN or biometric: the passkey alone is two factors).
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
  });
  return { ...generated, extensions: { credProps: true, prf: { eval: { first: PRF_SALT } } } };
}

export type AuthenticationOptions = Omit<PublicKeyCredentialRequestOptionsJSON, 'extensions'> & { extensions?: { prf: { eval: { first: string } } } };

/**
 * Request options naming no credential (every Sealpost passkey is discoverable), so the answer is the same for
 * everyone; `withPrf` (passwordless) asks for user verification and the PRF output that unwraps a key.
 */
export async function authenticationOptions(ctx: Pick<CeremonyContext, 'publicUrl'>, withPrf: boolean): Promise<AuthenticationOptions> {
  const generated = await generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpID,
    allowCredentials: [],
    userVerification: withPrf ? 'required' : 'discouraged',
    timeout: CHALLENGE_MINUTES * 60 * 1000,
  });
  const { extensions: _none, ...plain } = generated;
  return withPrf ? { ...plain, extensions: { prf: { eval: { first: PRF_SALT } } } } : plain;
}
