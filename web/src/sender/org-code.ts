// Remembered access codes on this page (docs/directory.md): the organisation's, opened with the organisation key
// (fetched wrapped, opened with the staff member's unlocked personal key), and a sender's own, opened with their
// personal key. Before a send every access code is sealed again: to the sender's key always, to the organisation key
// when a staff member remembers it for the organisation (the key is made here if the organisation has none yet).
// The work itself is the client core's (src/client/org-codes.ts), loaded with the crypto only when needed.
import type { HeldOrgKey, PersonalKeyPair, RememberedCode } from '../../../src/client/org-codes.ts';
import type { ComposeDraft } from './send-engine.ts';
import type { SenderAccess } from './sender-access.ts';

const core = () => import('../../../src/client/org-codes.ts');

/** One load per page and personal key: compose asks once per recipient. */
let loaded: { recipient: string; held: Promise<HeldOrgKey | undefined> } | null = null;

async function personalOf(access: SenderAccess): Promise<PersonalKeyPair | undefined> {
  const key = await access.personalKey();
  return key && { identity: key.identity, recipient: key.recipient };
}

/**
 * The organisation key as this staff member holds it, and — at the same time — wrapped for colleagues the server
 * lists as waiting (so a new colleague gets it the next time anyone who holds it writes a message). Guests: none.
 */
export function heldOrgKey(access: SenderAccess, personal: PersonalKeyPair): Promise<HeldOrgKey | undefined> {
  if (access.kind !== 'staff') return Promise.resolve(undefined);
  if (loaded?.recipient !== personal.recipient) {
    const held = core().then(async (c) => {
      const { held: key, view } = await c.loadOrgKey(access.api, personal);
      // Passing the key on must never keep compose from working: a failure is logged (a bug stays visible).
      if (key) await c.passOnOrgKey(access.api, key, view.pending).catch((error: unknown) => console.warn('Sealpost: the organisation key could not be passed on', error));
      return key;
    });
    loaded = { recipient: personal.recipient, held };
    held.catch(() => { loaded = null; });
  }
  return loaded.held;
}

/** Loads the organisation key early on compose (and passes it on); nothing happens for guests or a locked key. */
export async function warmOrgKey(access: SenderAccess): Promise<void> {
  const personal = await personalOf(access);
  if (personal) await heldOrgKey(access, personal).catch((error: unknown) => console.warn('Sealpost: the organisation key could not be loaded', error));
}

/** A remembered code opened here, or on file but not to be opened on this device yet (no colleague passed the key on). */
export type OpenedCode = { state: 'open'; code: string } | { state: 'unavailable' };

/** The remembered code for a preference, opened here; null when none is on file. */
export async function openRemembered(access: SenderAccess, pref: RememberedCode): Promise<OpenedCode | null> {
  if (!pref.codeSealed) return null;
  const personal = await personalOf(access);
  if (!personal) return { state: 'unavailable' };
  const org = pref.source === 'directory' ? await heldOrgKey(access, personal) : undefined;
  if (pref.source === 'directory' && !org) return { state: 'unavailable' };
  const code = await (await core()).openRememberedCode(pref, { senderEmail: access.email, personal, org });
  return code === null ? null : { state: 'open', code };
}

/** The draft with every access code sealed for the sender and, when remembered for the organisation, for it. */
export async function sealDraftCodes(access: SenderAccess, personal: PersonalKeyPair, draft: ComposeDraft): Promise<ComposeDraft> {
  if (!draft.recipients.some((r) => r.method === 'code' && r.accessCode.trim())) return draft;
  const c = await core();
  const forOrg = access.kind === 'staff' && draft.rememberInDirectory === true;
  const org = forOrg ? await c.ensureOrgKey(access.api, personal) : undefined;
  const recipients = [];
  for (const r of draft.recipients) {
    const code = r.accessCode.trim();
    recipients.push(r.method === 'code' && code ? { ...r, ...(await c.sealRecipientCode({ email: r.email, code, senderEmail: access.email, personal, org })) } : r);
  }
  return { ...draft, recipients };
}
