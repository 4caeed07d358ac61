import { audit } from '../audit/audit.ts';
import type { AccountContext } from '../accounts/context.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from '../accounts/staff-sessions.ts';
import { assertOrgAdmin } from '../accounts/org-admin.ts';
import { SealpostError } from '../errors.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { ServerSecrets } from '../ports/server-secrets.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { NotificationLanguage, VerificationMethod } from '../transfers/model.ts';
import { parseDirectoryCsv, toDirectoryCsv } from './csv.ts';
import { strongestAvailable, type DirectoryEntry } from './model.ts';

/** What the directory needs; the transfer context has all of it. */
export interface DirectoryContext {
  repos: Repositories;
  clock: Clock;
  secrets: ServerSecrets;
  policy: { allowedMethods: readonly VerificationMethod[]; defaultLanguage: NotificationLanguage };
  defaultCountry?: string | undefined;
}

/** What a colleague is offered for an address: the pre-selected method, the number (for the server only), the language. */
export interface DirectorySuggestion {
  entryId: string;
  method: VerificationMethod;
  /** E.164; never sent to a colleague's client, which gets `maskedPhone`. */
  phone: string | null;
  maskedPhone: string | null;
  lang: NotificationLanguage;
  /** The access code sealed to the organisation key, for a member's device to open. */
  codeSealed: string | null;
}

function openPhone(secrets: ServerSecrets, entry: DirectoryEntry): string | null {
  return entry.phoneSealed === null ? null : secrets.openDirectoryPhone(entry.orgId, entry.email, entry.phoneSealed);
}

/**
 * The organisation's entry for an address as a suggestion: the strongest method the directory can serve that the
 * organisation still allows (model.ts), with the number on file. Undefined without an entry or an allowed method.
 */
export async function suggestFromDirectory(ctx: Pick<DirectoryContext, 'secrets' | 'policy'>, repos: Repositories, orgId: string, email: string): Promise<DirectorySuggestion | undefined> {
  const entry = await repos.directory.find(orgId, email);
  if (!entry) return undefined;
  const method = strongestAvailable({ method: entry.method, hasPhone: entry.phoneSealed !== null }, ctx.policy.allowedMethods);
  if (!method) return undefined;
  const phone = openPhone(ctx.secrets, entry);
  return { entryId: entry.id, method, phone, maskedPhone: phone ? maskPhoneNumber(phone) : null, lang: entry.lang, codeSealed: entry.codeSealed };
}

/**
 * A staff member chose to remember how this recipient is verified, for the whole organisation. A number given
 * before stays on file when another method is chosen (so SMS stays available) until the admin removes the entry.
 */
export async function rememberInDirectory(
  tx: Repositories,
  secrets: ServerSecrets,
  p: { orgId: string; actor: string; email: string; method: VerificationMethod; phone: string | null; lang: NotificationLanguage; codeSealed?: string | undefined; now: Date; meta: RequestMeta },
): Promise<void> {
  const existing = await tx.directory.find(p.orgId, p.email);
  const phoneSealed = p.phone !== null ? secrets.sealDirectoryPhone(p.orgId, p.email, p.phone) : (existing?.phoneSealed ?? null);
  // A code sealed on the sender's device replaces the one on file. Without one (another method, or a code chosen on a
  // device that could not seal it) the code on file goes: colleagues must never be shown a code the recipient no
  // longer has.
  const codeSealed = p.method === 'code' ? (p.codeSealed ?? null) : null;
  const created = await tx.directory.upsert({ orgId: p.orgId, email: p.email, method: p.method, phoneSealed, lang: p.lang, updatedAt: p.now, updatedBy: p.actor, codeSealed });
  const phoneChanged = p.phone !== null && p.phone !== (existing ? openPhone(secrets, existing) : null);
  await audit(tx, p.now, p.meta, { orgId: p.orgId, action: 'directory.entry_saved', actor: p.actor, details: { method: p.method, created, phoneChanged, ...(codeSealed ? { codeSealed: true } : {}), ...(existing?.codeSealed && !codeSealed ? { codeCleared: true } : {}) } });
}

export interface DirectoryEntryView {
  id: string;
  email: string;
  method: VerificationMethod;
  maskedPhone: string | null;
  /** An access code is on file, sealed to the organisation key (the admin cannot read it either). */
  hasCode: boolean;
  lang: NotificationLanguage;
  updatedAt: Date;
  updatedBy: string;
}

function view(secrets: ServerSecrets, entry: DirectoryEntry): DirectoryEntryView {
  const phone = openPhone(secrets, entry);
  return { id: entry.id, email: entry.email, method: entry.method, maskedPhone: phone ? maskPhoneNumber(phone) : null, hasCode: entry.codeSealed !== null, lang: entry.lang, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy };
}

/** The admin's list: a page of entries by address, numbers masked. */
export async function listDirectory(ctx: DirectoryContext, staff: StaffPrincipal, q: { query?: string | undefined; offset: number; limit: number }): Promise<{ items: DirectoryEntryView[]; total: number }> {
  assertOrgAdmin(staff);
  const page = await ctx.repos.directory.list(staff.orgId, q);
  return { items: page.items.map((e) => view(ctx.secrets, e)), total: page.total };
}

export async function removeDirectoryEntry(ctx: DirectoryContext, staff: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  assertOrgAdmin(staff);
  await ctx.repos.transaction(async (tx) => {
    const removed = await tx.directory.remove(staff.orgId, id);
    if (!removed) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such directory entry in your organisation' });
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'directory.entry_removed', actor: staff.email, details: { entryId: id, method: removed.method } });
  });
}

/**
 * The whole directory as CSV, numbers in full (the admin's own data to keep or re-import); audited. Every client's
 * phone number leaves in one file, so — like the audit export — a stolen admin session alone is not enough.
 */
export async function exportDirectoryCsv(ctx: DirectoryContext, accounts: AccountContext, staff: StaffPrincipal, meta: RequestMeta): Promise<string> {
  assertOrgAdmin(staff);
  assertRecentlyAuthenticated(accounts, staff);
  const entries = await ctx.repos.directory.all(staff.orgId);
  await audit(ctx.repos, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'directory.exported', actor: staff.email, details: { entries: entries.length } });
  return toDirectoryCsv(entries.map((e) => ({ email: e.email, method: e.method, phone: openPhone(ctx.secrets, e), lang: e.lang })));
}

/**
 * Imports a CSV: every line validated first (csv.ts); with any error nothing is written and the refusal is
 * audited with the number of bad lines. Otherwise every line is written in one transaction. Entries the file does
 * not name stay as they are: an import adds and changes, removing is the admin's explicit action.
 */
export async function importDirectoryCsv(ctx: DirectoryContext, staff: StaffPrincipal, text: string, meta: RequestMeta): Promise<{ created: number; updated: number }> {
  assertOrgAdmin(staff);
  const now = ctx.clock.now();
  let rows;
  try {
    rows = parseDirectoryCsv(text, { allowedMethods: ctx.policy.allowedMethods, defaultLanguage: ctx.policy.defaultLanguage, defaultCountry: ctx.defaultCountry });
  } catch (error) {
    const lines = error instanceof SealpostError ? (error.details as { lines?: unknown[] } | undefined)?.lines : undefined;
    if (lines) await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: 'directory.import_refused', actor: staff.email, details: { badLines: lines.length } });
    throw error;
  }
  return ctx.repos.transaction(async (tx) => {
    let created = 0;
    for (const r of rows) {
      const phoneSealed = r.phone === null ? null : ctx.secrets.sealDirectoryPhone(staff.orgId, r.email, r.phone);
      // An import cannot carry a code (the server cannot seal one); a row that moves off the code method drops the old one.
      const keepCode = r.method === 'code' ? {} : { codeSealed: null };
      if (await tx.directory.upsert({ orgId: staff.orgId, email: r.email, method: r.method, phoneSealed, lang: r.lang, updatedAt: now, updatedBy: staff.email, ...keepCode })) created += 1;
    }
    const counts = { created, updated: rows.length - created };
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'directory.imported', actor: staff.email, details: counts });
    return counts;
  });
}
