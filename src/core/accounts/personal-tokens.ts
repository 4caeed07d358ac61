import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId, newToken } from '../transfers/ids.ts';
import { assertWithinLimits, consumeLimits } from '../transfers/rate-limits.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { AccountContext } from './context.ts';
import type { PersonalTokenRecord, TokenScope } from './model.ts';
import { assertRecentlyAuthenticated, isEnrolled, staffPrincipal, type StaffPrincipal } from './staff-sessions.ts';

/**
 * Personal access tokens (docs/accounts.md, "CLI and personal tokens"): a staff member's credential for scripts and
 * the CLI, sent as `Authorization: Bearer sppat_…`. The prefix (and the length) tell it apart from guest and recipient
 * tokens, which are 43 plain base64url characters, so neither is ever looked up as the other. Stored only as a keyed
 * digest, like session tokens; shown once.
 */
export const TOKEN_PREFIX = 'sppat_';
export const TOKEN_SCOPES: readonly TokenScope[] = ['send'];
const TOKEN_SHAPE = /^sppat_[A-Za-z0-9_-]{43}$/;

export const tokenLimits = {
  /** Live tokens per user: plenty for scripts and machines, a bound on what a stolen session could mint. */
  perUser: 50,
  maxDays: 366,
  /** Failed token uses per client (IPv6 /64) before it is refused without a lookup. */
  failuresPerClient: 30,
  failureWindowMs: 15 * 60 * 1000,
  /** `last used` is written at most this often per token. */
  touchGapMs: 60 * 1000,
};

/** A token without an expiry still needs a date for the sender principal's informational `expiresAt`. */
const NO_EXPIRY = new Date('9999-12-31T00:00:00.000Z');

export function isPersonalToken(value: string | undefined): value is string {
  return value !== undefined && value.startsWith(TOKEN_PREFIX);
}

export interface NewTokenInput {
  name: string;
  /** null or undefined: no expiry. */
  expiresInDays?: number | null | undefined;
  scopes: TokenScope[];
}

function cleanName(name: string): string {
  const trimmed = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new SealpostError('SP_ERR_VALIDATION', { message: 'A token needs a name of 1 to 100 characters' });
  return trimmed;
}

/**
 * Mints a token for a user inside the caller's transaction (the API route and the CLI's approved device sign-in) and
 * audits it. The token itself is returned once and never stored.
 */
export async function issuePersonalToken(
  tx: Repositories,
  ctx: AccountContext,
  owner: { userId: string; orgId: string; actor: string },
  input: NewTokenInput,
  meta: RequestMeta,
  via: 'api' | 'cli-sign-in',
): Promise<{ token: string; record: PersonalTokenRecord }> {
  const now = ctx.clock.now();
  const days = input.expiresInDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > tokenLimits.maxDays)) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `A token expires after 1 to ${tokenLimits.maxDays} days, or never` });
  }
  if (input.scopes.length === 0 || input.scopes.some((s) => !TOKEN_SCOPES.includes(s))) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Unknown token scope' });
  if ((await tx.personalTokens.listForUser(owner.userId)).length >= tokenLimits.perUser) {
    throw new SealpostError('SP_ERR_CONFLICT', { message: `You have ${tokenLimits.perUser} personal tokens already; revoke one first`, details: { reason: 'too_many_tokens' } });
  }
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const record: PersonalTokenRecord = {
    tokenHash: ctx.secrets.digest('token', token),
    id: newPublicId(),
    userId: owner.userId,
    orgId: owner.orgId,
    name: cleanName(input.name),
    scopes: [...new Set(input.scopes)],
    createdAt: now,
    expiresAt: days === null ? null : new Date(now.getTime() + days * 24 * 3600 * 1000),
    lastUsedAt: null,
    revokedAt: null,
  };
  await tx.personalTokens.create(record);
  await audit(tx, now, meta, {
    orgId: owner.orgId, action: 'account.token_created', actor: owner.actor,
    details: { userId: owner.userId, tokenId: record.id, scopes: record.scopes, via, ...(days === null ? {} : { expiresInDays: days }) },
  });
  return { token, record };
}

/** A signed-in staff member creates a token; it is a credential that skips the second factor, so it needs a recent re-authentication. */
export async function createPersonalToken(ctx: AccountContext, staff: StaffPrincipal, input: NewTokenInput, meta: RequestMeta): Promise<{ token: string; record: PersonalTokenRecord }> {
  if (staff.token) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'A personal access token cannot create tokens' });
  assertRecentlyAuthenticated(ctx, staff);
  return ctx.repos.transaction((tx) => issuePersonalToken(tx, ctx, { userId: staff.userId, orgId: staff.orgId, actor: staff.email }, input, meta, 'api'));
}

export function listPersonalTokens(ctx: AccountContext, staff: StaffPrincipal): Promise<PersonalTokenRecord[]> {
  return ctx.repos.personalTokens.listForUser(staff.userId);
}

export async function revokePersonalToken(ctx: AccountContext, staff: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    const revoked = await tx.personalTokens.revoke(staff.userId, id, now);
    if (!revoked) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such token' });
    await audit(tx, now, meta, {
      orgId: staff.orgId, action: 'account.token_revoked', actor: staff.email,
      details: { userId: staff.userId, tokenId: id, reason: staff.token?.id === id ? 'self' : 'user' },
    });
  });
}

/** Every token of a user ends when an admin resets their factor or disables them (inside the admin's transaction). */
export async function revokeAllPersonalTokens(tx: Repositories, now: Date, meta: RequestMeta, target: { userId: string; orgId: string }, actor: string, reason: 'factor_reset' | 'disabled'): Promise<void> {
  const count = await tx.personalTokens.revokeForUser(target.userId, now);
  if (count > 0) await audit(tx, now, meta, { orgId: target.orgId, action: 'account.token_revoked', actor, details: { userId: target.userId, count, reason } });
}

const failureLimit = (meta: RequestMeta) => [{ key: `token-fail-client:${clientBucket(meta.clientAddress)}`, max: tokenLimits.failuresPerClient, windowMs: tokenLimits.failureWindowMs }];

async function refuse(ctx: AccountContext, meta: RequestMeta, record: PersonalTokenRecord | undefined, reason: string): Promise<never> {
  const now = ctx.clock.now();
  await consumeLimits(ctx.repos, failureLimit(meta), now).catch(() => undefined);
  await audit(ctx.repos, now, meta, {
    ...(record ? { orgId: record.orgId } : {}),
    action: 'account.token_use_failed', actor: record ? `token:${record.id}` : 'unknown',
    details: { reason, ...(record ? { userId: record.userId, tokenId: record.id } : {}) },
  });
  throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: reason === 'unknown' ? 'The personal access token is not valid' : 'The personal access token was revoked or has expired; sign in again' });
}

/**
 * The staff member behind a personal token, or SP_ERR_UNAUTHORIZED (audited). A client that failed too often is
 * refused before any lookup. Disabled and locked users, and tokens of a deleted organisation, are refused too.
 */
export async function authenticatePersonalToken(ctx: AccountContext, token: string, meta: RequestMeta): Promise<StaffPrincipal> {
  const now = ctx.clock.now();
  await assertWithinLimits(ctx.repos, failureLimit(meta), now);
  if (!TOKEN_SHAPE.test(token)) return refuse(ctx, meta, undefined, 'unknown');
  const tokenHash = ctx.secrets.digest('token', token);
  const record = await ctx.repos.personalTokens.find(tokenHash);
  if (!record) return refuse(ctx, meta, undefined, 'unknown');
  if (record.revokedAt) return refuse(ctx, meta, record, 'revoked');
  if (record.expiresAt && now >= record.expiresAt) return refuse(ctx, meta, record, 'expired');
  const [org, user] = await Promise.all([ctx.repos.organisations.get(record.orgId), ctx.repos.users.get(record.orgId, record.userId)]);
  if (!org || !user) return refuse(ctx, meta, record, 'organisation');
  if (user.disabled) return refuse(ctx, meta, record, 'disabled');
  if (user.lockedAt) return refuse(ctx, meta, record, 'locked');
  if (!(await isEnrolled(ctx, user))) return refuse(ctx, meta, record, 'not_enrolled');
  await ctx.repos.personalTokens.touch(tokenHash, now, tokenLimits.touchGapMs);
  return staffPrincipal(user, org, {
    enrolled: true,
    sessionId: '',
    sessionTokenHash: tokenHash,
    // Never: whatever needs a recent re-authentication refuses a token even if a route forgot to.
    reauthenticatedAt: new Date(0),
    sessionExpiresAt: record.expiresAt ?? NO_EXPIRY,
    token: { id: record.id, name: record.name, scopes: record.scopes },
  });
}

/** A route that takes tokens names the scope it needs; any other use is refused and audited. */
export async function assertTokenScope(ctx: AccountContext, staff: StaffPrincipal, accepted: readonly TokenScope[] | 'any' | 'none', meta: RequestMeta): Promise<void> {
  if (!staff.token) return;
  if (accepted === 'any' || (accepted !== 'none' && staff.token.scopes.some((s) => accepted.includes(s)))) return;
  await audit(ctx.repos, ctx.clock.now(), meta, {
    orgId: staff.orgId, action: 'account.token_use_failed', actor: staff.email,
    details: { reason: 'scope', userId: staff.userId, tokenId: staff.token.id },
  });
  throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'A personal access token cannot be used for this; sign in in the browser' });
}
