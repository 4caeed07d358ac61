// A staff member's personal key on the command line. Sending needs only its public half (the sender's copy is
// encrypted to it); reading one's sent items and their replies needs the private half, which the server keeps only
// wrapped under the password: it is fetched and unwrapped here with the password typed on the terminal (no echo) or
// read from SEALPOST_PASSWORD_FILE, and kept in memory only for this command.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromBase64Url, isCryptoError, openRestoredKey, unlockPersonalKey } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { CliIo } from '../cli-io.ts';
import type { ConfigStore } from './config-store.ts';
import { isStaffSession, loadPersonalKey, type SenderSession } from './credentials.ts';
import { canPrompt, promptSecret } from './prompt.ts';

interface StoredKey {
  publicKey: string;
  wrappedByPassword: string;
  /** Earlier keys an admin restored, wrapped to this one (docs/accounts.md, "Organisation recovery key"). */
  restoredKeys?: Array<{ publicKey: string; wrapped: string }>;
}

async function fetchKey(api: ApiClient, token: string): Promise<StoredKey> {
  try {
    return await api.request<StoredKey>('GET', '/api/account/personal-key', { token });
  } catch (error) {
    if (error instanceof SealpostError && error.code === 'SP_ERR_NOT_FOUND') {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'Your account has no personal key yet: sign in once in the browser to set it up', cause: error });
    }
    throw error;
  }
}

/** The public half of the account's personal key (what the server has now: a key replaced in the browser is picked up). */
export async function staffPublicKey(api: ApiClient, token: string): Promise<string> {
  return (await fetchKey(api, token)).publicKey;
}

/** The password from SEALPOST_PASSWORD_FILE, else asked on the terminal; undefined when neither is possible. */
async function readPassword(io: CliIo, question: string): Promise<string | undefined> {
  const file = io.env.SEALPOST_PASSWORD_FILE;
  if (file) {
    const text = await readFile(path.resolve(io.cwd, file), 'utf8').catch((error: unknown) => {
      throw new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read SEALPOST_PASSWORD_FILE (${file})`, cause: error });
    });
    return text.replace(/\r?\n$/, '');
  }
  return canPrompt(io) ? promptSecret(io, question) : undefined;
}

/**
 * The private half, unwrapped with the account password, followed by the earlier keys an admin restored (their sent
 * items open with them); undefined when no password can be had (not a terminal and no SEALPOST_PASSWORD_FILE). A
 * wrong password is refused with a clear message.
 */
export async function unlockStaffKeys(io: CliIo, api: ApiClient, token: string, email: string): Promise<string[] | undefined> {
  const key = await fetchKey(api, token);
  const password = await readPassword(io, `Password for ${email} (opens your personal key): `);
  if (password === undefined) return undefined;
  let identity: string;
  try {
    identity = await unlockPersonalKey({ wrappedIdentity: fromBase64Url(key.wrappedByPassword), password });
  } catch (error) {
    if (isCryptoError(error)) throw new SealpostError('SP_ERR_DECRYPT', { message: 'The password does not open your personal key', cause: error });
    throw error;
  }
  return [identity, ...(await openRestoredKeys(io, key, identity))];
}

/** Restored keys that open and hold the key the server lists; one that does not is skipped with a warning. */
async function openRestoredKeys(io: CliIo, key: StoredKey, identity: string): Promise<string[]> {
  const earlier: string[] = [];
  for (const restored of key.restoredKeys ?? []) {
    try {
      const opened = await openRestoredKey({ wrapped: fromBase64Url(restored.wrapped), personalIdentity: identity });
      if (opened.publicKey === restored.publicKey) earlier.push(opened.identity);
      else io.stderr.write(`warning: a restored key holds another key than ${restored.publicKey}; skipped\n`);
    } catch (error) {
      if (!isCryptoError(error)) throw error;
      io.stderr.write(`warning: the restored key ${restored.publicKey} does not open (${error.message}); skipped\n`);
    }
  }
  return earlier;
}

/**
 * The keys this command opens the sender's own items with: staff, the account's key unwrapped with the password and
 * the restored earlier ones; a guest, the key kept on this machine. Undefined when there is none to use.
 */
export async function personalIdentities(io: CliIo, api: ApiClient, store: ConfigStore, session: SenderSession): Promise<string[] | undefined> {
  if (isStaffSession(session)) return unlockStaffKeys(io, api, session.token, session.email);
  const own = await loadPersonalKey(store);
  return own ? [own.identity] : undefined;
}
