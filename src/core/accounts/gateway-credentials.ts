import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId, newToken } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import { staffPrincipal, type StaffPrincipal } from './staff-sessions.ts';

/**
 * The mail gateway's credential (docs/gateway/portal.md): the gateway runs inside `sealpost serve` and sends as the
 * staff member through the one send pipeline (src/client/send.ts) against this process's own HTTP listener. For that
 * it mints a bearer token per mail, `spgw_…`, that lives only in this process's memory (never stored, never logged),
 * maps to one staff member, carries only the `send` scope, is accepted only from a loopback peer, expires after a few
 * minutes and is revoked as soon as the send is done. Another process (a second server behind the same database)
 * does not know it, so a stolen one is useless outside this machine and this process.
 */
export const GATEWAY_TOKEN_PREFIX = 'spgw_';
const TOKEN_SHAPE = /^spgw_[A-Za-z0-9_-]{43}$/;
/** Long enough to upload a large attachment over loopback (each request is authenticated when it starts). */
export const GATEWAY_TOKEN_TTL_MS = 5 * 60 * 1000;

export function isGatewayToken(value: string | undefined): value is string {
  return value !== undefined && value.startsWith(GATEWAY_TOKEN_PREFIX);
}

export interface GatewayGrant {
  /** The bearer token; secret, held only by the caller for the duration of one send. */
  token: string;
  /** Ends the grant at once (idempotent). */
  revoke(): void;
}

interface Entry {
  id: string;
  userId: string;
  orgId: string;
  expiresAt: Date;
}

export interface GatewayCredentials {
  /** A fresh credential for one staff member; `now` from the caller's clock. */
  mint(owner: { userId: string; orgId: string }, now: Date, ttlMs?: number): GatewayGrant;
  /** The live grant behind a token, or why there is none. Expired grants are forgotten here. */
  lookup(token: string, now: Date): Entry | 'unknown' | 'expired';
  /** How many grants are live (tests: every send revokes its own). */
  size(): number;
}

/** The map lives in this process's memory only (never in the database), so the token itself can be its key. */
export function createGatewayCredentials(): GatewayCredentials {
  const grants = new Map<string, Entry>();
  return {
    mint(owner, now, ttlMs = GATEWAY_TOKEN_TTL_MS) {
      const token = `${GATEWAY_TOKEN_PREFIX}${newToken()}`;
      grants.set(token, { id: `gateway-${newPublicId()}`, userId: owner.userId, orgId: owner.orgId, expiresAt: new Date(now.getTime() + ttlMs) });
      return { token, revoke: () => void grants.delete(token) };
    },
    lookup(token, now) {
      const entry = grants.get(token);
      if (!entry) return 'unknown';
      if (now >= entry.expiresAt) {
        grants.delete(token);
        return 'expired';
      }
      return entry;
    },
    size: () => grants.size,
  };
}

/** IPv4 and IPv6 loopback, including the IPv4-mapped form Node reports on a dual-stack socket. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

async function refuse(ctx: AccountContext, meta: RequestMeta, reason: string, entry?: Entry): Promise<never> {
  await audit(ctx.repos, ctx.clock.now(), meta, {
    ...(entry ? { orgId: entry.orgId } : {}),
    action: 'account.token_use_failed', actor: entry ? `token:${entry.id}` : 'unknown',
    details: { reason, via: 'gateway', ...(entry ? { userId: entry.userId } : {}) },
  });
  throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'The gateway credential is not valid' });
}

/**
 * The staff member behind a gateway credential, or SP_ERR_UNAUTHORIZED (audited). `peer` is the socket's own remote
 * address (never X-Forwarded-For): the credential is refused from anything but loopback. The principal carries a
 * token marker with only the `send` scope, so every route that does not take `send` tokens refuses it
 * (assertTokenScope), and whatever needs a recent re-authentication refuses it too.
 */
export async function authenticateGatewayCredential(ctx: AccountContext, token: string, peer: string | undefined, meta: RequestMeta): Promise<StaffPrincipal> {
  const store = ctx.gatewayCredentials;
  if (!store || !TOKEN_SHAPE.test(token)) return refuse(ctx, meta, 'unknown');
  const found = store.lookup(token, ctx.clock.now());
  if (found === 'unknown' || found === 'expired') return refuse(ctx, meta, found);
  if (!isLoopback(peer)) return refuse(ctx, meta, 'not_loopback', found);
  const [org, user] = await Promise.all([ctx.repos.organisations.get(found.orgId), ctx.repos.users.get(found.orgId, found.userId)]);
  if (!org || !user) return refuse(ctx, meta, 'organisation', found);
  if (user.disabled) return refuse(ctx, meta, 'disabled', found);
  if (user.lockedAt) return refuse(ctx, meta, 'locked', found);
  // No second-factor enrolment is required: the gateway speaks for a staff member whose mail server authenticated
  // the submission, who may never have opened the web app. Disabled and locked accounts are refused above.
  return staffPrincipal(user, org, {
    enrolled: true,
    sessionId: '',
    sessionTokenHash: '',
    reauthenticatedAt: new Date(0),
    sessionExpiresAt: found.expiresAt,
    token: { id: found.id, name: 'mail gateway', scopes: ['send'] },
  });
}

/** Whether a principal was established by a gateway credential (the transfer's audit says `via: 'gateway'`). */
export function viaGateway(staff: StaffPrincipal): boolean {
  return staff.token?.id.startsWith('gateway-') === true;
}
