/** Single sign-on through an organisation's own OpenID Connect provider (docs/accounts.md, "Single sign-on"). */

export type EmailClaim = 'email' | 'preferred_username';

/** What is stored per organisation; the client secret only sealed under SECRET_KEY. */
export interface SsoConfigRecord {
  orgId: string;
  /** The issuer identifier (exactly as the provider's discovery document and `iss` claim state it). */
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  /** Space-separated; always contains `openid`. */
  scopes: string;
  emailClaim: EmailClaim;
  /** `acr` values that count as two factors (besides `amr` containing "mfa"). */
  mfaAcrValues: string[];
  /** The operator accepted a provider that cannot assert a second factor (never the default). */
  acceptWithoutMfa: boolean;
  enabled: boolean;
  updatedAt: Date;
}

/** The binding of a user to the provider's subject, made on the first SSO sign-in. */
export interface SsoIdentity {
  userId: string;
  orgId: string;
  issuer: string;
  subject: string;
  createdAt: Date;
}

/** One started sign-in or re-authentication, kept server-side until the callback consumes it (single use, ten minutes). */
export interface SsoFlowRecord {
  /** Keyed digest of the `state` parameter (the state itself is only in the browser's redirect). */
  stateHash: string;
  orgId: string;
  codeVerifier: string;
  nonce: string;
  /**
   * A re-authentication of this staff session (the keyed digest it is stored under), or null for a sign-in. Kept
   * here because the session cookie is SameSite=Strict: the provider's redirect back to us does not carry it.
   */
  sessionTokenHash: string | null;
  /** Where a re-authentication returns to (a path of the app), null for a sign-in. */
  returnTo: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** The claims of a validated ID token that sign-in reads. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  preferred_username?: unknown;
  amr?: unknown;
  acr?: unknown;
  /** When the user authenticated at the provider (seconds since the epoch); asked for with `max_age`. */
  auth_time?: unknown;
}
