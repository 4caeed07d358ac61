import { fromBase64Url, generateSecret, openErasable, sealErasable, toBase64Url } from '../../crypto/index.ts';
import type { ErasableKeyStore } from '../ports/erasable-key-store.ts';
import type { TransferContext } from './context.ts';
import type { RecipientRecord } from './model.ts';
import { notificationTopic, withdrawnNotice } from './notification-status.ts';

/** What the server keeps per recipient and must be able to forget: released (or checked) only after verification. */
export interface RecipientSecrets {
  /** Null for the method `account`: its wrapped identity is an age file to the recipient's own key, no key split. */
  serverShare: string | null;
  wrappedIdentity: string;
  codeVerifierDigest: string | null;
}

/**
 * Stored values carry this prefix: sealed (docs/crypto.md §3.8) under the recipient's own erasable key.
 * base64url has no '.', so a value without it is a plaintext row written before sealing existed.
 */
const SEALED_PREFIX = 'e5.';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One key per recipient, so recalling one recipient destroys exactly that recipient's secrets. */
export function recipientKeyId(recipientId: string): string {
  return `recipient-${recipientId}`;
}

function context(recipientId: string, field: keyof RecipientSecrets): Uint8Array {
  return encoder.encode(`sealpost/recipient/${recipientId}/${field}`);
}

/** Creates the recipient's erasable key and returns the secrets sealed under it, ready for the database. */
export async function sealRecipientSecrets(keys: ErasableKeyStore, recipientId: string, secrets: RecipientSecrets): Promise<RecipientSecrets> {
  const key = generateSecret();
  await keys.put(recipientKeyId(recipientId), key);
  const seal = (field: keyof RecipientSecrets, value: string): string =>
    SEALED_PREFIX + toBase64Url(sealErasable({ key, associatedData: context(recipientId, field), plaintext: encoder.encode(value) }));
  const sealed = {
    serverShare: secrets.serverShare === null ? null : seal('serverShare', secrets.serverShare),
    wrappedIdentity: seal('wrappedIdentity', secrets.wrappedIdentity),
    codeVerifierDigest: secrets.codeVerifierDigest === null ? null : seal('codeVerifierDigest', secrets.codeVerifierDigest),
  };
  key.fill(0);
  return sealed;
}

/** The recipient's secrets in clear, or undefined once destroyed (columns nulled or key erased). */
export async function openRecipientSecrets(keys: ErasableKeyStore, recipient: RecipientRecord): Promise<RecipientSecrets | undefined> {
  const { serverShare, wrappedIdentity, codeVerifierDigest } = recipient;
  if (!wrappedIdentity || (!serverShare && recipient.method !== 'account')) return undefined;
  if (!wrappedIdentity.startsWith(SEALED_PREFIX)) return { serverShare, wrappedIdentity, codeVerifierDigest };
  const key = await keys.get(recipientKeyId(recipient.id));
  if (!key) return undefined;
  const open = (field: keyof RecipientSecrets, value: string): string =>
    decoder.decode(openErasable({ key, associatedData: context(recipient.id, field), sealed: fromBase64Url(value.slice(SEALED_PREFIX.length)) }));
  try {
    return {
      serverShare: serverShare === null ? null : open('serverShare', serverShare),
      wrappedIdentity: open('wrappedIdentity', wrappedIdentity),
      codeVerifierDigest: codeVerifierDigest === null ? null : open('codeVerifierDigest', codeVerifierDigest),
    };
  } finally {
    key.fill(0);
  }
}

/**
 * A row sent to a registered recipient's key (docs/recipient-accounts.md) keeps only the wrapped identity (an age
 * file to the account key; no server share, no verifier): sealed the same way, under the recipient's own erasable
 * key, so recall and expiry destroy it like every other recipient's secrets.
 */
export async function sealAccountWrappedIdentity(keys: ErasableKeyStore, recipientId: string, wrappedIdentity: string): Promise<string> {
  const key = generateSecret();
  await keys.put(recipientKeyId(recipientId), key);
  try {
    return SEALED_PREFIX + toBase64Url(sealErasable({ key, associatedData: context(recipientId, 'wrappedIdentity'), plaintext: encoder.encode(wrappedIdentity) }));
  } finally {
    key.fill(0);
  }
}

/** The account row's wrapped identity in clear, or undefined once destroyed (column nulled or key erased). */
export async function openAccountWrappedIdentity(keys: ErasableKeyStore, recipient: RecipientRecord): Promise<string | undefined> {
  const sealed = recipient.wrappedIdentity;
  if (!sealed) return undefined;
  if (!sealed.startsWith(SEALED_PREFIX)) return sealed;
  const key = await keys.get(recipientKeyId(recipient.id));
  if (!key) return undefined;
  try {
    return decoder.decode(openErasable({ key, associatedData: context(recipient.id, 'wrappedIdentity'), sealed: fromBase64Url(sealed.slice(SEALED_PREFIX.length)) }));
  } finally {
    key.fill(0);
  }
}

/** Erases the recipients' keys: every copy of their sealed secrets, wherever it survives, becomes useless. */
export async function destroyRecipientSecrets(keys: ErasableKeyStore, recipientIds: string[]): Promise<void> {
  for (const id of recipientIds) await keys.destroy(recipientKeyId(id));
}

/**
 * Recall and expiry also withdraw the recipients' notifications that never went out (still queued, or given up):
 * their payloads carry link secrets, sealed under erasable keys that are destroyed here, so a failed notification
 * kept for the admin does not keep a way into the message in the data directory.
 */
export async function withdrawRecipientNotifications(ctx: Pick<TransferContext, 'repos' | 'sealer'>, recipientIds: string[]): Promise<void> {
  const payloads = await ctx.repos.outbox.withdraw({ topic: notificationTopic, refs: recipientIds, error: `${withdrawnNotice}: the message was recalled or expired before its notification went out` });
  for (const payload of payloads) await ctx.sealer.discard(payload);
}
