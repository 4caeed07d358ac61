/**
 * Recipients' S/MIME certificates and OpenPGP public keys in the organisation's directory
 * (docs/gateway/directory-keys.md): imported by an admin (console, API, `sealpost directory import`), or harvested
 * from signed mail passing the gateway and then trusted only once an admin approves. The gateway asks
 * `encryptionKeysFor` which keys to encrypt a mail to. Public material only: a private key handed in is refused
 * and never stored, logged or audited beyond the fact.
 */
import { certificateInfo, pgpKeysInfo, type PgpKeyInfo } from '../../crypto/mail/key-info.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { splitKeyBlocks } from './key-blocks.ts';
import type { DirectoryKey, DirectoryKeyKind, DirectoryKeySource, DirectoryKeyStatus, NewDirectoryKey } from './keys-model.ts';

export interface DirectoryKeysContext {
  repos: Repositories;
  clock: Clock;
}

export const directoryKeyLimits = {
  /** One import: a file or pasted text (UTF-8 bytes). */
  importBytes: 1024 * 1024,
  /** Armored blocks in one import. */
  importItems: 500,
  /** Harvested keys waiting for an admin, per organisation: beyond it the gateway stores no more. */
  pendingPerOrg: 1000,
  /** Certificates considered from one mail. */
  harvestPerMail: 20,
} as const;

export type KeySkipReason = 'private_key' | 'unreadable' | 'expired' | 'not_yet_valid' | 'no_encryption' | 'no_email' | 'revoked';

export interface ImportedKey {
  /** 1-based position of the block (or key) in the input. */
  item: number;
  kind: DirectoryKeyKind;
  fingerprint: string;
  email: string;
  notAfter: Date | null;
  /** created: new; approved: was pending (harvested), now trusted; unchanged: already trusted. */
  result: 'created' | 'approved' | 'unchanged';
}

export interface SkippedKey {
  item: number;
  kind: DirectoryKeyKind | null;
  fingerprint: string | null;
  reason: KeySkipReason;
  /** For no_encryption: why (key_algorithm, key_usage, extended_key_usage, no_encryption_subkey); for unreadable: the block label. */
  detail: string | null;
}

export interface ImportReport {
  imported: ImportedKey[];
  skipped: SkippedKey[];
}

/** A key judged usable: its addresses and the record to store per address. */
interface Candidate {
  kind: DirectoryKeyKind;
  fingerprint: string;
  emails: string[];
  material: string;
  notBefore: Date;
  notAfter: Date | null;
}

type Judged = { ok: true; candidate: Candidate } | { ok: false; skip: Omit<SkippedKey, 'item'> };

const skip = (kind: DirectoryKeyKind | null, fingerprint: string | null, reason: KeySkipReason, detail: string | null = null): Judged => ({ ok: false, skip: { kind, fingerprint, reason, detail } });

function judgeCertificate(der: Uint8Array, now: Date): Judged {
  let info;
  try {
    info = certificateInfo(der, now);
  } catch {
    return skip('smime', null, 'unreadable', 'CERTIFICATE');
  }
  const { fingerprint } = info;
  if (now < info.notBefore) return skip('smime', fingerprint, 'not_yet_valid');
  if (now > info.notAfter) return skip('smime', fingerprint, 'expired');
  if (info.encryptionProblem) return skip('smime', fingerprint, 'no_encryption', info.encryptionProblem);
  if (info.emails.length === 0) return skip('smime', fingerprint, 'no_email');
  return { ok: true, candidate: { kind: 'smime', fingerprint, emails: info.emails, material: Buffer.from(der).toString('base64'), notBefore: info.notBefore, notAfter: info.notAfter } };
}

function judgePgp(info: PgpKeyInfo, now: Date): Judged {
  const { fingerprint } = info;
  if (info.isPrivate) return skip('pgp', fingerprint, 'private_key');
  if (info.revoked) return skip('pgp', fingerprint, 'revoked');
  if (now < info.created) return skip('pgp', fingerprint, 'not_yet_valid');
  if (info.expires && now >= info.expires) return skip('pgp', fingerprint, 'expired');
  if (!info.canEncrypt) return skip('pgp', fingerprint, 'no_encryption', 'no_encryption_subkey');
  if (info.emails.length === 0) return skip('pgp', fingerprint, 'no_email');
  return { ok: true, candidate: { kind: 'pgp', fingerprint, emails: info.emails, material: info.publicArmored, notBefore: info.created, notAfter: info.expires } };
}

/** Every key of the text, judged at `now`, in order. Parsing happens before any transaction is opened. */
async function judgeText(text: string, now: Date): Promise<Judged[]> {
  const blocks = splitKeyBlocks(text);
  if (blocks.length > directoryKeyLimits.importItems) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `At most ${directoryKeyLimits.importItems} certificates and keys per import`, details: { reason: 'too_many_keys', max: directoryKeyLimits.importItems } });
  }
  const judged: Judged[] = [];
  for (const block of blocks) {
    if (block.kind === 'private') judged.push(skip(null, null, 'private_key'));
    else if (block.kind === 'unknown') judged.push(skip(null, null, 'unreadable', block.label));
    else if (block.kind === 'certificate') judged.push(judgeCertificate(block.der, now));
    else {
      const keys = await pgpKeysInfo(block.armored, now).catch(() => null);
      if (!keys || keys.length === 0) judged.push(skip('pgp', null, 'unreadable', 'PGP PUBLIC KEY BLOCK'));
      else for (const info of keys) judged.push(judgePgp(info, now));
    }
  }
  // Text without a single block (a DER file, a fingerprint, a typo) is one unreadable item: the report says so.
  return judged.length > 0 ? judged : [skip(null, null, 'unreadable', null)];
}

/**
 * Imports every certificate and OpenPGP public key in `text` as trusted for the addresses it names. A block that
 * cannot be used is skipped with its reason; the others are stored in one transaction with one audit entry (counts
 * and fingerprints only). Over the size or item limit nothing is read. `source` tells the console's import from a
 * token's API call.
 */
export async function importKeys(ctx: DirectoryKeysContext, orgId: string, text: string, actor: string, options: { source?: DirectoryKeySource; meta?: RequestMeta | null } = {}): Promise<ImportReport> {
  if (Buffer.byteLength(text, 'utf8') > directoryKeyLimits.importBytes) {
    throw new SealpostError('SP_ERR_TOO_LARGE', { message: `An import holds at most ${directoryKeyLimits.importBytes / 1024 / 1024} MiB`, details: { reason: 'import_too_large', maxBytes: directoryKeyLimits.importBytes } });
  }
  const now = ctx.clock.now();
  const judged = await judgeText(text, now);
  return ctx.repos.transaction(async (tx) => {
    const report: ImportReport = { imported: [], skipped: [] };
    for (const [index, j] of judged.entries()) {
      const item = index + 1;
      if (!j.ok) {
        report.skipped.push({ item, ...j.skip });
        continue;
      }
      const c = j.candidate;
      for (const email of c.emails) {
        const record: NewDirectoryKey = { orgId, email, kind: c.kind, material: c.material, fingerprint: c.fingerprint, notBefore: c.notBefore, notAfter: c.notAfter, status: 'trusted', source: options.source ?? 'import', createdAt: now, updatedBy: actor };
        const result = await tx.directoryKeys.saveTrusted(record);
        report.imported.push({ item, kind: c.kind, fingerprint: c.fingerprint, email, notAfter: c.notAfter, result });
      }
    }
    const count = (r: ImportedKey['result']) => report.imported.filter((i) => i.result === r).length;
    await audit(tx, now, options.meta ?? null, {
      orgId,
      action: 'directory.keys_imported',
      actor,
      details: {
        created: count('created'),
        approved: count('approved'),
        unchanged: count('unchanged'),
        skipped: report.skipped.length,
        privateKeysRefused: report.skipped.filter((s) => s.reason === 'private_key').length,
        fingerprints: [...new Set(report.imported.map((i) => i.fingerprint))],
      },
    });
    return report;
  });
}

/** What the gateway encrypts a mail to `email` with: trusted keys valid now (S/MIME: every one; OpenPGP: the newest). */
export interface RecipientEncryptionKeys {
  /** DER certificates. */
  smime: Uint8Array[];
  /** One armored OpenPGP public key, or null. */
  pgp: string | null;
}

const validAt = (key: DirectoryKey, now: Date) => key.notBefore <= now && (key.notAfter === null || now < key.notAfter);

export async function encryptionKeysFor(ctx: DirectoryKeysContext, orgId: string, email: string): Promise<RecipientEncryptionKeys> {
  const now = ctx.clock.now();
  const valid = (await ctx.repos.directoryKeys.trustedFor(orgId, email.trim().toLowerCase())).filter((k) => validAt(k, now));
  // trustedFor lists newest first: the key imported last is the one the recipient gave most recently.
  return {
    smime: valid.filter((k) => k.kind === 'smime').map((k) => new Uint8Array(Buffer.from(k.material, 'base64'))),
    pgp: valid.find((k) => k.kind === 'pgp')?.material ?? null,
  };
}

/**
 * Certificates found in a signed mail from `fromAddress` (the gateway passes the CMS SignedData's certificates):
 * each that names exactly that address, is valid now and can encrypt is stored as pending, for an admin to approve.
 * A known key is left as it is; beyond the per-organisation cap of pending keys nothing more is stored. A forged
 * signature could plant a certificate here, which is why nothing harvested is used before approval. Returns how
 * many were stored.
 */
export async function harvestCertificates(ctx: DirectoryKeysContext, orgId: string, fromAddress: string, ders: readonly Uint8Array[], meta: RequestMeta | null = null): Promise<number> {
  const from = fromAddress.trim().toLowerCase();
  const now = ctx.clock.now();
  const candidates = ders.slice(0, directoryKeyLimits.harvestPerMail).map((der) => judgeCertificate(der, now)).flatMap((j) => (j.ok && j.candidate.emails.includes(from) ? [j.candidate] : []));
  let stored = 0;
  for (const c of candidates) {
    if ((await ctx.repos.directoryKeys.countPending(orgId)) >= directoryKeyLimits.pendingPerOrg) break;
    await ctx.repos.transaction(async (tx) => {
      const record: NewDirectoryKey = { orgId, email: from, kind: 'smime', material: c.material, fingerprint: c.fingerprint, notBefore: c.notBefore, notAfter: c.notAfter, status: 'pending', source: 'harvest', createdAt: now, updatedBy: 'harvest' };
      if (!(await tx.directoryKeys.insertPending(record))) return;
      stored += 1;
      await audit(tx, now, meta, { orgId, action: 'directory.key_harvested', actor: 'gateway', details: { kind: 'smime', fingerprint: c.fingerprint } });
    });
  }
  return stored;
}

/** A directory record as the console and the API show it: no organisation (implied) and no key material. */
export type DirectoryKeyView = Omit<DirectoryKey, 'orgId' | 'material'>;

function view(k: DirectoryKey): DirectoryKeyView {
  const { material: _material, orgId: _orgId, ...rest } = k;
  return rest;
}

export async function listKeys(ctx: DirectoryKeysContext, orgId: string, q: { email?: string | undefined; status?: DirectoryKeyStatus | undefined; kind?: DirectoryKeyKind | undefined; offset: number; limit: number }): Promise<{ items: DirectoryKeyView[]; total: number }> {
  const page = await ctx.repos.directoryKeys.list(orgId, q);
  return { items: page.items.map(view), total: page.total };
}

const notFound = () => new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such pending certificate or key in your organisation' });

/** An admin trusts a harvested key: from now on the gateway encrypts to it. */
export async function approveKey(ctx: DirectoryKeysContext, orgId: string, id: string, actor: string, meta: RequestMeta | null = null): Promise<DirectoryKeyView> {
  return ctx.repos.transaction(async (tx) => {
    const now = ctx.clock.now();
    const key = await tx.directoryKeys.approve(orgId, id, actor, now);
    if (!key) throw notFound();
    await audit(tx, now, meta, { orgId, action: 'directory.key_approved', actor, details: { keyId: id, kind: key.kind, fingerprint: key.fingerprint } });
    return view(key);
  });
}

async function removeWith(ctx: DirectoryKeysContext, orgId: string, id: string, actor: string, meta: RequestMeta | null, onlyPending: boolean): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    const key = await tx.directoryKeys.remove(orgId, id, onlyPending ? 'pending' : undefined);
    if (!key) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such certificate or key in your organisation' });
    const action = key.status === 'pending' ? 'directory.key_rejected' : 'directory.key_removed';
    await audit(tx, ctx.clock.now(), meta, { orgId, action, actor, details: { keyId: id, kind: key.kind, fingerprint: key.fingerprint } });
  });
}

/** An admin rejects a harvested key (deleted; a later mail may harvest it again, as pending). */
export async function rejectKey(ctx: DirectoryKeysContext, orgId: string, id: string, actor: string, meta: RequestMeta | null = null): Promise<void> {
  await removeWith(ctx, orgId, id, actor, meta, true);
}

/** Deletes any record; a pending one is audited as rejected, a trusted one as removed. */
export async function deleteKey(ctx: DirectoryKeysContext, orgId: string, id: string, actor: string, meta: RequestMeta | null = null): Promise<void> {
  await removeWith(ctx, orgId, id, actor, meta, false);
}
