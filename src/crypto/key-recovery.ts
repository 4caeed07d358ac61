// The organisation recovery key (docs/crypto.md "Organisation recovery key"): an age X25519 key pair made on the
// admin's device and kept offline; staff devices encrypt their personal key to its public half (the escrow), and an
// admin who restores a lost key re-encrypts the old identity to the user's new key (the restored wrap). Both are
// plain age files over a small JSON document, so Debian's `age -d -i FILE` opens an escrow without Sealpost.
import { sha256 } from '@noble/hashes/sha2.js';
import { decryptBytes, encryptBytes } from './blob-stream.ts';
import { fromUtf8, toHex, utf8 } from './bytes.ts';
import { CryptoError, inputError } from './errors.ts';
import { assertIdentity, generateAgeKeyPair, recipientOf } from './identities.ts';

export const ESCROW_PURPOSE = 'sealpost-key-escrow';
export const RESTORED_PURPOSE = 'sealpost-restored-key';

/** X25519 only: the key must open with Debian's age (1.1.x), which knows no post-quantum identities. */
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[0-9A-Z]+$/;
const X25519_RECIPIENT = /^age1[0-9a-z]{58}$/;

export interface RecoveryKey {
  /** AGE-SECRET-KEY-1…: the admin keeps it offline. Never sent to the server, never logged. */
  identity: string;
  /** age1…: what the server stores. */
  recipient: string;
  /** age-keygen's file layout, so `age -d -i FILE` reads it as it is. */
  fileText: string;
}

export function isRecoveryRecipient(value: unknown): value is string {
  return typeof value === 'string' && X25519_RECIPIENT.test(value);
}

/**
 * The full check for a recovery key typed or pasted by an admin: the shape above, then whether age itself takes it as
 * a recipient (its bech32 checksum and key), so a mistyped key is refused at once, not when every device escrows.
 */
export async function isUsableRecoveryRecipient(value: unknown): Promise<boolean> {
  if (!isRecoveryRecipient(value)) return false;
  try {
    await encryptBytes(new Uint8Array(0), { recipients: [value] });
    return true;
  } catch {
    return false;
  }
}

export async function generateRecoveryKey(now: Date = new Date()): Promise<RecoveryKey> {
  const pair = await generateAgeKeyPair({ postQuantum: false });
  const fileText = `# created: ${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n# public key: ${pair.recipient}\n${pair.identity}\n`;
  return { identity: pair.identity, recipient: pair.recipient, fileText };
}

/** Any age-keygen file holding exactly one X25519 identity (comments and blank lines allowed). */
export async function parseRecoveryKeyFile(text: string): Promise<{ identity: string; recipient: string }> {
  if (typeof text !== 'string' || text.length > 4096) throw inputError('not a recovery key file');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1 || !X25519_IDENTITY.test(lines[0] as string)) throw inputError('not a recovery key file (expected one AGE-SECRET-KEY-1… line)');
  const identity = lines[0] as string;
  return { identity, recipient: await recipientOf(identity) };
}

/** 'XXXX-XXXX-XXXX-XXXX': the first 64 bits of SHA-256 over the recipient string, for people to compare by eye. */
export function recoveryKeyFingerprint(recipient: string): string {
  if (!isRecoveryRecipient(recipient)) throw inputError('not an age X25519 recipient');
  const hex = toHex(sha256(utf8(recipient))).slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

export interface EscrowBinding {
  orgId: string;
  userId: string;
}

/** age file to the recovery recipient of {"v":1,"purpose":"sealpost-key-escrow",orgId,userId,publicKey,identity}. */
export async function escrowPersonalKey(options: EscrowBinding & { identity: string; recoveryRecipient: string }): Promise<Uint8Array> {
  assertIdentity(options.identity);
  if (!isRecoveryRecipient(options.recoveryRecipient)) throw inputError('recovery key must be an age X25519 recipient');
  requireIds(options);
  const publicKey = await recipientOf(options.identity);
  const document = { v: 1, purpose: ESCROW_PURPOSE, orgId: options.orgId, userId: options.userId, publicKey, identity: options.identity };
  return encryptBytes(utf8(JSON.stringify(document)), { recipients: [options.recoveryRecipient] });
}

/**
 * Opens an escrow with the recovery identity. The binding checks stop a server from passing off one user's escrow
 * (or any other age file) as another's: the document must name this organisation, user and public key, and the
 * identity inside must really be that public key's.
 */
export async function openEscrow(options: EscrowBinding & { escrow: Uint8Array; recoveryIdentity: string; publicKey: string }): Promise<string> {
  requireIds(options);
  const doc = await openDocument(options.escrow, options.recoveryIdentity, ESCROW_PURPOSE);
  if (doc.orgId !== options.orgId || doc.userId !== options.userId) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'escrow belongs to another user');
  return checkedIdentity(doc, options.publicKey);
}

/** age file to the user's current public key of {"v":1,"purpose":"sealpost-restored-key",publicKey,identity}. */
export async function wrapRestoredKey(options: { identity: string; toRecipient: string }): Promise<Uint8Array> {
  assertIdentity(options.identity);
  const publicKey = await recipientOf(options.identity);
  const document = { v: 1, purpose: RESTORED_PURPOSE, publicKey, identity: options.identity };
  return encryptBytes(utf8(JSON.stringify(document)), { recipients: [options.toRecipient] });
}

export async function openRestoredKey(options: { wrapped: Uint8Array; personalIdentity: string }): Promise<{ identity: string; publicKey: string }> {
  const doc = await openDocument(options.wrapped, options.personalIdentity, RESTORED_PURPOSE);
  if (typeof doc.publicKey !== 'string') throw inputError('restored key names no public key');
  return { identity: await checkedIdentity(doc, doc.publicKey), publicKey: doc.publicKey };
}

function requireIds(binding: EscrowBinding): void {
  if (typeof binding.orgId !== 'string' || binding.orgId === '' || typeof binding.userId !== 'string' || binding.userId === '') {
    throw inputError('orgId and userId are required');
  }
}

/** Opens an age file holding a small JSON key document and checks its version and purpose (shared with org-key.ts). */
export async function openDocument(file: Uint8Array, identity: string, purpose: string): Promise<Record<string, unknown>> {
  if (!(file instanceof Uint8Array)) throw inputError('expected bytes');
  assertIdentity(identity);
  const plain = await decryptBytes(file, { identity });
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(plain));
  } catch {
    throw inputError('key document holds no valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw inputError('key document has an unknown layout');
  const doc = parsed as Record<string, unknown>;
  if (doc.v !== 1) throw inputError('key document has an unknown version');
  if (doc.purpose !== purpose) throw new CryptoError('SP_ERR_CRYPTO_BINDING', `not a ${purpose} document`);
  return doc;
}

async function checkedIdentity(doc: Record<string, unknown>, publicKey: string): Promise<string> {
  assertIdentity(doc.identity);
  if (doc.publicKey !== publicKey || (await recipientOf(doc.identity)) !== publicKey) {
    throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'key does not match its public key');
  }
  return doc.identity;
}
