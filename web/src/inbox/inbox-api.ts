// The recipient-account API on this page's origin: the client core's typed calls (src/client/recipient-account-api.ts)
// over the app's one fetch client, and the types the inbox pages use. Failures are ApiError with the server's code.
import { webApi } from '../api/client.ts';
import { createRecipientAccountApi, type RecipientAccountResetResponse, type RecipientAccountSession, type RecipientInboxItem } from '../../../src/client/recipient-account-api.ts';

export type AccountSession = RecipientAccountSession;
export type InboxItem = RecipientInboxItem;
export type LostMessage = RecipientAccountResetResponse['lost'][number];

/** A new key made on this device: the public half and the identity wrapped under the password (base64url). */
export interface NewKey {
  publicKey: string;
  wrappedIdentity: string;
}

export const inboxApi = createRecipientAccountApi(webApi);
