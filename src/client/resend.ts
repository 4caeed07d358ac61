// Sending a recipient's notification again, on the sender's device (web app, CLI): the old link's secret is gone
// (the server erased it once the first notification was delivered, and the sender never kept it), so this makes
// new key material for the recipient from the message identity (opened with the sender's personal key), and the
// server mails the new link and destroys the old material. The server never sees the message identity. The same
// step changes a recipient's verification method (or SMS number): the new material is made for the new method.
import type { ApiClient } from './api-client.ts';
import type { ResendRequest, TransferView } from './api-contract.ts';
import { ApiError } from './api-error.ts';
import { recipientKeys } from './key-material.ts';
import { accountMaterial, requireAccountKey } from './account-recipients.ts';
import type { CheckpointStore } from './key-log.ts';

export interface ResendOptions {
  api: ApiClient;
  token: string;
  transfer: Pick<TransferView, 'id' | 'recipients'>;
  recipientId: string;
  /** The message identity (AGE-SECRET-KEY-1…), opened from ownerWrappedIdentity with the sender's personal key. */
  identity: string;
  /** For the access-code method: the code (the old one, or a new one the sender passes on). */
  accessCode?: string | undefined;
  /** A new verification method for the recipient; the key material is made for it. Omitted: unchanged. */
  method?: TransferView['recipients'][number]['method'] | undefined;
  /** For a change to SMS (or a new number): the mobile number. */
  phone?: string | undefined;
  notification?: ResendRequest['notification'];
  /** This client's key-log checkpoint: needed for `account` (a recipient whose key was reset gets the message re-wrapped). */
  checkpoints?: CheckpointStore | undefined;
}

/**
 * The new material for `account`: the identity wrapped to the recipient's current key, checked against the key log.
 * After a password reset that is the new key, so one call restores a message the reset made unreadable.
 */
async function accountBody(options: ResendOptions, recipient: { id: string; email: string }): Promise<ResendRequest> {
  if (!options.checkpoints) throw new ApiError('SP_ERR_VALIDATION', 400, undefined, { message: 'This client cannot check recipient keys (no key-log checkpoint store)' });
  const accountKey = await requireAccountKey({ api: options.api, token: options.token, checkpoints: options.checkpoints }, recipient.email);
  const { wrappedIdentity } = await accountMaterial({ identity: options.identity, transferId: options.transfer.id, recipientId: recipient.id, accountKey });
  return { wrappedIdentity, accountKey, notification: options.notification ?? {} };
}

export async function resendNotification(options: ResendOptions): Promise<TransferView> {
  const recipient = options.transfer.recipients.find((r) => r.id === options.recipientId);
  if (!recipient) throw new ApiError('SP_ERR_NOT_FOUND', 404, undefined, { message: 'Not a recipient of this message' });
  const accessCode = options.accessCode?.trim();
  const method = options.method ?? recipient.method;
  if (method === 'code' && !accessCode) {
    throw new ApiError('SP_ERR_VALIDATION', 400, { reason: 'accessCodeMissing', recipients: [recipient.email] }, { message: `${recipient.email} opens messages with an access code: give the code` });
  }
  if (method === 'account') {
    const body = { ...(await accountBody(options, recipient)), ...(method !== recipient.method ? { method } : {}) };
    return options.api.request<TransferView>('POST', `/api/transfers/${options.transfer.id}/recipients/${recipient.id}/resend`, { token: options.token, body });
  }
  const keys = await recipientKeys({
    identity: options.identity,
    transferId: options.transfer.id,
    recipientId: recipient.id,
    accessCode: method === 'code' ? accessCode : undefined,
    linkOnly: method === 'none',
  });
  const body: ResendRequest = {
    serverShare: keys.serverShare,
    wrappedIdentity: keys.wrappedIdentity,
    linkSecret: keys.linkSecret,
    ...(keys.codeVerifierDigest ? { codeVerifierDigest: keys.codeVerifierDigest } : {}),
    notification: options.notification ?? {},
    ...(method !== recipient.method ? { method } : {}),
    ...(options.phone?.trim() ? { phone: options.phone.trim() } : {}),
  };
  return options.api.request<TransferView>('POST', `/api/transfers/${options.transfer.id}/recipients/${recipient.id}/resend`, { token: options.token, body });
}
