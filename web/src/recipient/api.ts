// The recipient side of the transfer API, as the browser calls it: the client core's (src/client/recipient-api.ts)
// on this page's origin.
import { createRecipientApi as createCoreRecipientApi, type RecipientApi } from '../../../src/client/recipient-api.ts';
import { webApi } from '../api/client.ts';

export type { CodeSent, CreatedReply, RecipientApi, RecipientLanding, SendReplyBody, VerifyResponse } from '../../../src/client/recipient-api.ts';

export function createRecipientApi(recipientId: string): RecipientApi {
  return createCoreRecipientApi(webApi, recipientId);
}
