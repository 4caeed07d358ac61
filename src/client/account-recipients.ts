// Sending straight to a registered recipient's key (method `account`, docs/recipient-accounts.md), on the sender's
// device: the key comes only through the key-log check (src/client/key-log.ts: fetched, the log verified to extend
// what this client saw before, the entry for the address matched), and the message identity is wrapped to it as an
// age file. A failed check stops the send with SP_ERR_KEY_LOG: never a silent fall back to a weaker method, since
// a forged key or a rewritten log is exactly what the check exists to catch.
import type { ApiClient } from './api-client.ts';
import { wrapToAccount } from './account-keys.ts';
import { ApiError } from './api-error.ts';
import { fetchRecipientKey, type CheckpointStore } from './key-log.ts';

export interface AccountKeyContext {
  api: ApiClient;
  /** A guest sender's bearer token; '' for a staff member, whose api client carries the session. */
  token: string;
  /** Where this client keeps the last key-log checkpoint it verified (CLI: its config dir; web: localStorage). */
  checkpoints: CheckpointStore;
}

/** The account key of `email`, checked against the key log; undefined when the address has no account. */
export async function accountKeyOf(ctx: AccountKeyContext, email: string): Promise<string | undefined> {
  const found = await fetchRecipientKey(ctx.api, email, ctx.checkpoints, ctx.token || undefined);
  return found.registered ? found.publicKey : undefined;
}

/** The account keys of the addresses that have one, each checked against the key log (one at a time: one checkpoint). */
export async function accountKeysOf(ctx: AccountKeyContext, emails: readonly string[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const email of emails) {
    const key = await accountKeyOf(ctx, email);
    if (key) keys.set(email.toLowerCase(), key);
  }
  return keys;
}

/** For a recipient put on `account`: their key, or SP_ERR_CONFLICT (reason no_account) when they have none. */
export async function requireAccountKey(ctx: AccountKeyContext, email: string): Promise<string> {
  const key = await accountKeyOf(ctx, email);
  if (!key) {
    throw new ApiError('SP_ERR_CONFLICT', 409, { reason: 'no_account', recipients: [email] }, { message: `${email} has no Sealpost account: choose another verification method` });
  }
  return key;
}

/** The send material of an `account` recipient: the message identity as an age file to their key, and that key. */
export async function accountMaterial(options: { identity: string; transferId: string; recipientId: string; accountKey: string }): Promise<{ id: string; wrappedIdentity: string; accountKey: string }> {
  const wrappedIdentity = await wrapToAccount({ identity: options.identity, accountKey: options.accountKey, transferId: options.transferId });
  return { id: options.recipientId, wrappedIdentity, accountKey: options.accountKey };
}

/**
 * Recipients the sender chose no method for go on `account` (the strongest) when their address has an account whose
 * key the log vouches for and the sender's agreements allow it; the rest keep the server's choice. A failed log check
 * throws (SP_ERR_KEY_LOG) rather than quietly choosing a weaker method.
 */
export async function pickAccounts<T extends { email: string; method?: string | undefined }>(ctx: AccountKeyContext, recipients: readonly T[], allowedMethods: readonly string[]): Promise<T[]> {
  if (!allowedMethods.includes('account')) return [...recipients];
  const out: T[] = [];
  for (const r of recipients) out.push(r.method === undefined && (await accountKeyOf(ctx, r.email)) ? { ...r, method: 'account' } : r);
  return out;
}
