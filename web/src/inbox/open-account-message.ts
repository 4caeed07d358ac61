// Opening a message sent to the account (method `account`): the server answers like a verification but with no
// server share, and the message key is an age file to the account's key, opened here with the unlocked identity.
// The key is opened by the client core (src/client/account-keys.ts); nothing is shown unless the key and the manifest
// authenticate (the same rule as src/client/open-message.ts).
import { ApiError } from '../api/client.ts';
import { base64ToBytes } from '../../../src/client/base64.ts';
import type { OpenedMessage } from '../recipient/open-message.ts';
import { openAccountMessageKey } from '../../../src/client/account-keys.ts';
import { inboxApi } from './inbox-api.ts';

const crypto = () => import('../../../src/crypto/index.ts');

export async function openAccountMessage(options: { token: string; recipientId: string; accountIdentity: string }): Promise<OpenedMessage> {
  const opened = await inboxApi.open(options.token, options.recipientId);
  const { isCryptoError, openManifest } = await crypto();
  try {
    const identity = await openAccountMessageKey(opened, options.accountIdentity);
    const manifest = await openManifest({ sealed: base64ToBytes(opened.manifest), identity, messageId: opened.transferId });
    // The message view reads the verification's answer; an account message has no server share, and nothing uses it.
    return { verified: { ...opened, serverShare: '' }, identity, manifest };
  } catch (error) {
    if (isCryptoError(error)) throw new ApiError('SP_ERR_DECRYPT', 400, undefined, { message: 'The message key could not be opened with this account key; nothing was shown', cause: error });
    throw error;
  }
}
