// Downloads one file of a message to disk through the client core's download pipeline (src/client/download.ts).
// Plaintext goes to a hidden temporary name and is renamed to the real name only after the last chunk
// authenticated, so a tampered, truncated or recalled download never leaves a file that looks complete. The name
// is the manifest's, made safe by the sanitiser the web app uses too.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isCryptoError, nativeChunkCipher, type ManifestFile } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { safeFileName } from '../../core/text/file-name.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { openPlainFile } from '../../client/download.ts';
import { coalesce } from '../../client/coalesce.ts';

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** `name`, or `name (1).ext`, `name (2).ext`, … if taken: never overwrite something already there. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

export async function downloadToFile(options: {
  api: ApiClient;
  /** API path of the ciphertext, e.g. /api/r/<rid>/files/<fileId>. */
  path: string;
  token: string;
  identity: string;
  slot: ManifestFile;
  outDir: string;
  /** Ciphertext bytes received. */
  onBytes?: (n: number) => void;
}): Promise<string> {
  const name = safeFileName(options.slot.name);
  const temp = path.join(options.outDir, `.${name}.${randomBytes(6).toString('hex')}.sealpost-part`);
  try {
    const plain = await openPlainFile({
      open: (offset) => options.api.stream(options.path, { token: options.token, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) }),
      identity: options.identity, slot: options.slot, cipher: nativeChunkCipher, onCiphertext: options.onBytes,
    });
    await pipeline(Readable.from(coalesce(plain), { objectMode: false }), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(temp, { force: true });
    if (isCryptoError(error)) {
      throw new SealpostError('SP_ERR_DECRYPT', { message: `"${name}" was altered or does not belong to this message; nothing was saved`, cause: error });
    }
    if (error instanceof SealpostError) throw error;
    throw new SealpostError('SP_ERR_UNAVAILABLE', { message: `The download of "${name}" was interrupted; nothing was saved`, cause: error });
  }
  const final = await freeName(options.outDir, name);
  await rename(temp, final);
  return final;
}
