import { audit } from '../audit/audit.ts';
import { assertOrgAdmin } from '../accounts/org-admin.ts';
import type { StaffPrincipal } from '../accounts/staff-sessions.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { checkWrap, getOrgKey, X25519_RECIPIENT, type OrgKeyContext, type PendingMember } from './org-key.ts';

/** What an admin's device needs to rotate: the current key, every sealed code, and every member to wrap for. */
export interface RotationSource {
  publicKey: string | null;
  codes: Array<{ entryId: string; email: string; codeSealed: string }>;
  /** Enabled members with a personal key: each gets a wrap of the new key. */
  members: PendingMember[];
}

export interface Rotation {
  previousPublicKey: string;
  publicKey: string;
  wraps: Array<{ userId: string; publicKey: string; wrap: string }>;
  codes: Array<{ entryId: string; codeSealed: string }>;
}

async function membersWithKeys(repos: Repositories, orgId: string): Promise<PendingMember[]> {
  return (await repos.users.list(orgId)).filter((u) => !u.disabled && u.publicKey !== null).map((u) => ({ userId: u.id, email: u.email, publicKey: u.publicKey as string }));
}

export async function rotationSource(ctx: OrgKeyContext, staff: StaffPrincipal): Promise<RotationSource> {
  assertOrgAdmin(staff);
  const key = await ctx.repos.orgKeys.get(staff.orgId);
  const codes = await ctx.repos.directory.sealedCodes(staff.orgId);
  return { publicKey: key?.publicKey ?? null, codes: codes.map((c) => ({ entryId: c.id, email: c.email, codeSealed: c.codeSealed })), members: await membersWithKeys(ctx.repos, staff.orgId) };
}

function checkRotationWraps(rotation: Rotation, members: PendingMember[], staff: StaffPrincipal): void {
  const current = new Map(members.map((m) => [m.userId, m.publicKey]));
  for (const w of rotation.wraps) {
    checkWrap(w.wrap);
    if (!current.has(w.userId)) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such member in your organisation', details: { userId: w.userId } });
    if (current.get(w.userId) !== w.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: "The member's personal key has changed", details: { reason: 'member_key_changed', userId: w.userId } });
  }
  // Everyone who can hold the key gets it; a member left out would lose the codes until someone wraps for them.
  const wrapped = new Set(rotation.wraps.map((w) => w.userId));
  const missing = members.filter((m) => !wrapped.has(m.userId)).map((m) => m.userId);
  if (missing.length > 0 || !wrapped.has(staff.userId)) throw new SealpostError('SP_ERR_CONFLICT', { message: 'Wrap the new key for every member', details: { reason: 'members_changed', missing } });
}

/**
 * Replaces the organisation key (docs/directory.md, "Rotation"): the admin's device made a new key, re-sealed every
 * code it could open and wrapped the key for every current member. All of it lands at once, and only if the key is
 * still the one the device rotated from; the old wraps go, and codes the device did not re-seal are cleared.
 */
export async function rotateOrgKey(ctx: OrgKeyContext, staff: StaffPrincipal, rotation: Rotation, meta: RequestMeta): Promise<{ cleared: number }> {
  assertOrgAdmin(staff);
  if (!X25519_RECIPIENT.test(rotation.publicKey) || rotation.publicKey === rotation.previousPublicKey) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The new organisation key must be a new age X25519 public key' });
  }
  for (const c of rotation.codes) checkWrap(c.codeSealed);
  const held = await getOrgKey(ctx, staff);
  if (held.publicKey === null) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Your organisation has no key yet' });
  if (held.wrap === null) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Only an admin who holds the organisation key can rotate it', details: { reason: 'org_key_not_held' } });
  const now = ctx.clock.now();
  return ctx.repos.transaction(async (tx) => {
    checkRotationWraps(rotation, await membersWithKeys(tx, staff.orgId), staff);
    if (!(await tx.orgKeys.rotate({ orgId: staff.orgId, publicKey: rotation.publicKey, createdAt: now, createdBy: staff.email }, rotation.previousPublicKey))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'The organisation key changed meanwhile: start again', details: { reason: 'org_key_changed' } });
    }
    for (const w of rotation.wraps) await tx.orgKeys.putWrap({ orgId: staff.orgId, userId: w.userId, memberPublicKey: w.publicKey, wrap: w.wrap, createdAt: now, createdBy: staff.email });
    const cleared = await tx.directory.replaceSealedCodes(staff.orgId, new Map(rotation.codes.map((c) => [c.entryId, c.codeSealed])));
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'directory.org_key_rotated', actor: staff.email, details: { members: rotation.wraps.length, codes: rotation.codes.length, cleared } });
    return { cleared };
  });
}
