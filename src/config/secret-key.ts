import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SealpostError } from '../core/errors.ts';

export const SECRET_KEY_FILE = 'secret.key';

export interface ResolvedSecretKey {
  key: Uint8Array;
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

/**
 * The server key seals link secrets while they wait in the mail outbox. It must live outside the database,
 * so a database dump alone opens nothing: taken from SECRET_KEY, or generated once into the data dir (0600).
 */
export function resolveSecretKey(options: { secretKey?: string; dataDir: string }): ResolvedSecretKey {
  if (options.secretKey) return { key: decodeKey(options.secretKey, 'SECRET_KEY'), source: 'environment' };
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  try {
    return { key: decodeKey(readFileSync(file, 'utf8').trim(), file), source: 'file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const encoded = generateSecretKey();
  try {
    // 'wx' so two processes starting at once cannot overwrite each other's key.
    writeFileSync(file, `${encoded}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecretKey(options);
    throw error;
  }
  return { key: decodeKey(encoded, file), source: 'generated', file };
}

export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

function decodeKey(encoded: string, where: string): Uint8Array {
  const key = Buffer.from(encoded, 'base64url');
  if (key.length !== 32 || key.toString('base64url') !== encoded) {
    const fix = where === 'SECRET_KEY' ? 'set SECRET_KEY to the output of `sealpost admin secret-key`' : 'restore this file from your backup, or set SECRET_KEY';
    throw new SealpostError('SP_ERR_CONFIG_INVALID', { message: `${where}: the secret key must be 32 bytes in base64url; ${fix}` });
  }
  return new Uint8Array(key);
}
