import * as oidc from 'openid-client';
import { SealpostError } from '../../core/errors.ts';
import type { OidcClientCredentials, OidcRelyingParty } from '../../core/ports/sso.ts';
import type { IdTokenClaims } from '../../core/sso/model.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Discovery documents and keys are fetched again after this long (a provider's key rotation reaches us). */
const CACHE_MS = 10 * 60 * 1000;
const TIMEOUT_SECONDS = 10;

/**
 * The OpenID Connect relying party on panva's `openid-client` (v6, certified by the OpenID Foundation): discovery,
 * PKCE, the authorization URL, and the code exchange with ID-token validation (signature against the provider's
 * JWKS, iss, aud, azp, exp, iat, nonce, state, and `auth_time` against `max_age` for a re-authentication) and the
 * RP-initiated logout URL — none of which we write ourselves. Plain http only for a
 * provider on a loopback host (the issuer rule in src/core/sso/sso-config.ts already says so).
 */
export function createOpenIdRelyingParty(): OidcRelyingParty {
  const cache = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();

  function configuration(c: OidcClientCredentials): Promise<oidc.Configuration> {
    const key = JSON.stringify([c.issuer, c.clientId, c.clientSecret]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.config;
    const url = new URL(c.issuer);
    const insecure = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
    const config = oidc.discovery(url, c.clientId, { client_secret: c.clientSecret }, oidc.ClientSecretBasic(c.clientSecret), {
      timeout: TIMEOUT_SECONDS,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    cache.set(key, { config, at: Date.now() });
    // A failed discovery is not remembered: the next attempt tries again.
    config.catch(() => cache.delete(key));
    return config;
  }

  return {
    async discover(c) {
      try {
        await configuration(c);
      } catch (error) {
        throw new SealpostError('SP_ERR_SSO_ISSUER', { message: `The identity provider at ${c.issuer} could not be used: ${describe(error)}`, cause: error });
      }
    },
    async newPkce() {
      const verifier = oidc.randomPKCECodeVerifier();
      return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
    },
    async authorizationUrl(c, p) {
      const config = await configuration(c).catch((error: unknown) => {
        throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The identity provider cannot be reached; try again later', cause: error });
      });
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: p.redirectUri,
        scope: p.scope,
        state: p.state,
        nonce: p.nonce,
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256',
        ...(p.reauthenticate ? { prompt: 'login', max_age: '0', login_hint: p.reauthenticate.loginHint } : {}),
      });
    },
    async exchange(c, p) {
      try {
        const config = await configuration(c);
        const tokens = await oidc.authorizationCodeGrant(config, p.callbackUrl, {
          expectedState: p.state,
          expectedNonce: p.nonce,
          pkceCodeVerifier: p.codeVerifier,
          idTokenExpected: true,
          ...(p.maxAge === undefined ? {} : { maxAge: p.maxAge }),
        });
        const claims = tokens.claims();
        if (!claims) throw new Error('no ID token');
        const validated: IdTokenClaims = claims;
        return validated;
      } catch (error) {
        throw new SealpostError('SP_ERR_SSO_FAILED', { message: describe(error), cause: error });
      }
    },
    async endSessionUrl(c, p) {
      const config = await configuration(c);
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      // No id_token_hint: we keep no ID tokens (docs/accounts.md, "Signing out"); client_id names us instead.
      return oidc.buildEndSessionUrl(config, { client_id: c.clientId, post_logout_redirect_uri: p.postLogoutRedirectUri });
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`.slice(0, 300);
}
