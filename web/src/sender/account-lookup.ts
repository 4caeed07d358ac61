// Compose: is a recipient registered (docs/recipient-accounts.md)? Asked once per added address through the client
// core's key-log check, so "Account (strongest)" is offered only for a key the log vouches for. A failed check is
// shown on the recipient (`failed`) and holds the send until the sender chooses a method themselves: never a quiet
// fall back to a weaker method.
import { keyLogCheckpoints } from './key-log-checkpoint.ts';
import type { SenderAccess } from './sender-access.ts';

export type AccountLookup = 'registered' | 'none' | 'failed';

export async function lookupAccount(access: SenderAccess, email: string): Promise<AccountLookup> {
  try {
    // The key-log check needs the crypto chunk: loaded when the first address is added, not with the first page.
    const { accountKeyOf } = await import('../../../src/client/account-recipients.ts');
    const key = await accountKeyOf({ api: access.api, token: access.token, checkpoints: keyLogCheckpoints }, email);
    return key ? 'registered' : 'none';
  } catch {
    return 'failed';
  }
}
