import type { IdTokenClaims, SsoConfigRecord, SsoFlowRecord, SsoIdentity } from '../sso/model.ts';

export interface SsoRepository {
  getConfig(orgId: string): Promise<SsoConfigRecord | undefined>;
  putConfig(config: SsoConfigRecord): Promise<void>;
  deleteConfig(orgId: string): Promise<boolean>;
  identityOfUser(userId: string): Promise<SsoIdentity | undefined>;
  identityOfSubject(issuer: string, subject: string): Promise<SsoIdentity | undefined>;
  /** False when the user or the subject is bound already (the caller refuses). */
  bind(identity: SsoIdentity): Promise<boolean>;
  createFlow(flow: SsoFlowRecord): Promise<void>;
  /** Removes and returns an unexpired flow; a second call (replay) or an expired one returns undefined. */
  consumeFlow(stateHash: string, now: Date): Promise<SsoFlowRecord | undefined>;
  deleteExpiredFlows(now: Date): Promise<number>;
}

/** The provider's client credentials, the secret opened for the one call that needs it. */
export interface OidcClientCredentials {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The OpenID Connect relying party (src/adapters/oidc): discovery, the authorization request and the code exchange
 * with full ID-token validation (signature, iss, aud, exp, nonce) by the library, never by hand.
 */
export interface OidcRelyingParty {
  /** Fetches the discovery document; SP_ERR_SSO_ISSUER when unreachable or not a provider for `issuer`. */
  discover(credentials: OidcClientCredentials): Promise<void>;
  newPkce(): Promise<{ verifier: string; challenge: string }>;
  /**
   * The authorization request. With `reauthenticate` it asks the provider to authenticate the user again whatever
   * session it has (`prompt=login`, `max_age=0`), naming who (`login_hint`).
   */
  authorizationUrl(
    credentials: OidcClientCredentials,
    params: { redirectUri: string; scope: string; state: string; nonce: string; codeChallenge: string; reauthenticate?: { loginHint: string } },
  ): Promise<URL>;
  /**
   * Exchanges the code from `callbackUrl`; throws SP_ERR_SSO_FAILED for any protocol or validation failure. With
   * `maxAge` the ID token must carry `auth_time` no older than that many seconds (plus the library's clock tolerance).
   */
  exchange(credentials: OidcClientCredentials, params: { callbackUrl: URL; state: string; nonce: string; codeVerifier: string; maxAge?: number }): Promise<IdTokenClaims>;
  /**
   * The provider's RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0) with `client_id` and
   * `post_logout_redirect_uri`, or undefined when its discovery document names no `end_session_endpoint`.
   */
  endSessionUrl(credentials: OidcClientCredentials, params: { postLogoutRedirectUri: string }): Promise<URL | undefined>;
}
