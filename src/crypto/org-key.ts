// The organisation key (docs/crypto.md "Organisation key"): an age X25519 key pair per organisation, made on the first
// member's device, whose identity rests only wrapped to each member's personal key. Access codes a member remembers
// for the organisation are sealed to its public half, so every member's device opens them and the server none. A
// sender's own remembered code is sealed the same way to their personal key. Each is a plain age file over a small
// JSON document (like key-recovery.ts), bound to where it belongs: a wrap to its organisation and key, a code to its
// organisation (or sender) and recipient address, so a server cannot move a sealed code to another address.
import { encryptBytes } from './blob-stream.ts';
import { utf8 } from './bytes.ts';
import { CryptoError, inputError } from './errors.ts';
import { assertIdentity, generateAgeKeyPair, recipientOf } from './identities.ts';
import { isRecoveryRecipient, openDocument } from './key-recovery.ts';

export const ORG_KEY_PURPOSE = 'sealpost-org-key';
export const ORG_CODE_PURPOSE = 'sealpost-org-access-code';
export const OWN_CODE_PURPOSE = 'sealpost-own-access-code';
/** A code longer than this is not something a person reads out on the phone. */
const MAX_CODE_LENGTH = 200;

/** X25519 only (age1…, 62 characters): Debian's age opens it, and members' wraps stay small. */
export const isOrgKeyRecipient = isRecoveryRecipient;

export async function generateOrgKey(): Promise<{ identity: string; recipient: string }> {
  return generateAgeKeyPair({ postQuantum: false });
}

function requireText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw inputError(`${name} is required`);
}

async function seal(document: Record<string, unknown>, recipient: string): Promise<Uint8Array> {
  return encryptBytes(utf8(JSON.stringify({ v: 1, ...document })), { recipients: [recipient] });
}

/** age file to the member's personal key of {"v":1,"purpose":"sealpost-org-key",orgId,publicKey,identity}. */
export async function wrapOrgKey(options: { orgId: string; identity: string; memberRecipient: string }): Promise<Uint8Array> {
  assertIdentity(options.identity);
  requireText(options.orgId, 'orgId');
  const publicKey = await recipientOf(options.identity);
  if (!isOrgKeyRecipient(publicKey)) throw inputError('the organisation key must be an age X25519 key');
  return seal({ purpose: ORG_KEY_PURPOSE, orgId: options.orgId, publicKey, identity: options.identity }, options.memberRecipient);
}

/**
 * Opens a member's wrap. The server hands it out, so it is checked: made for this organisation, holding the identity
 * of the public key the server names (else the server could slip in a key of its own and read later codes).
 */
export async function openOrgKeyWrap(options: { wrapped: Uint8Array; personalIdentity: string; orgId: string; publicKey: string }): Promise<string> {
  requireText(options.orgId, 'orgId');
  const doc = await openDocument(options.wrapped, options.personalIdentity, ORG_KEY_PURPOSE);
  if (doc.orgId !== options.orgId) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'organisation key belongs to another organisation');
  assertIdentity(doc.identity);
  if (doc.publicKey !== options.publicKey || (await recipientOf(doc.identity)) !== options.publicKey) {
    throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'organisation key does not match its public key');
  }
  return doc.identity;
}

function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || code.trim() === '' || code.length > MAX_CODE_LENGTH) throw inputError('access code is missing or too long');
}

/** Who a sealed code is for: the organisation (org key) or one sender (their personal key), and the recipient. */
export type CodeOwner = { orgId: string } | { senderEmail: string };

function ownerFields(owner: CodeOwner): { purpose: string; owner: string } {
  if ('orgId' in owner) {
    requireText(owner.orgId, 'orgId');
    return { purpose: ORG_CODE_PURPOSE, owner: owner.orgId };
  }
  requireText(owner.senderEmail, 'senderEmail');
  return { purpose: OWN_CODE_PURPOSE, owner: owner.senderEmail.toLowerCase() };
}

/** age file to `recipient` of {"v":1,purpose,owner,email,code}; `email` is the recipient address, lower-cased. */
export async function sealAccessCode(options: { owner: CodeOwner; email: string; code: string; recipient: string }): Promise<Uint8Array> {
  requireText(options.email, 'email');
  checkCode(options.code);
  const { purpose, owner } = ownerFields(options.owner);
  return seal({ purpose, owner, email: options.email.toLowerCase(), code: options.code }, options.recipient);
}

/** Opens a sealed code; refuses one sealed for another organisation, sender or recipient address. */
export async function openAccessCode(options: { sealed: Uint8Array; identity: string; owner: CodeOwner; email: string }): Promise<string> {
  requireText(options.email, 'email');
  const { purpose, owner } = ownerFields(options.owner);
  const doc = await openDocument(options.sealed, options.identity, purpose);
  if (doc.owner !== owner || doc.email !== options.email.toLowerCase()) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'access code was sealed for another address');
  checkCode(doc.code);
  return doc.code;
}
