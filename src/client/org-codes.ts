// Organisation-wide and a sender's own remembered access codes (docs/directory.md), on the device: the organisation
// key is fetched wrapped and opened with the personal key, created by the first member who needs it, and passed on
// to colleagues still waiting; codes are sealed before a send and opened when compose starts from a remembered one.
// One implementation for the web app and the CLI.
import { fromBase64Url, generateOrgKey, openAccessCode, openOrgKeyWrap, sealAccessCode, toBase64Url, wrapOrgKey } from '../crypto/index.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError, hasCode } from './api-error.ts';

/** GET /api/account/org-key. */
export interface OrgKeyResponse {
  orgId: string;
  publicKey: string | null;
  wrap: string | null;
  pending: Array<{ userId: string; email: string; publicKey: string }>;
}

/** The organisation key opened on this device. */
export interface HeldOrgKey {
  orgId: string;
  publicKey: string;
  identity: string;
}

export interface PersonalKeyPair {
  identity: string;
  recipient: string;
}

/**
 * The organisation key as this member holds it: undefined when the organisation has none yet or no colleague has
 * passed it on to this member. A wrap that does not open or is bound elsewhere throws (the server changed it).
 */
export async function loadOrgKey(api: ApiClient, personal: PersonalKeyPair, token = ''): Promise<{ held?: HeldOrgKey; view: OrgKeyResponse }> {
  const view = await api.request<OrgKeyResponse>('GET', '/api/account/org-key', { token });
  if (view.publicKey === null || view.wrap === null) return { view };
  const identity = await openOrgKeyWrap({ wrapped: fromBase64Url(view.wrap), personalIdentity: personal.identity, orgId: view.orgId, publicKey: view.publicKey });
  return { held: { orgId: view.orgId, publicKey: view.publicKey, identity }, view };
}

/** The key, made here when the organisation has none yet (a colleague's device racing us wins: we then use theirs). */
export async function ensureOrgKey(api: ApiClient, personal: PersonalKeyPair): Promise<HeldOrgKey | undefined> {
  const loaded = await loadOrgKey(api, personal);
  if (loaded.held || loaded.view.publicKey !== null) return loaded.held;
  const key = await generateOrgKey();
  const wrap = toBase64Url(await wrapOrgKey({ orgId: loaded.view.orgId, identity: key.identity, memberRecipient: personal.recipient }));
  try {
    await api.request<void>('POST', '/api/account/org-key', { body: { publicKey: key.recipient, wrap } });
  } catch (error) {
    if (hasCode(error, 'SP_ERR_CONFLICT')) return (await loadOrgKey(api, personal)).held;
    throw error;
  }
  return { orgId: loaded.view.orgId, publicKey: key.recipient, identity: key.identity };
}

/**
 * Wraps the held key for the colleagues the server lists as waiting. The list of their public keys is the server's
 * word, as for every personal-key flow (docs/security.md "Organisation key"). Returns how many were wrapped.
 */
export async function passOnOrgKey(api: ApiClient, held: HeldOrgKey, pending: OrgKeyResponse['pending']): Promise<number> {
  if (pending.length === 0) return 0;
  const wraps = [];
  for (const member of pending) {
    wraps.push({ userId: member.userId, publicKey: member.publicKey, wrap: toBase64Url(await wrapOrgKey({ orgId: held.orgId, identity: held.identity, memberRecipient: member.publicKey })) });
  }
  // The route takes at most 100 wraps a request (a large organisation's first hand-over takes a few).
  for (let i = 0; i < wraps.length; i += 100) await api.request<void>('POST', '/api/account/org-key/wraps', { body: { wraps: wraps.slice(i, i + 100) } });
  return wraps.length;
}

/** A remembered code as GET /api/sender/recipient-preferences returns it. */
export interface RememberedCode {
  email: string;
  source: 'directory' | 'sender';
  codeSealed: string | null;
}

/**
 * Opens a remembered code: the organisation's with the organisation key, the sender's own with their personal key.
 * Null when there is none or this device cannot open it (no organisation key held yet).
 */
export async function openRememberedCode(pref: RememberedCode, keys: { senderEmail: string; personal: PersonalKeyPair; org?: HeldOrgKey | undefined }): Promise<string | null> {
  if (!pref.codeSealed) return null;
  const sealed = fromBase64Url(pref.codeSealed);
  if (pref.source === 'directory') {
    return keys.org ? openAccessCode({ sealed, identity: keys.org.identity, owner: { orgId: keys.org.orgId }, email: pref.email }) : null;
  }
  return openAccessCode({ sealed, identity: keys.personal.identity, owner: { senderEmail: keys.senderEmail }, email: pref.email });
}

/** The sealed forms of one recipient's code: always for the sender, and for the organisation when it is remembered there. */
export async function sealRecipientCode(p: { email: string; code: string; senderEmail: string; personal: PersonalKeyPair; org?: HeldOrgKey | undefined }): Promise<{ ownCodeSealed: string; codeSealed?: string }> {
  const ownCodeSealed = toBase64Url(await sealAccessCode({ owner: { senderEmail: p.senderEmail }, email: p.email, code: p.code, recipient: p.personal.recipient }));
  if (!p.org) return { ownCodeSealed };
  const codeSealed = toBase64Url(await sealAccessCode({ owner: { orgId: p.org.orgId }, email: p.email, code: p.code, recipient: p.org.publicKey }));
  return { ownCodeSealed, codeSealed };
}

/** GET /api/org/org-key (admins). */
interface RotationSource {
  publicKey: string | null;
  codes: Array<{ entryId: string; email: string; codeSealed: string }>;
  members: Array<{ userId: string; email: string; publicKey: string }>;
}

/**
 * Rotates the organisation key on this (admin's) device: a new key pair, every code of the directory opened with the
 * old key and sealed to the new one, the new key wrapped for every current member; the server swaps all of it at once.
 * A code that does not open (changed, or bound elsewhere) is left out, so the server clears it. Returns the counts.
 */
export async function rotateOrgKey(api: ApiClient, personal: PersonalKeyPair): Promise<{ resealed: number; cleared: number; members: number }> {
  const { held } = await loadOrgKey(api, personal);
  if (!held) throw new ApiError('SP_ERR_FORBIDDEN', 403, { reason: 'org_key_not_held' }, { message: 'This device does not hold the organisation key' });
  const source = await api.request<RotationSource>('GET', '/api/org/org-key');
  const next = await generateOrgKey();
  const codes = [];
  for (const c of source.codes) {
    try {
      const code = await openAccessCode({ sealed: fromBase64Url(c.codeSealed), identity: held.identity, owner: { orgId: held.orgId }, email: c.email });
      codes.push({ entryId: c.entryId, codeSealed: toBase64Url(await sealAccessCode({ owner: { orgId: held.orgId }, email: c.email, code, recipient: next.recipient })) });
    } catch {
      // Not openable with the current key: cleared by the server rather than carried over unreadable.
    }
  }
  const wraps = [];
  for (const m of source.members) wraps.push({ userId: m.userId, publicKey: m.publicKey, wrap: toBase64Url(await wrapOrgKey({ orgId: held.orgId, identity: next.identity, memberRecipient: m.publicKey })) });
  const { cleared } = await api.request<{ cleared: number }>('POST', '/api/org/org-key/rotation', { body: { previousPublicKey: held.publicKey, publicKey: next.recipient, wraps, codes } });
  return { resealed: codes.length, cleared, members: wraps.length };
}
