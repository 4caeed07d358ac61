// Every way into the inbox (register, sign-in, reset) ends here: the key this device made or unlocked is remembered
// as the recipient's own, the session and key are held in memory, and the key log is checked for a key for this
// address that the recipient did not make (then the inbox shows a warning).
import { checkOwnKeys } from './key-log-check.ts';
import type { AccountSession } from './inbox-api.ts';
import { setInboxSession, updateInboxSession } from './inbox-session.ts';
import { knownKeys, rememberKey } from './known-keys.ts';

export function startInboxSession(session: AccountSession, identity: string): void {
  rememberKey(session.account.email, session.account.publicKey);
  setInboxSession({ ...session, identity, keyLog: { kind: 'pending' } });
  const token = session.token;
  void checkOwnKeys(token, session.account.email, knownKeys(session.account.email)).then(
    (foreign) => updateInboxSession(token, { keyLog: foreign.length === 0 ? { kind: 'clean' } : { kind: 'foreign', count: foreign.length } }),
    (error: unknown) => {
      console.warn('Sealpost: the key log could not be checked', error);
      updateInboxSession(token, { keyLog: { kind: 'failed' } });
    },
  );
}
