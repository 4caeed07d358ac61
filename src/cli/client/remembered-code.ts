// `sealpost send --verify code` without a code (docs/cli.md): the access code remembered for each recipient — the
// organisation's (opened with the organisation key, which opens with the personal key: staff type the password, or
// SEALPOST_PASSWORD_FILE) or the sender's own from last time (a guest's personal key is on this machine).
import type { ApiClient } from '../../client/api-client.ts';
import { hasCode } from '../../client/api-error.ts';
import { loadOrgKey, openRememberedCode, type HeldOrgKey, type PersonalKeyPair, type RememberedCode } from '../../client/org-codes.ts';
import { SealpostError } from '../../core/errors.ts';
import type { CliIo } from '../cli-io.ts';
import type { ConfigStore } from './config-store.ts';
import { isStaffSession, loadPersonalKey, type SenderSession } from './credentials.ts';
import { staffPublicKey, unlockStaffKeys } from './staff-key.ts';

export interface ReusedCode {
  code: string;
  source: 'directory' | 'sender';
  /** The code as sealed on file: the sender's own is sent back with the message so it stays remembered. */
  sealed: string;
}

async function personalKeyOf(io: CliIo, api: ApiClient, store: ConfigStore, session: SenderSession): Promise<PersonalKeyPair | undefined> {
  if (!isStaffSession(session)) return loadPersonalKey(store);
  const identity = (await unlockStaffKeys(io, api, session.token, session.email))?.[0];
  return identity === undefined ? undefined : { identity, recipient: await staffPublicKey(api, session.token) };
}

/** The remembered code for each address; an address without one is named in a usage-style refusal. */
export async function rememberedCodes(io: CliIo, api: ApiClient, store: ConfigStore, session: SenderSession, emails: string[]): Promise<Map<string, ReusedCode>> {
  const prefs: RememberedCode[] = [];
  const missing: string[] = [];
  for (const email of emails) {
    const pref = await api.request<RememberedCode>('GET', `/api/sender/recipient-preferences?email=${encodeURIComponent(email)}`, { token: session.token }).catch((error: unknown) => {
      if (hasCode(error, 'SP_ERR_NOT_FOUND')) return undefined;
      throw error;
    });
    if (pref?.codeSealed) prefs.push({ ...pref, email });
    else missing.push(email);
  }
  const refuse = (who: string[], why: string) => new SealpostError('SP_ERR_VALIDATION', { message: `${why} for ${who.join(', ')}: pass --verify code:SECRET`, details: { reason: 'accessCodeMissing', recipients: who } });
  if (missing.length > 0) throw refuse(missing, 'No access code is remembered');
  const personal = await personalKeyOf(io, api, store, session);
  if (!personal) throw refuse(emails, 'Your personal key is needed to open the remembered access code (set SEALPOST_PASSWORD_FILE or run on a terminal)');
  let org: HeldOrgKey | undefined;
  if (isStaffSession(session) && prefs.some((p) => p.source === 'directory')) org = (await loadOrgKey(api, personal, session.token)).held;
  const codes = new Map<string, ReusedCode>();
  for (const pref of prefs) {
    const code = await openRememberedCode(pref, { senderEmail: session.email, personal, org });
    if (code === null) throw refuse([pref.email], 'Your organisation has not passed its key on to you yet, so its access code does not open here');
    codes.set(pref.email, { code, source: pref.source, sealed: pref.codeSealed as string });
  }
  return codes;
}
