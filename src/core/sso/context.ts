import type { AccountContext } from '../accounts/context.ts';
import type { OidcRelyingParty } from '../ports/sso.ts';

/**
 * Seals small configuration secrets (an SSO client secret) under SECRET_KEY, bound to `context` (e.g. the
 * organisation), so a database dump alone never yields them and a sealed value cannot be moved to another row.
 */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface SsoPolicy {
  /** Sign-in starts per client and per organisation in `startWindowMs`. */
  startsPerClient: number;
  startsPerOrg: number;
  startWindowMs: number;
  /** How long a started sign-in may take at the provider. */
  flowMinutes: number;
}

export const defaultSsoPolicy: SsoPolicy = { startsPerClient: 30, startsPerOrg: 600, startWindowMs: 15 * 60 * 1000, flowMinutes: 10 };

export interface SsoContext extends AccountContext {
  oidc: OidcRelyingParty;
  secretSealer: SecretSealer;
  sso: SsoPolicy;
}

/** Where the provider sends the browser back (registered at the provider as the redirect URI). */
export function ssoCallbackUrl(ctx: Pick<AccountContext, 'publicUrl'>): string {
  return `${ctx.publicUrl}/sso/callback`;
}

export function clientSecretContext(orgId: string): string {
  return `sso-client-secret\n${orgId}`;
}
