// A staff member's personal key on the command line. Sending needs only its public half (the sender's copy is
// encrypted to it); reading one's sent items and their replies needs the private half, which the server keeps only
// wrapped under the password: it is fetched and unwrapped here with the password typed on the terminal (no echo) or
// read from SEALPOST_PASSWORD_FILE, and kept in memory only for this command.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromBase64Url, isCryptoError, unlockPersonalKey } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { CliIo } from '../cli-io.ts';
import { canPrompt, promptSecret } from './prompt.ts';

interface StoredKey {
  publicKey: string;
  wrappedByPassword: string;
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
 * The private half, unwrapped with the account password; undefined when no password can be had (not a terminal and
 * no SEALPOST_PASSWORD_FILE). A wrong password is refused with a clear message.
 */
export async function unlockStaffKey(io: CliIo, api: ApiClient, token: string, email: string): Promise<string | undefined> {
  const key = await fetchKey(api, token);
  const password = await readPassword(io, `Password for ${email} (opens your personal key): `);
  if (password === undefined) return undefined;
  try {
    return await unlockPersonalKey({ wrappedIdentity: fromBase64Url(key.wrappedByPassword), password });
  } catch (error) {
    if (isCryptoError(error)) throw new SealpostError('SP_ERR_DECRYPT', { message: 'The password does not open your personal key', cause: error });
    throw error;
  }
}
