import { isUsableRecoveryRecipient } from '../../crypto/index.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import type { KeyEscrow, KeyRecoveryPolicy, UserRecord } from './model.ts';
import { destroyEscrowKey, ensureEscrowKey, openSealedEscrow, sealEscrow } from './escrow-seal.ts';
import { assertOrgAdmin } from './org-admin.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

/**
 * The organisation recovery key (docs/accounts.md, "Organisation recovery key"): the organisation chooses between
 * loss and an offline recovery key; under the key, each personal key is also stored as an escrow made on the user's
 * device (an age file the server cannot open), a replaced key is archived with its escrow, and an admin's browser
 * restores archived keys to the user's current key. The server only checks who may do what and which recipient an
 * escrow is for; it never sees a recovery secret or an identity.
 */

export type KeyRecoveryChoice = { policy: 'loss' } | { policy: 'org-key'; recoveryPublicKey: string };

/** Validates a choice before anything is written (the CLI's create-org checks it before creating the organisation). */
export async function checkKeyRecoveryChoice(choice: KeyRecoveryChoice): Promise<KeyRecoveryChoice> {
  if (choice.policy === 'loss') return { policy: 'loss' };
  const recipient = choice.recoveryPublicKey.trim();
  if (!(await isUsableRecoveryRecipient(recipient))) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The recovery public key must be an age X25519 recipient (age1…, as age-keygen prints it)', details: { field: 'recoveryPublicKey' } });
  }
  return { policy: 'org-key', recoveryPublicKey: recipient };
}

/**
 * Records a (checked) choice in the caller's transaction and audits it. Switching to loss deletes every escrow of the
 * organisation; a different recovery key deletes the escrows to the old one. Archived keys left with neither escrow
 * nor restore go with them. Returns what was deleted, or undefined when the choice was already in force.
 */
export async function applyKeyRecoveryChoice(tx: Repositories, orgId: string, choice: KeyRecoveryChoice, actor: string, now: Date, meta: RequestMeta | null): Promise<{ escrows: number; archived: number; previousRecoveryPublicKey: string | null } | undefined> {
  const before = await tx.keyRecovery.getPolicy(orgId, 'update');
  const recoveryPublicKey = choice.policy === 'org-key' ? choice.recoveryPublicKey : null;
  if (before.policy === choice.policy && before.recoveryPublicKey === recoveryPublicKey) return undefined;
  await tx.keyRecovery.setPolicy(orgId, { policy: choice.policy, recoveryPublicKey, chosenAt: now, chosenBy: actor });
  const deleted = await tx.keyRecovery.dropEscrows(orgId, recoveryPublicKey);
  await audit(tx, now, meta, {
    orgId, action: 'org.key_recovery_changed', actor,
    details: { policy: choice.policy, recoveryPublicKey, previousPolicy: before.policy, previousRecoveryPublicKey: before.recoveryPublicKey, escrowsDeleted: deleted.escrows, archivedKeysDeleted: deleted.archived },
  });
  return { ...deleted, previousRecoveryPublicKey: before.recoveryPublicKey };
}

/** What every staff member's device needs to know: whether to escrow, and to which recipient. */
export async function keyRecoveryForStaff(ctx: AccountContext, staff: StaffPrincipal): Promise<{ policy: KeyRecoveryPolicy['policy']; recoveryPublicKey: string | null }> {
  const p = await ctx.repos.keyRecovery.getPolicy(staff.orgId);
  return { policy: p.policy, recoveryPublicKey: p.recoveryPublicKey };
}

export interface OrgKeyRecoveryView extends KeyRecoveryPolicy {
  /** Users with a personal key. */
  staff: number;
  /** …whose current key has an escrow to the current recovery key. */
  escrowed: number;
  /** Archived keys with an escrow and no restore for their user's current key. */
  awaitingRestore: number;
}

export async function orgKeyRecovery(ctx: AccountContext, staff: StaffPrincipal): Promise<OrgKeyRecoveryView> {
  assertOrgAdmin(staff);
  const p = await ctx.repos.keyRecovery.getPolicy(staff.orgId);
  const c = await ctx.repos.keyRecovery.counts(staff.orgId, p.policy === 'org-key' ? p.recoveryPublicKey : null);
  return { ...p, staff: c.staff, escrowed: c.escrowed, awaitingRestore: c.awaitingRestore };
}

/** An admin chooses (or changes) the policy: a recent re-authentication, audited; deleted escrows are erased from the files. */
export async function setKeyRecoveryPolicy(ctx: AccountContext, staff: StaffPrincipal, choice: KeyRecoveryChoice, meta: RequestMeta): Promise<OrgKeyRecoveryView> {
  assertOrgAdmin(staff);
  assertRecentlyAuthenticated(ctx, staff);
  const checked = await checkKeyRecoveryChoice(choice);
  const deleted = await ctx.repos.transaction((tx) => applyKeyRecoveryChoice(tx, staff.orgId, checked, staff.email, ctx.clock.now(), meta));
  // The escrows to the old key now open with nothing, whatever copies the database files still hold.
  const previous = deleted?.previousRecoveryPublicKey;
  if (previous && previous !== (checked.policy === 'org-key' ? checked.recoveryPublicKey : null)) await destroyEscrowKey(ctx, staff.orgId, previous);
  if (deleted && deleted.escrows > 0) await ctx.repos.keyRecovery.eraseFreedSpace();
  return orgKeyRecovery(ctx, staff);
}

/** Per user of the admin's organisation: archived keys waiting for a restore (the console's user list). */
export async function awaitingRestoreByUser(ctx: AccountContext, staff: StaffPrincipal): Promise<Map<string, number>> {
  assertOrgAdmin(staff);
  return (await ctx.repos.keyRecovery.counts(staff.orgId, null)).awaitingByUser;
}

/**
 * The escrow to store with a personal key (storePersonalKey's transaction), failing closed: under 'org-key' a key needs
 * an escrow to the current recovery key (an unchanged key may keep the one it has); elsewhere none is accepted.
 * Returns the escrow to store, null to store none, or 'keep'.
 */
export async function escrowForStore(tx: Repositories, staff: StaffPrincipal, key: { publicKey: string } & Partial<KeyEscrow>): Promise<KeyEscrow | null | 'keep'> {
  const policy = await tx.keyRecovery.getPolicy(staff.orgId, 'share');
  const given = escrowOf(key);
  if (given) {
    assertCurrentRecipient(policy, given.escrowRecipient);
    return given;
  }
  if (policy.policy !== 'org-key') return null;
  const current = await tx.keyRecovery.getEscrow(staff.orgId, staff.userId);
  if (staff.publicKey === key.publicKey && current?.escrowRecipient === policy.recoveryPublicKey) return 'keep';
  throw new SealpostError('SP_ERR_KEY_ESCROW_REQUIRED', { message: 'Your organisation keeps a recovery key: store your personal key together with an escrow to it (an age file made on your device)' });
}

function escrowOf(key: Partial<KeyEscrow>): KeyEscrow | undefined {
  if (key.escrow === undefined && key.escrowRecipient === undefined) return undefined;
  if (key.escrow === undefined || key.escrowRecipient === undefined) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Give the escrow together with the recipient it was made for', details: { field: 'escrow' } });
  return { escrow: key.escrow, escrowRecipient: key.escrowRecipient };
}

function assertCurrentRecipient(policy: KeyRecoveryPolicy, recipient: string): void {
  if (policy.policy === 'org-key' && policy.recoveryPublicKey === recipient) return;
  const message = policy.policy === 'org-key'
    ? "The escrow is made for another recovery key than your organisation's current one: make it again for the current key"
    : 'Your organisation keeps no recovery key: store your personal key without an escrow';
  throw new SealpostError('SP_ERR_KEY_ESCROW_STALE', { message, details: { recoveryPublicKey: policy.recoveryPublicKey } });
}

/** Moves the user's replaced key into the archive, with its escrow; without an escrow the old key is simply gone (loss). */
export async function archiveReplacedKey(tx: Repositories, staff: StaffPrincipal, now: Date): Promise<boolean> {
  const escrow = await tx.keyRecovery.getEscrow(staff.orgId, staff.userId);
  if (!staff.publicKey || !escrow) return false;
  await tx.keyRecovery.archive({
    orgId: staff.orgId, userId: staff.userId, publicKey: staff.publicKey, ...escrow, archivedAt: now, reason: 'replaced',
    restoredWrap: null, restoredToPublicKey: null, restoredAt: null,
  });
  return true;
}

/** Catch-up: the escrow of a key stored before the policy or before a rotation. */
export async function storeKeyEscrow(ctx: AccountContext, staff: StaffPrincipal, input: { publicKey: string } & KeyEscrow, meta: RequestMeta): Promise<void> {
  await ensureEscrowKey(ctx, staff.orgId, input.escrowRecipient);
  await ctx.repos.transaction(async (tx) => {
    assertCurrentRecipient(await tx.keyRecovery.getPolicy(staff.orgId, 'share'), input.escrowRecipient);
    const user = await tx.users.get(staff.orgId, staff.userId);
    if (!user?.publicKey || user.publicKey !== input.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This is not your current personal key: load your key again' });
    const sealed = await sealEscrow(ctx, { orgId: staff.orgId, userId: staff.userId, publicKey: input.publicKey }, input.escrow, input.escrowRecipient);
    await tx.keyRecovery.setEscrow(staff.orgId, staff.userId, { escrow: sealed, escrowRecipient: input.escrowRecipient });
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'account.key_escrowed', actor: staff.email, details: { userId: staff.userId, recoveryPublicKey: input.escrowRecipient } });
  });
}

/** The restored wraps made for the user's current key (opened on their device at unlock). */
export async function restoredKeysOf(ctx: AccountContext, staff: StaffPrincipal, publicKey: string): Promise<Array<{ publicKey: string; wrapped: string }>> {
  return ctx.repos.keyRecovery.restoredFor(staff.orgId, staff.userId, publicKey);
}

async function userForRecovery(ctx: AccountContext, staff: StaffPrincipal, userId: string): Promise<UserRecord> {
  assertOrgAdmin(staff);
  // Escrows plus the offline recovery key open a user's old messages: a stolen admin session alone must not be enough.
  assertRecentlyAuthenticated(ctx, staff);
  const user = await ctx.repos.users.get(staff.orgId, userId);
  if (!user) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such user in your organisation' });
  return user;
}

export interface ArchivedKeysView {
  currentPublicKey: string | null;
  keys: Array<{ id: string; publicKey: string; escrow: string; escrowRecipient: string; archivedAt: Date; restored: boolean }>;
}

/** A user's archived keys with their escrows, for the admin's browser to open with the recovery key file. */
export async function listArchivedKeys(ctx: AccountContext, staff: StaffPrincipal, userId: string, meta: RequestMeta): Promise<ArchivedKeysView> {
  const user = await userForRecovery(ctx, staff, userId);
  const rows = await ctx.repos.keyRecovery.listArchived(staff.orgId, userId);
  await audit(ctx.repos, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'account.archived_keys_read', actor: staff.email, details: { userId, count: rows.length } });
  const keys: ArchivedKeysView['keys'] = [];
  for (const r of rows) {
    // An escrow whose key was destroyed (its recovery key abandoned) cannot be restored: it is not offered.
    const escrow = r.escrow && r.escrowRecipient ? await openSealedEscrow(ctx, { orgId: staff.orgId, userId, publicKey: r.publicKey }, r.escrow, r.escrowRecipient) : undefined;
    if (escrow === undefined || !r.escrowRecipient) continue;
    const restored = r.restoredWrap !== null && r.restoredToPublicKey !== null && r.restoredToPublicKey === user.publicKey;
    keys.push({ id: r.id, publicKey: r.publicKey, escrow, escrowRecipient: r.escrowRecipient, archivedAt: r.archivedAt, restored });
  }
  return { currentPublicKey: user.publicKey, keys };
}

/** Stores the restored wraps an admin's browser made for the user's current key; audited with the archived public keys. */
export async function restoreArchivedKeys(ctx: AccountContext, staff: StaffPrincipal, userId: string, input: { toPublicKey: string; restores: Array<{ id: string; wrapped: string }> }, meta: RequestMeta): Promise<void> {
  await userForRecovery(ctx, staff, userId);
  const ids = input.restores.map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Each archived key can be restored once per request', details: { field: 'restores' } });
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    // Read again inside the transaction: a key replaced meanwhile could not open wraps made for the old one.
    const user = await tx.users.get(staff.orgId, userId);
    if (!user?.publicKey || user.publicKey !== input.toPublicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: "This is not the user's current personal key: load their archived keys again" });
    const archived = new Map((await tx.keyRecovery.listArchived(staff.orgId, userId)).map((r) => [r.id, r.publicKey]));
    for (const r of input.restores) {
      if (!archived.has(r.id) || !(await tx.keyRecovery.restore(staff.orgId, userId, r.id, { wrapped: r.wrapped, toPublicKey: input.toPublicKey, at: now }))) {
        throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such archived key of this user', details: { id: r.id } });
      }
    }
    await audit(tx, now, meta, {
      orgId: staff.orgId, action: 'account.key_restored', actor: staff.email,
      details: { userId, count: ids.length, publicKeys: ids.map((id) => archived.get(id)), toPublicKey: input.toPublicKey },
    });
  });
}
