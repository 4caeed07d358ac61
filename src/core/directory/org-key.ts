import { audit } from '../audit/audit.ts';
import type { StaffPrincipal } from '../accounts/staff-sessions.ts';
import { SealpostError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';

/** What the organisation-key service needs. */
export interface OrgKeyContext {
  repos: Repositories;
  clock: Clock;
}

/** A member who has a personal key but no current wrap: a device holding the organisation key wraps it for them. */
export interface PendingMember {
  userId: string;
  email: string;
  publicKey: string;
}

/** What a member's device is told (docs/directory.md "Organisation-wide access codes"). */
export interface OrgKeyView {
  /** The caller's organisation: sealed codes and wraps are bound to it. */
  orgId: string;
  /** age1…, or null while the organisation has no key yet. */
  publicKey: string | null;
  /** This member's wrap (base64url age file to their current personal key), or null. */
  wrap: string | null;
  /** Members still waiting for a wrap; listed only to a member who holds one (only they can make one). */
  pending: PendingMember[];
}

/** age1… X25519 (62 characters): the only kind of organisation key (Debian's age opens it). */
export const X25519_RECIPIENT = /^age1[0-9a-z]{58}$/;
/** A wrap is an age file over ~200 bytes of JSON: a few hundred characters in base64url. */
const MAX_WRAP_LENGTH = 4096;

function needPersonalKey(staff: StaffPrincipal): string {
  if (!staff.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: 'Set up your personal key first', details: { reason: 'personal_key_missing' } });
  return staff.publicKey;
}

export function checkWrap(wrap: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(wrap) || wrap.length > MAX_WRAP_LENGTH) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Not a wrapped organisation key' });
}

async function pendingMembers(repos: Repositories, orgId: string): Promise<PendingMember[]> {
  const [users, wraps] = await Promise.all([repos.users.list(orgId), repos.orgKeys.listWraps(orgId)]);
  const current = new Map(wraps.map((w) => [w.userId, w.memberPublicKey]));
  return users
    .filter((u) => !u.disabled && u.publicKey !== null && current.get(u.id) !== u.publicKey)
    .map((u) => ({ userId: u.id, email: u.email, publicKey: u.publicKey as string }));
}

/** The member's view: the key, their own wrap if it is to their current personal key, and who still needs one. */
export async function getOrgKey(ctx: OrgKeyContext, staff: StaffPrincipal): Promise<OrgKeyView> {
  const key = await ctx.repos.orgKeys.get(staff.orgId);
  if (!key) return { orgId: staff.orgId, publicKey: null, wrap: null, pending: [] };
  const own = await ctx.repos.orgKeys.getWrap(staff.orgId, staff.userId);
  const wrap = own && staff.publicKey !== null && own.memberPublicKey === staff.publicKey ? own.wrap : null;
  return { orgId: staff.orgId, publicKey: key.publicKey, wrap, pending: wrap === null ? [] : await pendingMembers(ctx.repos, staff.orgId) };
}

/**
 * The first member who needs the key makes it on their device and sends its public half with their own wrap. A
 * second device racing to do the same is told 409 `org_key_exists` and fetches the key that won.
 */
export async function createOrgKey(ctx: OrgKeyContext, staff: StaffPrincipal, body: { publicKey: string; wrap: string }, meta: RequestMeta): Promise<void> {
  const memberPublicKey = needPersonalKey(staff);
  if (!X25519_RECIPIENT.test(body.publicKey)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The organisation key must be an age X25519 public key' });
  checkWrap(body.wrap);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.orgKeys.create({ orgId: staff.orgId, publicKey: body.publicKey, createdAt: now, createdBy: staff.email }))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'Your organisation has a key already', details: { reason: 'org_key_exists' } });
    }
    await tx.orgKeys.putWrap({ orgId: staff.orgId, userId: staff.userId, memberPublicKey, wrap: body.wrap, createdAt: now, createdBy: staff.email });
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'directory.org_key_created', actor: staff.email, details: { userId: staff.userId } });
  });
}

/**
 * A member's device that holds the key wraps it for colleagues the server listed as pending. Only a holder may (a
 * member without the key cannot have made a real wrap), and only to a colleague's current personal key.
 */
export async function addOrgKeyWraps(ctx: OrgKeyContext, staff: StaffPrincipal, wraps: Array<{ userId: string; publicKey: string; wrap: string }>, meta: RequestMeta): Promise<void> {
  const own = await getOrgKey(ctx, staff);
  if (own.publicKey === null) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Your organisation has no key yet' });
  if (own.wrap === null) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Only a member who holds the organisation key can pass it on', details: { reason: 'org_key_not_held' } });
  for (const w of wraps) checkWrap(w.wrap);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    for (const w of wraps) {
      const user = await tx.users.get(staff.orgId, w.userId);
      if (!user || user.disabled) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such member in your organisation', details: { userId: w.userId } });
      if (user.publicKey !== w.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: "The member's personal key has changed", details: { reason: 'member_key_changed', userId: w.userId } });
      await tx.orgKeys.putWrap({ orgId: staff.orgId, userId: w.userId, memberPublicKey: w.publicKey, wrap: w.wrap, createdAt: now, createdBy: staff.email });
      await audit(tx, now, meta, { orgId: staff.orgId, action: 'directory.org_key_wrapped', actor: staff.email, details: { userId: w.userId } });
    }
  });
}

/** A member leaves (disabled): their wrap goes, so the server no longer hands them the key. */
export async function removeOrgKeyWrap(tx: Repositories, p: { orgId: string; userId: string; actor: string; now: Date; meta: RequestMeta }): Promise<void> {
  if (await tx.orgKeys.removeWrap(p.orgId, p.userId)) {
    await audit(tx, p.now, p.meta, { orgId: p.orgId, action: 'directory.org_key_wrap_removed', actor: p.actor, details: { userId: p.userId } });
  }
}
