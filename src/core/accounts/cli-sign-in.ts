import { randomBytes } from '../../crypto/index.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newToken } from '../transfers/ids.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import type { AccountContext } from './context.ts';
import type { CliSignInRecord, PersonalTokenRecord } from './model.ts';
import { issuePersonalToken } from './personal-tokens.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

/**
 * The CLI's device sign-in (RFC 8628's shape, docs/accounts.md): the CLI starts a flow and shows a short user code;
 * the staff member, signed in in a browser, types that code on /cli/approve, checks where the request came from and
 * approves (after a re-authentication if none within 10 minutes); the CLI, polling with its secret device code, then
 * receives a personal token (scope `send`). The token is minted only when the CLI collects it, so it is never stored.
 */
export const cliSignInPolicy = {
  lifetimeMs: 10 * 60 * 1000,
  /** Seconds between the CLI's polls. */
  intervalSeconds: 2,
  startsPerClient: 10,
  startWindowMs: 15 * 60 * 1000,
  pollsPerFlow: 450,
  /** Code look-ups and decisions per staff member: 8 letters of 20 (≈ 2^34.6) stay unguessable at this rate. */
  lookupsPerUser: 30,
  lookupWindowMs: 15 * 60 * 1000,
  tokenDays: 90,
};

/** RFC 8628 §6.1: consonants only (no words), case-insensitive, no look-alikes. */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function newUserCode(): string {
  // 240 = 12 × 20: bytes from 240 up are drawn again, so every letter is equally likely.
  const out: string[] = [];
  while (out.length < 8) {
    for (const byte of randomBytes(16)) {
      if (byte < 240 && out.length < 8) out.push(ALPHABET[byte % 20] ?? '');
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4).join('')}`;
}

/** What a person typed (any case, with or without the dash or spaces), or undefined if it cannot be a user code. */
export function normaliseUserCode(input: string): string | undefined {
  const letters = input.toUpperCase().replace(/[\s-]/g, '');
  if (letters.length !== 8 || [...letters].some((c) => !ALPHABET.includes(c))) return undefined;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

const userCodeHash = (ctx: AccountContext, code: string) => ctx.secrets.digest('code', `cli-user:${code}`);
const deviceCodeHash = (ctx: AccountContext, code: string) => ctx.secrets.digest('token', `cli-device:${code}`);

export interface StartedCliSignIn {
  deviceCode: string;
  userCode: string;
  expiresAt: Date;
  intervalSeconds: number;
}

/** The CLI starts a sign-in: throttled per client, and the client's name (its host) is shown to the approver. */
export async function startCliSignIn(ctx: AccountContext, input: { clientName: string }, meta: RequestMeta): Promise<StartedCliSignIn> {
  const now = ctx.clock.now();
  await consumeLimits(ctx.repos, [{ key: `cli-sign-in:${clientBucket(meta.clientAddress)}`, max: cliSignInPolicy.startsPerClient, windowMs: cliSignInPolicy.startWindowMs }], now);
  const clientName = input.clientName.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64) || 'unknown host';
  const deviceCode = newToken();
  const expiresAt = new Date(now.getTime() + cliSignInPolicy.lifetimeMs);
  for (let attempt = 0; ; attempt++) {
    const userCode = newUserCode();
    const hash = userCodeHash(ctx, userCode);
    // A live flow with the same user code (one in 2^34 per pair) would make the code ambiguous: draw again.
    if ((await ctx.repos.cliSignIns.findByUserCode(hash)) && attempt < 5) continue;
    const flow: CliSignInRecord = {
      deviceCodeHash: deviceCodeHash(ctx, deviceCode), userCodeHash: hash, clientName, clientAddress: meta.clientAddress,
      createdAt: now, expiresAt, status: 'pending', userId: null, orgId: null, decidedAt: null,
    };
    await ctx.repos.cliSignIns.create(flow);
    return { deviceCode, userCode, expiresAt, intervalSeconds: cliSignInPolicy.intervalSeconds };
  }
}

export type PollResult = { status: 'pending' } | { status: 'approved'; token: string; record: PersonalTokenRecord; email: string };

/**
 * The CLI asks whether its sign-in was decided. Approved: the token is minted now, once. Denied, expired or already
 * collected: refused with a reason the CLI words for the user.
 */
export async function pollCliSignIn(ctx: AccountContext, deviceCode: string, meta: RequestMeta): Promise<PollResult> {
  const now = ctx.clock.now();
  const hash = deviceCodeHash(ctx, deviceCode);
  const flow = await ctx.repos.cliSignIns.findByDeviceCode(hash);
  if (!flow) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Unknown sign-in request', details: { reason: 'unknown' } });
  await consumeLimits(ctx.repos, [{ key: `cli-poll:${hash}`, max: cliSignInPolicy.pollsPerFlow, windowMs: cliSignInPolicy.lifetimeMs }], now);
  if (flow.status === 'denied') throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'The sign-in was denied in the browser', details: { reason: 'denied' } });
  if (flow.status === 'consumed') throw new SealpostError('SP_ERR_GONE', { message: 'This sign-in was completed already', details: { reason: 'used' } });
  if (now >= flow.expiresAt) throw new SealpostError('SP_ERR_GONE', { message: 'The sign-in code expired before it was approved', details: { reason: 'expired' } });
  if (flow.status === 'pending' || !flow.userId || !flow.orgId) return { status: 'pending' };
  const { userId, orgId } = flow;
  const user = await ctx.repos.users.get(orgId, userId);
  if (!user) throw new SealpostError('SP_ERR_GONE', { message: 'The account that approved this sign-in no longer exists', details: { reason: 'expired' } });
  return ctx.repos.transaction(async (tx) => {
    if (!(await tx.cliSignIns.consume(hash))) throw new SealpostError('SP_ERR_GONE', { message: 'This sign-in was completed already', details: { reason: 'used' } });
    const issued = await issuePersonalToken(tx, ctx, { userId, orgId, actor: user.email }, { name: `CLI on ${flow.clientName}`, expiresInDays: cliSignInPolicy.tokenDays, scopes: ['send'] }, meta, 'cli-sign-in');
    return { status: 'approved' as const, ...issued, email: user.email };
  });
}

const noSuchCode = () => new SealpostError('SP_ERR_NOT_FOUND', { message: 'No sign-in is waiting for this code. Check the code in your terminal; it is valid for 10 minutes.', details: { reason: 'unknown_code' } });

async function pendingFlow(ctx: AccountContext, staff: StaffPrincipal, userCode: string): Promise<{ flow: CliSignInRecord; hash: string }> {
  if (staff.token) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Approve a sign-in in the browser' });
  const now = ctx.clock.now();
  // Counted before the look-up: a signed-in account cannot be used to try codes quickly.
  await consumeLimits(ctx.repos, [{ key: `cli-lookup:${staff.userId}`, max: cliSignInPolicy.lookupsPerUser, windowMs: cliSignInPolicy.lookupWindowMs }], now);
  const code = normaliseUserCode(userCode);
  if (!code) throw noSuchCode();
  const hash = userCodeHash(ctx, code);
  const flow = await ctx.repos.cliSignIns.findByUserCode(hash);
  if (!flow || flow.status !== 'pending' || now >= flow.expiresAt) throw noSuchCode();
  return { flow, hash };
}

/** What the approver sees before deciding: the host name the CLI gave, where the request came from, and when. */
export async function describeCliSignIn(ctx: AccountContext, staff: StaffPrincipal, userCode: string): Promise<Pick<CliSignInRecord, 'clientName' | 'clientAddress' | 'createdAt' | 'expiresAt'>> {
  const { flow } = await pendingFlow(ctx, staff, userCode);
  return { clientName: flow.clientName, clientAddress: flow.clientAddress, createdAt: flow.createdAt, expiresAt: flow.expiresAt };
}

/** Approve (needs a re-authentication within 10 minutes: it creates a credential) or deny; decided once, audited. */
export async function decideCliSignIn(ctx: AccountContext, staff: StaffPrincipal, userCode: string, approve: boolean, meta: RequestMeta): Promise<void> {
  if (approve) assertRecentlyAuthenticated(ctx, staff);
  const { flow, hash } = await pendingFlow(ctx, staff, userCode);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.cliSignIns.decide(hash, { status: approve ? 'approved' : 'denied', userId: staff.userId, orgId: staff.orgId, now }))) throw noSuchCode();
    await audit(tx, now, meta, {
      orgId: staff.orgId, action: approve ? 'account.cli_sign_in_approved' : 'account.cli_sign_in_denied', actor: staff.email,
      details: { userId: staff.userId, clientName: flow.clientName, requestedFrom: flow.clientAddress },
    });
  });
}
