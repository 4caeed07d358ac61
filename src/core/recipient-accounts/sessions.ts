import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newToken } from '../transfers/ids.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';
import type { RecipientAccountRecord } from './model.ts';

/** Bearer tokens of registered recipients carry this prefix, so a request's kind of credential is visible. */
export const ACCOUNT_TOKEN_PREFIX = 'spra_';

export interface RecipientAccountPrincipal {
  kind: 'recipientAccount';
  account: RecipientAccountRecord;
  tokenHash: string;
  /** When the session began: a young session counts as a fresh sign-in for passkey changes. */
  sessionCreatedAt: Date;
  sessionExpiresAt: Date;
}

export function isAccountToken(token: string | undefined): token is string {
  return token?.startsWith(ACCOUNT_TOKEN_PREFIX) ?? false;
}

/** A new session in `tx`: the token goes to the client, only its keyed digest is stored. */
export async function startAccountSession(ctx: RecipientAccountContext, tx: Repositories, account: RecipientAccountRecord, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = ACCOUNT_TOKEN_PREFIX + newToken();
  const expiresAt = new Date(now.getTime() + limits.sessionHours * 3600 * 1000);
  await tx.recipientAccountSessions.create({ tokenHash: ctx.secrets.digest('token', token), accountId: account.id, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function authenticateAccount(ctx: RecipientAccountContext, token: string | undefined): Promise<RecipientAccountPrincipal> {
  if (!isAccountToken(token)) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  const tokenHash = ctx.secrets.digest('token', token);
  const session = await ctx.repos.recipientAccountSessions.find(tokenHash, ctx.clock.now());
  const account = session && (await ctx.repos.recipientAccounts.get(session.accountId));
  if (!session || !account) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return { kind: 'recipientAccount', account, tokenHash, sessionCreatedAt: session.createdAt, sessionExpiresAt: session.expiresAt };
}

export async function signOutAccount(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal, meta: RequestMeta): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    await tx.recipientAccountSessions.delete(principal.tokenHash);
    await audit(tx, now, meta, { action: 'recipient_account.signed_out', actor: principal.account.email, details: { accountId: principal.account.id } });
  });
}

/** What the account's owner sees of it (never the hash, the sealed secret or the wrapped identity). */
export function accountView(account: RecipientAccountRecord) {
  return {
    email: account.email,
    publicKey: account.publicKey,
    createdAt: account.createdAt,
    keyCreatedAt: account.keyCreatedAt,
    hasSecondFactor: account.totpEnrolledAt !== null,
    lang: account.lang,
  };
}
export type AccountView = ReturnType<typeof accountView>;
