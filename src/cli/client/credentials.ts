// The sender's session (guest verification, valid ~30 days) and personal key pair. The personal key never
// leaves this machine: the server gets only its public half, and each message key is wrapped to it so the
// sender can read their own messages and the replies to them later.
import { generateAgeKeyPair, isIdentityString, recipientOf } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import type { ConfigStore } from './config-store.ts';

export interface SenderSession {
  server: string;
  email: string;
  /** A guest session token, or a staff member's personal access token (`sppat_…`). */
  token: string;
  /** null: a personal token without expiry. */
  expiresAt: string | null;
  /** Absent in files written before staff sign-in existed: a guest. */
  kind?: 'guest' | 'staff';
  /** Staff: the personal token's public id (for `sealpost logout`) and name. */
  tokenId?: string;
  tokenName?: string;
}

export const isStaffSession = (session: SenderSession): boolean => session.kind === 'staff';

export interface PendingLogin {
  server: string;
  email: string;
}

const SESSION = 'session.json';
const PENDING = 'pending-login.json';
const KEY = 'personal-key.txt';

export async function loadPersonalKey(store: ConfigStore): Promise<{ identity: string; recipient: string } | undefined> {
  const text = (await store.readText(KEY))?.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (text === undefined) return undefined;
  if (!isIdentityString(text)) throw new SealpostError('SP_ERR_CONFIG_INVALID', { message: `${store.dir}/${KEY} does not hold an age identity` });
  return { identity: text, recipient: await recipientOf(text) };
}

/** The existing personal key, or a new X25519 one (the server accepts age1… recipients). Kept across logins. */
export async function ensurePersonalKey(store: ConfigStore): Promise<{ identity: string; recipient: string }> {
  const existing = await loadPersonalKey(store);
  if (existing) return existing;
  const pair = await generateAgeKeyPair({ postQuantum: false });
  await store.writeText(KEY, `# Sealpost personal key: opens your sent messages and their replies. Keep it secret.\n# public key: ${pair.recipient}\n${pair.identity}\n`);
  return pair;
}

export const savePendingLogin = (store: ConfigStore, pending: PendingLogin): Promise<void> => store.writeJson(PENDING, pending);
export const loadPendingLogin = (store: ConfigStore): Promise<PendingLogin | undefined> => store.readJson<PendingLogin>(PENDING);
export const clearPendingLogin = (store: ConfigStore): Promise<void> => store.remove(PENDING);
export const saveSession = (store: ConfigStore, session: SenderSession): Promise<void> => store.writeJson(SESSION, session);
export const clearSession = (store: ConfigStore): Promise<void> => store.remove(SESSION);
export const loadSession = (store: ConfigStore): Promise<SenderSession | undefined> => store.readJson<SenderSession>(SESSION);

/** The stored session, refusing a missing or expired one with the command to run. */
export async function requireSession(store: ConfigStore, now: Date = new Date()): Promise<SenderSession> {
  const session = await store.readJson<SenderSession>(SESSION);
  if (!session) {
    throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'Not logged in: run `sealpost login --server URL` (staff) or `sealpost login --server URL --email ADDRESS` (guest) first' });
  }
  if (session.expiresAt !== null && new Date(session.expiresAt).getTime() <= now.getTime()) {
    if (isStaffSession(session)) throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: `Your personal token for ${session.email} has expired: run \`sealpost login --server ${session.server}\` again` });
    throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: `Your verification for ${session.email} has expired: run \`sealpost login --server ${session.server} --email ${session.email}\` again` });
  }
  return session;
}
