import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { clientSecretContext, type SsoContext } from './context.ts';
import type { EmailClaim, SsoConfigRecord } from './model.ts';

export interface SsoConfigInput {
  issuer: string;
  clientId: string;
  /** Required when none is stored yet or the issuer or client id changes; left out otherwise, the stored one is kept. */
  clientSecret?: string | undefined;
  scopes?: string[] | undefined;
  emailClaim?: EmailClaim | undefined;
  mfaAcrValues?: string[] | undefined;
  acceptWithoutMfa?: boolean | undefined;
  enabled?: boolean | undefined;
}

/** What an admin or the operator sees: everything but the secret. */
export type SsoConfigView = Omit<SsoConfigRecord, 'clientSecretSealed'> & { clientSecretSet: true };

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * An issuer is an https URL (plain http only on a loopback host, for a provider on the same machine), and for
 * Microsoft Entra ID a tenant's own: the multi-tenant `common`/`organizations`/`consumers` endpoints would let any
 * tenant's users in.
 */
export function normaliseIssuer(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The issuer must be a URL', details: { field: 'issuer' } });
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || url.search || url.hash || url.username || url.password) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The issuer must be an https URL without query or fragment', details: { field: 'issuer' } });
  }
  if (url.hostname === 'login.microsoftonline.com' && /^\/(common|organizations|consumers)(\/|$)/i.test(url.pathname)) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: "Use your tenant's own issuer (https://login.microsoftonline.com/TENANT-ID/v2.0)", details: { field: 'issuer' } });
  }
  // Kept exactly as given: the issuer identifier is compared character for character with discovery and `iss`.
  return input.trim();
}

function normaliseScopes(scopes: string[] | undefined): string {
  const list = [...new Set(['openid', 'email', 'profile', ...(scopes ?? [])].map((s) => s.trim()).filter(Boolean))];
  if (list.length > 20 || list.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(s))) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The scopes are invalid', details: { field: 'scopes' } });
  }
  return list.join(' ');
}

export function toSsoView(record: SsoConfigRecord): SsoConfigView {
  const { clientSecretSealed: _sealed, ...rest } = record;
  return { ...rest, clientSecretSet: true };
}

/**
 * Sets an organisation's provider. The issuer is checked by discovery (with the client id) before anything is
 * stored, so a typo fails here with a clear message rather than at a staff member's first sign-in.
 */
export async function setSsoConfig(ctx: SsoContext, orgId: string, input: SsoConfigInput, meta: RequestMeta | null, actor: string): Promise<SsoConfigView> {
  const org = await ctx.repos.organisations.get(orgId);
  if (!org) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such organisation' });
  const issuer = normaliseIssuer(input.issuer);
  const clientId = input.clientId.trim();
  if (!clientId || clientId.length > 500) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The client id is invalid', details: { field: 'clientId' } });
  const existing = await ctx.repos.sso.getConfig(orgId);
  const context = clientSecretContext(orgId);
  // The stored secret is kept only for the same provider and client: pointing it at another issuer would hand it
  // to that issuer's token endpoint, i.e. reveal a secret no API ever returns.
  const sameClient = existing?.issuer === issuer && existing.clientId === clientId;
  const clientSecret = input.clientSecret ?? (existing && sameClient ? ctx.secretSealer.open(existing.clientSecretSealed, context) : undefined);
  if (!clientSecret) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The client secret is required (for a new issuer or client id too)', details: { field: 'clientSecret' } });
  const mfaAcrValues = [...new Set((input.mfaAcrValues ?? existing?.mfaAcrValues ?? []).map((v) => v.trim()).filter(Boolean))];
  if (mfaAcrValues.length > 20 || mfaAcrValues.some((v) => v.length > 200)) throw new SealpostError('SP_ERR_VALIDATION', { details: { field: 'mfaAcrValues' } });
  await ctx.oidc.discover({ issuer, clientId, clientSecret });
  const now = ctx.clock.now();
  const record: SsoConfigRecord = {
    orgId,
    issuer,
    clientId,
    clientSecretSealed: ctx.secretSealer.seal(clientSecret, context),
    scopes: normaliseScopes(input.scopes ?? existing?.scopes.split(' ')),
    emailClaim: input.emailClaim ?? existing?.emailClaim ?? 'email',
    mfaAcrValues,
    acceptWithoutMfa: input.acceptWithoutMfa ?? existing?.acceptWithoutMfa ?? false,
    enabled: input.enabled ?? existing?.enabled ?? true,
    updatedAt: now,
  };
  await ctx.repos.transaction(async (tx) => {
    await tx.sso.putConfig(record);
    await audit(tx, now, meta, {
      orgId,
      action: 'sso.configured',
      actor,
      details: { issuer, clientId, emailClaim: record.emailClaim, acceptWithoutMfa: record.acceptWithoutMfa, enabled: record.enabled, secretChanged: input.clientSecret !== undefined },
    });
  });
  return toSsoView(record);
}

export async function getSsoConfig(ctx: SsoContext, orgId: string): Promise<SsoConfigView> {
  const record = await ctx.repos.sso.getConfig(orgId);
  if (!record) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Single sign-on is not set up' });
  return toSsoView(record);
}

/** Removes the provider; bindings stay, so re-adding the same provider keeps each user's subject guard. */
export async function deleteSsoConfig(ctx: SsoContext, orgId: string, meta: RequestMeta | null, actor: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.sso.deleteConfig(orgId))) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Single sign-on is not set up' });
    await audit(tx, now, meta, { orgId, action: 'sso.removed', actor, details: {} });
  });
}
